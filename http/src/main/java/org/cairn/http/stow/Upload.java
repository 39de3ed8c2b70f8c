package org.cairn.http.stow;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.pekko.http.javadsl.model.Multipart;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.StreamConverters;
import org.apache.pekko.util.ByteString;
import org.cairn.ingest.InstanceIngest;

/**
 * One upload request's work: files, form parts and ZIP entries handed to the ingest one after another, each read as
 * it arrives, with their results collected in {@link #results}.
 *
 * <p>A ZIP archive is read with {@link ZipInputStream} over the streamed body (its local headers, in order; the
 * central directory at the end is not needed), so neither the archive nor an entry is held in memory. Directories,
 * {@code __MACOSX/} entries, {@code .DS_Store} files and DICOMDIRs are skipped. Against zip bombs, an entry that
 * inflates beyond {@code cairn.stow.max-instance-size} is rejected and the archive is read no further (inflating the
 * rest only to skip it would be the bomb's work), as is an archive of more than {@code cairn.stow.max-zip-entries}
 * entries: the upload then answers 413 with what was done before.
 */
final class Upload {
    private static final int CHUNK = 64 * 1024;

    final UploadResults results = new UploadResults();
    private final InstanceIngest ingest;
    private final StowSettings settings;
    private final String source;
    private final Executor blocking;
    private final Materializer materializer;
    /** Why the upload stopped early because of a limit (answered 413), or null. */
    private volatile String stopped;

    Upload(InstanceIngest ingest, StowSettings settings, String source, Executor blocking, Materializer materializer) {
        this.ingest = ingest;
        this.settings = settings;
        this.source = source;
        this.blocking = blocking;
        this.materializer = materializer;
    }

    /** Why the upload stopped at a limit before its end, if it did. */
    Optional<String> stopped() {
        return Optional.ofNullable(stopped);
    }

    /** One Part 10 file. */
    CompletionStage<Void> file(String name, Source<ByteString, ?> bytes) {
        return ingest.storeFile(bytes, source, null, settings.maxInstanceBytes())
            .thenAccept(outcome -> results.add(name, outcome));
    }

    /**
     * A {@code multipart/form-data} body: each file part is a Part 10 file, or a ZIP archive when its type or name
     * says so; parts that are plain form fields (no file name, a text type) are skipped.
     */
    CompletionStage<Void> form(Multipart.FormData form) {
        return form.getParts()
            .takeWhile(part -> stopped == null)
            .mapAsync(1, part -> {
                Optional<String> filename = part.getFilename();
                String type = MultipartBodies.mediaType(part.getEntity().getContentType());
                Source<ByteString, ?> bytes = part.getEntity().getDataBytes();
                if (filename.isEmpty() && type.startsWith("text/")) {
                    results.skip();
                    return bytes.runWith(Sink.ignore(), materializer).thenApply(done -> (Void) null);
                }
                String name = filename.orElse(part.getName());
                return isZip(type, name) ? zip(name + "/", bytes) : file(name, bytes);
            })
            .runWith(Sink.ignore(), materializer)
            .thenApply(done -> null);
    }

    static boolean isZip(String mediaType, String name) {
        return mediaType.equals("application/zip") || mediaType.equals("application/x-zip-compressed")
            || name.toLowerCase(Locale.ROOT).endsWith(".zip");
    }

    /**
     * A ZIP archive, its entries named {@code prefix} + their path in it. Fails when the archive cannot be read (a
     * broken or encrypted archive, a STORED entry with a data descriptor, which ZipInputStream cannot delimit).
     */
    CompletionStage<Void> zip(String prefix, Source<ByteString, ?> bytes) {
        InputStream body = bytes.runWith(StreamConverters.asInputStream(settings.requestTimeout()), materializer);
        ZipInputStream zip = new ZipInputStream(body);
        return nextEntry(prefix, zip, 1).whenComplete((done, failure) -> {
            try {
                zip.close(); // also cancels what is left of the body, when the archive was not read to its end
            } catch (IOException e) {
                // nothing more to read from it in any case
            }
        });
    }

    private CompletionStage<Void> nextEntry(String prefix, ZipInputStream zip, int number) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return Optional.ofNullable(zip.getNextEntry());
            } catch (IOException | IllegalArgumentException e) { // IllegalArgumentException: a name not in UTF-8
                throw new CompletionException(new IOException("unreadable ZIP archive: " + e.getMessage(), e));
            }
        }, blocking).thenCompose(next -> {
            if (next.isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            if (number > settings.maxZipEntries()) {
                stopped = "the archive has more than " + settings.maxZipEntries() + " entries: the rest was not read";
                return CompletableFuture.completedFuture(null);
            }
            ZipEntry entry = next.get();
            String name = prefix + entry.getName();
            BoundedEntry data = new BoundedEntry(zip, settings.maxInstanceBytes());
            CompletionStage<Void> read;
            if (isSkipped(entry)) {
                results.skip();
                read = CompletableFuture.runAsync(data::drain, blocking);
            } else {
                read = ingest.storeFile(StreamConverters.fromInputStream(() -> data, CHUNK), source, null,
                    settings.maxInstanceBytes()).thenAccept(outcome -> {
                        if (!data.exceeded()) {
                            results.add(name, outcome);
                        }
                    });
            }
            return read.thenCompose(done -> {
                if (data.exceeded()) {
                    results.reject(name, "larger than " + settings.maxInstanceBytes() + " bytes once inflated");
                    stopped = name + " inflates beyond " + settings.maxInstanceBytes()
                        + " bytes: the archive was not read further";
                    return CompletableFuture.completedFuture(null);
                }
                return nextEntry(prefix, zip, number + 1);
            });
        });
    }

    /** Directories, macOS resource forks and Finder files, DICOMDIRs: not instances to store. */
    static boolean isSkipped(ZipEntry entry) {
        String name = entry.getName();
        String base = name.substring(name.lastIndexOf('/') + 1);
        return entry.isDirectory() || name.startsWith("__MACOSX/") || name.contains("/__MACOSX/")
            || base.equals(".DS_Store") || base.equalsIgnoreCase("DICOMDIR");
    }

    /**
     * The current entry of a ZIP stream, ended by an IOException once more than {@code limit} bytes came out of it;
     * closing it leaves the archive open for the next entry.
     */
    private static final class BoundedEntry extends FilterInputStream {
        private final long limit;
        private long read;
        private volatile boolean exceeded;

        BoundedEntry(ZipInputStream zip, long limit) {
            super(zip);
            this.limit = limit;
        }

        boolean exceeded() {
            return exceeded;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, (int) Math.min(len, limit - read + 1));
            if (n > 0) {
                read += n;
                if (read > limit) {
                    exceeded = true;
                    throw new IOException("the entry inflates beyond " + limit + " bytes");
                }
            }
            return n;
        }

        /** Reads the entry to its end (or to the limit), keeping nothing. */
        void drain() {
            byte[] buffer = new byte[CHUNK];
            try {
                while (read(buffer, 0, buffer.length) >= 0) {
                    // skipped
                }
            } catch (IOException e) {
                if (!exceeded) {
                    throw new CompletionException(e);
                }
            }
        }

        @Override
        public void close() {
            // the archive stays open: the next entry follows
        }
    }
}
