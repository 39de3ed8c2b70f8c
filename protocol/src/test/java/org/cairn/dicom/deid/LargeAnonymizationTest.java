package org.cairn.dicom.deid;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Acceptance: a 2 GiB multi-frame instance, generated as it is read, is de-identified by a JVM limited to 64 MB of
 * heap, its pixel data passing through byte for byte (same CRC-32) and what follows it cleaned.
 */
class LargeAnonymizationTest {
    static final int FRAMES = 4096;
    static final long PIXEL_BYTES = (long) FRAMES * LargeAnonymizationRun.FRAME_BYTES;

    @Test
    void twoGigabytesOfPixelDataPassThroughA64MbHeap() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx64m", "-cp", System.getProperty("java.class.path"), LargeAnonymizationRun.class.getName(),
            Integer.toString(FRAMES)).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(10, TimeUnit.MINUTES)).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        Map<String, String> found = new HashMap<>();
        for (String pair : output.strip().lines().reduce((a, b) -> b).orElseThrow().split(" ")) {
            String[] kv = pair.split("=", 2);
            found.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        assertThat(Long.parseLong(found.get("pixelBytesIn"))).isEqualTo(PIXEL_BYTES);
        assertThat(found.get("pixelBytesOut")).isEqualTo(found.get("pixelBytesIn"));
        assertThat(found.get("pixelPlaceholder")).isEqualTo(found.get("pixelBytesIn"));
        assertThat(found.get("crcOut")).isEqualTo(found.get("crcIn"));
        assertThat(found.get("patientName")).isEqualTo("SUBJECT^1");
        assertThat(found.get("institution")).isEqualTo(Anonymizer.DUMMY_TEXT);
        assertThat(found.get("patientId")).isEqualTo("P1");
        assertThat(found.get("identityRemoved")).isEqualTo("YES");
        assertThat(found.get("sopInstanceUid")).isEqualTo(found.get("resultSop")).startsWith("2.25.");
        assertThat(found.get("afterPixels")).as("private data and padding after pixel data removed").isEmpty();
        assertThat(found.get("bytesParsed")).isEqualTo(found.get("bytesWritten"));
        assertThat(Long.parseLong(found.get("maxHeap"))).isLessThanOrEqualTo(64L << 20);
        assertThat(Long.parseLong(found.get("peakHeap"))).isLessThan(PIXEL_BYTES / 32);
    }
}
