package org.cairn.blob;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every {@link BlobStore} must do; each implementation's test extends this with one factory method. */
abstract class BlobStoreContract {
    @TempDir
    Path dir;

    abstract BlobStore store(Path dir) throws Exception;

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static StoredBlob put(BlobStore store, byte[] bytes, int chunk) throws Exception {
        try (BlobWriter w = store.newBlob()) {
            for (int at = 0; at < bytes.length; at += chunk) {
                w.write(bytes, at, Math.min(chunk, bytes.length - at));
            }
            return w.commit();
        }
    }

    /** The SHA-256 by coreutils, an implementation independent of the JDK's. */
    static String sha256sum(byte[] bytes, Path dir) throws Exception {
        Path f = Files.write(Files.createTempFile(dir, "content", ".bin"), bytes);
        Process p = new ProcessBuilder("sha256sum", f.toString()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        p.waitFor();
        Files.delete(f);
        return out.substring(0, 64);
    }

    @Test
    void blobsAreNamedBySha256AndReadBackWhole() throws Exception {
        BlobStore store = store(dir.resolve("store"));
        byte[] content = random(3_000_001, 1);
        StoredBlob blob = put(store, content, 65_536);
        assertThat(blob.digest().hex()).isEqualTo(sha256sum(content, dir));
        assertThat(blob.size()).isEqualTo(content.length);
        assertThat(blob.deduplicated()).isFalse();
        assertThat(store.contains(blob.digest())).isTrue();
        assertThat(store.size(blob.digest())).contains((long) content.length);
        try (InputStream in = store.open(blob.digest()).orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        assertThat(store.verify(blob.digest())).isTrue();
    }

    @Test
    void sameContentIsStoredOnce() throws Exception {
        BlobStore store = store(dir.resolve("store"));
        byte[] content = random(10_000, 2);
        StoredBlob first = put(store, content, 1000);
        StoredBlob second = put(store, content, 333);
        assertThat(second.digest()).isEqualTo(first.digest());
        assertThat(second.deduplicated()).isTrue();
    }

    @Test
    void concurrentWritersOfTheSameContentLeaveOneBlob() throws Exception {
        BlobStore store = store(dir.resolve("store"));
        byte[] content = random(200_000, 3);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<StoredBlob>> results = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            results.add(pool.submit(() -> put(store, content, 4096)));
        }
        Digest digest = null;
        int written = 0;
        for (Future<StoredBlob> f : results) {
            StoredBlob b = f.get();
            digest = b.digest();
            written += b.deduplicated() ? 0 : 1;
        }
        pool.shutdown();
        assertThat(written).isBetween(1, 16);
        assertThat(store.verify(digest)).isTrue();
    }

    @Test
    void discardedBlobLeavesNothing() throws Exception {
        BlobStore store = store(dir.resolve("store"));
        byte[] content = random(5000, 4);
        Digest digest;
        try (BlobWriter w = store.newBlob()) {
            w.write(content, 0, content.length);
            assertThat(w.size()).isEqualTo(5000);
        }
        digest = new Digest(sha256sum(content, dir));
        assertThat(store.contains(digest)).isFalse();
        assertThat(store.open(digest)).isEmpty();
    }

    @Test
    void deletedBlobIsGone() throws Exception {
        BlobStore store = store(dir.resolve("store"));
        StoredBlob blob = put(store, random(100, 6), 10);
        assertThat(store.delete(blob.digest())).isTrue();
        assertThat(store.contains(blob.digest())).isFalse();
        assertThat(store.delete(blob.digest())).isFalse();
    }

    @Test
    void emptyBlob() throws Exception {
        BlobStore store = store(dir.resolve("store"));
        StoredBlob empty = put(store, new byte[0], 1);
        assertThat(empty.digest().hex()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }
}
