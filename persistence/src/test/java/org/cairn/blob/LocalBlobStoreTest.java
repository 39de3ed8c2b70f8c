package org.cairn.blob;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LocalBlobStoreTest extends BlobStoreContract {

    @Override
    BlobStore store(Path dir) throws Exception {
        return LocalBlobStore.open(dir);
    }

    @Test
    void layoutIsShardedByDigest() throws Exception {
        LocalBlobStore store = LocalBlobStore.open(dir.resolve("store"));
        StoredBlob blob = put(store, "hello".getBytes(), 2);
        String hex = blob.digest().hex();
        assertThat(dir.resolve("store/sha256").resolve(hex.substring(0, 2)).resolve(hex.substring(2, 4)).resolve(hex))
            .isRegularFile().hasContent("hello");
    }

    @Test
    void corruptionIsDetected() throws Exception {
        LocalBlobStore store = LocalBlobStore.open(dir.resolve("store"));
        StoredBlob blob = put(store, random(1000, 5), 100);
        Path file = store.pathOf(blob.digest());
        byte[] bytes = Files.readAllBytes(file);
        bytes[500] ^= 1;
        Files.write(file, bytes);
        assertThat(store.verify(blob.digest())).isFalse();
    }

    /** A JVM killed with SIGKILL while writing leaves a temporary file, which reopening the store removes. */
    @Test
    void killedWriterLeavesNothingAfterReopening() throws Exception {
        Path root = dir.resolve("store");
        Process victim = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), SlowWriter.class.getName(), root.toString())
            .redirectErrorStream(true).start();
        assertThat(new String(victim.getInputStream().readNBytes(8))).isEqualTo("writing\n");
        Thread.sleep(300);
        victim.destroyForcibly(); // SIGKILL: no shutdown hooks, no close
        assertThat(victim.waitFor(10, TimeUnit.SECONDS)).isTrue();
        try (var tmp = Files.list(root.resolve("tmp"))) {
            assertThat(tmp.count()).as("the interrupted write is still there").isEqualTo(1);
        }
        LocalBlobStore reopened = LocalBlobStore.open(root);
        assertThat(reopened.temporaryFiles()).isZero();
        assertThat(reopened.count()).isZero();
    }

    /** Run by the crash test: writes forever, slowly, never commits. */
    public static final class SlowWriter {
        public static void main(String[] args) throws Exception {
            BlobWriter w = LocalBlobStore.open(Path.of(args[0])).newBlob();
            System.out.println("writing");
            System.out.flush();
            byte[] chunk = new byte[64 * 1024];
            while (true) {
                w.write(chunk, 0, chunk.length);
                Thread.sleep(5);
            }
        }
    }
}
