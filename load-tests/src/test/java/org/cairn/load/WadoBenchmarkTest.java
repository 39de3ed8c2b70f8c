package org.cairn.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The benchmark's check that a WADO-RS study response holds every instance: its multipart part counter. */
class WadoBenchmarkTest {
    private static final String BOUNDARY = "cairn-0f3c";

    @Test
    void countsThePartsOfABodyReadOneByteAtATime() throws IOException {
        byte[] body = body("--" + BOUNDARY + "\r\nContent-Type: application/dicom\r\n\r\n", "DICM\r\n--cairn-0f3", "\r\n",
            "--" + BOUNDARY + "\r\nContent-Type: application/dicom\r\n\r\n", "\r\r\n-", "\r\n",
            "--" + BOUNDARY + "\r\nContent-Type: application/dicom\r\n\r\n", "third", "\r\n",
            "--" + BOUNDARY + "--\r\n");

        WadoBenchmark.MultipartCount count = WadoBenchmark.countParts(oneByteAtATime(body), BOUNDARY);

        assertThat(count.parts()).isEqualTo(3);
        assertThat(count.bytes()).isEqualTo(body.length);
    }

    @Test
    void countsPartsAfterAPreamble() throws IOException {
        byte[] body = body("a preamble\r\n--" + BOUNDARY + "\r\n\r\n", "only", "\r\n--" + BOUNDARY + "--");

        assertThat(WadoBenchmark.countParts(new ByteArrayInputStream(body), BOUNDARY).parts()).isEqualTo(1);
    }

    @Test
    void refusesABodyCutBeforeItsClosingDelimiter() {
        byte[] body = body("--" + BOUNDARY + "\r\n\r\n", "first", "\r\n--" + BOUNDARY + "\r\n\r\n", "cut sh");

        assertThatThrownBy(() -> WadoBenchmark.countParts(new ByteArrayInputStream(body), BOUNDARY))
            .isInstanceOf(IOException.class).hasMessageContaining("closing delimiter");
    }

    private static byte[] body(String... pieces) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String p : pieces) {
            out.writeBytes(p.getBytes(StandardCharsets.ISO_8859_1));
        }
        return out.toByteArray();
    }

    /** Hands out one byte per read, so that every delimiter straddles reads. */
    private static InputStream oneByteAtATime(byte[] bytes) {
        return new FilterInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(1, len));
            }
        };
    }
}
