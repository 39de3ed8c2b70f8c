package org.cairn.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cairn.dicom.testing.HeaderScan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance: a generated 1 GB multi-frame file is parsed to the end of its header, and to its end with the pixel
 * data skipped, by a JVM limited to 64 MB of heap.
 */
class LargeFileTest {
    static final int FRAMES = 2048;
    static final long PIXEL_BYTES = (long) FRAMES * 512 * 512 * 2;

    @Test
    void oneGigabyteMultiFrameParsesWith64MbHeap(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("multiframe-1g.dcm");
        long headerBytes = org.cairn.dicom.testing.GeneratedFiles.multiFrame(file, FRAMES);
        assertThat(Files.size(file)).isEqualTo(headerBytes + PIXEL_BYTES);

        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx64m", "-cp", System.getProperty("java.class.path"), HeaderScan.class.getName(), file.toString())
            .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        List<String> lines = output.lines().toList();
        assertThat(lines.get(0)).startsWith("header frames=" + FRAMES + " rows=512 stopped=true");
        assertThat(lines.get(1)).contains("end=" + Files.size(file)).contains("pixelKept=0");
        long maxHeap = Long.parseLong(lines.get(1).replaceAll(".*maxHeap=", ""));
        assertThat(maxHeap).isLessThanOrEqualTo(64L << 20);
        long valueBytes = Long.parseLong(lines.get(1).replaceAll(".*valueBytes=(\\d+).*", "$1"));
        assertThat(valueBytes).isGreaterThan(PIXEL_BYTES);
    }

}
