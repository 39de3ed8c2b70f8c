package org.cairn.blob;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.cairn.durability.GroupSync;

/**
 * A {@link BlobStore} on a local file system: {@code ROOT/sha256/ab/cd/<digest>}, written through
 * {@code ROOT/tmp}. A blob is streamed to a temporary file while it is hashed, forced to disk, renamed atomically
 * to its content address, and the directory holding it is forced too, so that the name survives a crash. Opening
 * the store removes temporary files a crash left behind; content addresses only ever hold complete blobs.
 * Given a {@link GroupSync}, the directory syncs of blobs committed at the same time are made by one flush.
 */
public final class LocalBlobStore implements BlobStore {
    private final Path blobs;
    private final Path tmp;
    private final GroupSync directorySync;

    private LocalBlobStore(Path root, GroupSync directorySync) {
        this.blobs = root.resolve("sha256");
        this.tmp = root.resolve("tmp");
        this.directorySync = directorySync;
    }

    /** Opens (creating if needed) the store under {@code root}, and clears what interrupted writes left. */
    public static LocalBlobStore open(Path root) throws IOException {
        return open(root, null);
    }

    /** As {@link #open(Path)}, with the directory syncs of concurrent commits grouped by {@code directorySync}. */
    public static LocalBlobStore open(Path root, GroupSync directorySync) throws IOException {
        return open(root, directorySync, java.time.Duration.ZERO);
    }

    /**
     * As above, on a blob path other nodes may share: temporary files a crash left behind are deleted only once
     * older than {@code leftoverAge}, since a younger one may be another node's blob being written.
     */
    public static LocalBlobStore open(Path root, GroupSync directorySync, java.time.Duration leftoverAge)
        throws IOException {
        LocalBlobStore store = new LocalBlobStore(root, directorySync);
        Files.createDirectories(store.blobs);
        Files.createDirectories(store.tmp);
        java.time.Instant before = java.time.Instant.now().minus(leftoverAge);
        try (Stream<Path> leftovers = Files.list(store.tmp)) {
            for (Path p : leftovers.toList()) {
                if (olderThan(p, before)) {
                    Files.deleteIfExists(p);
                }
            }
        }
        return store;
    }

    private static boolean olderThan(Path p, java.time.Instant before) {
        try {
            return !Files.getLastModifiedTime(p).toInstant().isAfter(before);
        } catch (IOException gone) {
            return false; // committed or removed meanwhile
        }
    }

    /** Where a digest lives: two levels of fan-out keep directories small. */
    Path pathOf(Digest digest) {
        String hex = digest.hex();
        return blobs.resolve(hex.substring(0, 2)).resolve(hex.substring(2, 4)).resolve(hex);
    }

    @Override
    public BlobWriter newBlob() throws IOException {
        Path file = tmp.resolve(UUID.randomUUID() + ".part");
        return new Writer(file, FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
    }

    @Override
    public boolean contains(Digest digest) {
        return Files.isRegularFile(pathOf(digest));
    }

    @Override
    public Optional<Long> size(Digest digest) throws IOException {
        Path p = pathOf(digest);
        return Files.isRegularFile(p) ? Optional.of(Files.size(p)) : Optional.empty();
    }

    @Override
    public Optional<InputStream> open(Digest digest) throws IOException {
        Path p = pathOf(digest);
        return Files.isRegularFile(p) ? Optional.of(Files.newInputStream(p)) : Optional.empty();
    }

    @Override
    public Optional<Path> file(Digest digest) {
        Path p = pathOf(digest);
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    @Override
    public boolean verify(Digest digest) throws IOException {
        Path p = pathOf(digest);
        if (!Files.isRegularFile(p)) {
            return false;
        }
        MessageDigest sha = Digest.newSha256();
        try (FileChannel in = FileChannel.open(p, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(256 * 1024);
            while (in.read(buffer.clear()) > 0) {
                sha.update(buffer.flip());
            }
        }
        return Digest.of(sha.digest()).equals(digest);
    }

    @Override
    public boolean delete(Digest digest) throws IOException {
        return Files.deleteIfExists(pathOf(digest));
    }

    /** Forces a directory's entries (a new name) to disk. */
    private static void forceDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    private void forceNewName(Path dir) throws IOException {
        if (directorySync == null) {
            forceDirectory(dir);
        } else {
            directorySync.forceAndWait(dir);
        }
    }

    private final class Writer implements BlobWriter {
        private final Path file;
        private final FileChannel channel;
        private final MessageDigest sha = Digest.newSha256();
        private long size;
        private boolean done;

        Writer(Path file, FileChannel channel) {
            this.file = file;
            this.channel = channel;
        }

        @Override
        public void write(ByteBuffer bytes) throws IOException {
            ByteBuffer forHash = bytes.duplicate();
            while (bytes.hasRemaining()) {
                size += channel.write(bytes);
            }
            sha.update(forHash);
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public StoredBlob commit() throws IOException {
            if (done) {
                throw new IllegalStateException("blob already committed or discarded");
            }
            done = true;
            channel.force(false); // the data and the size: what reading it back needs
            channel.close();
            Digest digest = Digest.of(sha.digest());
            Path target = pathOf(digest);
            if (Files.isRegularFile(target)) {
                Files.delete(file);
                return new StoredBlob(digest, size, true);
            }
            Path parent = target.getParent();
            if (!Files.isDirectory(parent)) {
                Files.createDirectories(parent);
                forceDirectory(parent.getParent());
                forceDirectory(parent.getParent().getParent());
            }
            try {
                Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException raced) {
                Files.delete(file); // the same content committed concurrently: one copy is enough
                return new StoredBlob(digest, size, true);
            }
            forceNewName(parent);
            return new StoredBlob(digest, size, false);
        }

        @Override
        public void close() throws IOException {
            if (!done) {
                done = true;
                channel.close();
                Files.deleteIfExists(file);
            }
        }
    }

    /**
     * Deletes every blob whose digest {@code referenced} does not contain: what a crash between committing a blob
     * and journaling its instance leaves behind. Returns how many were deleted. Run it before accepting writes.
     */
    public int deleteUnreferenced(java.util.Set<String> referenced) throws IOException {
        return deleteUnreferenced(referenced, java.time.Duration.ZERO);
    }

    /**
     * As above, sparing blobs younger than {@code minAge}: on a shared blob path another node may have committed a
     * blob whose instance it has not journaled yet (or after {@code referenced} was read).
     */
    public int deleteUnreferenced(java.util.Set<String> referenced, java.time.Duration minAge) throws IOException {
        int deleted = 0;
        java.time.Instant before = java.time.Instant.now().minus(minAge);
        try (Stream<Path> all = Files.walk(blobs)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                if (!referenced.contains(p.getFileName().toString()) && olderThan(p, before)) {
                    Files.delete(p);
                    deleted++;
                }
            }
        }
        return deleted;
    }

    /** For diagnostics: the number of blobs stored. */
    public long count() {
        try (Stream<Path> all = Files.walk(blobs)) {
            return all.filter(Files::isRegularFile).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** For diagnostics and recovery checks: temporary files present now. */
    public long temporaryFiles() {
        try (Stream<Path> all = Files.list(tmp)) {
            return all.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
