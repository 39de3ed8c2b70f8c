package org.cairn.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 300 MiB multi-frame instance, generated as it is read, goes through the ingest of a node whose JVM has a 256 MiB
 * heap: were any stage to hold the instance, the run would end in an OutOfMemoryError instead of "stored".
 */
class LargeFileIngestTest {

    @Test
    void aFileLargerThanTheHeapStreamsThrough(@TempDir Path dataDir) throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process run = new ProcessBuilder(List.of(javaBin, "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-cp", classPath,
            LargeFileIngestRun.class.getName(), dataDir.toString(), "300"))
            .redirectErrorStream(true)
            .redirectOutput(dataDir.resolve("run.log").toFile())
            .start();
        boolean ended = run.waitFor(5, TimeUnit.MINUTES);
        if (!ended) {
            run.destroyForcibly();
        }
        String log = Files.readString(dataDir.resolve("run.log"), StandardCharsets.UTF_8);
        assertThat(ended).as(log).isTrue();
        assertThat(run.exitValue()).as(log).isZero();
        assertThat(log).contains("stored ").contains("600 frames").contains("blob files 1");
    }
}
