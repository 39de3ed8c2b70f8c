package org.cairn.http.stow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cairn.blob.LocalBlobStore;
import org.cairn.dicom.DataElement;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.DicomJson;
import org.cairn.dicom.DicomWriter;
import org.cairn.dicom.TransferSyntax;
import org.cairn.dicom.Values;
import org.cairn.dicom.Vr;
import org.cairn.dicom.dict.Tag;
import org.cairn.dicom.dict.UID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A STOW-RS request carrying a 300 MiB multi-frame instance, generated as it is sent, to a node whose JVM has a
 * 256 MiB heap: the multipart body, the part and the instance all stream (had anything held the instance, the server
 * would have died of an OutOfMemoryError instead of answering 200).
 */
class LargeStowTest {
    private static final int FRAME_BYTES = 512 * 512 * 2;
    private static final int FRAMES = 600;

    @Test
    void aStudyLargerThanTheServersHeapStreamsThrough(@TempDir Path dataDir) throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process server = new ProcessBuilder(List.of(javaBin, "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-cp",
            classPath, "-Dcairn.corpus=unused", LargeStowServer.class.getName(), dataDir.toString()))
            .redirectErrorStream(true).start();
        try {
            BufferedReader output = new BufferedReader(new InputStreamReader(server.getInputStream(),
                StandardCharsets.UTF_8));
            String line;
            int port = -1;
            StringBuilder log = new StringBuilder();
            while ((line = output.readLine()) != null) {
                log.append(line).append('\n');
                if (line.startsWith("port ")) {
                    port = Integer.parseInt(line.substring(5).trim());
                    break;
                }
            }
            assertThat(port).as(log.toString()).isPositive();
            Thread drain = new Thread(() -> output.lines().forEach(l -> { }));
            drain.setDaemon(true);
            drain.start();

            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/dicom-web/studies"))
                .timeout(Duration.ofMinutes(5)).header("Content-Type", Bodies.STOW_TYPE)
                .POST(HttpRequest.BodyPublishers.ofInputStream(LargeStowTest::body)).build(),
                HttpResponse.BodyHandlers.ofString());

            assertThat(server.isAlive()).as("the server survived").isTrue();
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            DataSet answer = DicomJson.fromJson(response.body(), uri -> null);
            assertThat(answer.get(Tag.ReferencedSOPSequence).items()).hasSize(1);
        } finally {
            server.getOutputStream().close();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
        LocalBlobStore blobs = LocalBlobStore.open(dataDir.resolve("blobs"));
        assertThat(blobs.count()).isEqualTo(1);
        try (var files = Files.walk(dataDir.resolve("blobs"))) {
            assertThat(files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).max().orElse(0))
                .isGreaterThan((long) FRAMES * FRAME_BYTES);
        }
    }

    /** The multipart body: its one part is a Part 10 file whose pixel data is produced as it is read. */
    private static InputStream body() {
        try {
            DataSet ds = new DataSet()
                .putString(Tag.SOPClassUID, Vr.UI, UID.MultiFrameGrayscaleWordSecondaryCaptureImageStorage)
                .putString(Tag.SOPInstanceUID, Vr.UI, "1.2.826.0.6.1.1")
                .putString(Tag.Modality, Vr.CS, "OT")
                .putString(Tag.StudyInstanceUID, Vr.UI, "1.2.826.0.6")
                .putString(Tag.SeriesInstanceUID, Vr.UI, "1.2.826.0.6.1")
                .putString(Tag.PhotometricInterpretation, Vr.CS, "MONOCHROME2")
                .putString(Tag.NumberOfFrames, Vr.IS, Integer.toString(FRAMES));
            for (int[] us : new int[][] {{Tag.SamplesPerPixel, 1}, {Tag.Rows, 512}, {Tag.Columns, 512},
                {Tag.BitsAllocated, 16}, {Tag.BitsStored, 16}, {Tag.HighBit, 15}, {Tag.PixelRepresentation, 0}}) {
                byte[] value = new byte[2];
                Values.putUint16(value, 0, us[1], false);
                ds.put(DataElement.of(us[0], Vr.US, value));
            }
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            head.writeBytes(("--" + Bodies.BOUNDARY + "\r\nContent-Type: application/dicom\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
            DicomWriter.writeFile(null, DicomWriter.completeMeta(new DataSet(), ds, ts), ds, ts, head);
            byte[] pixelHeader = {(byte) 0xE0, 0x7F, 0x10, 0x00, 'O', 'W', 0, 0, 0, 0, 0, 0};
            Values.putInt32(pixelHeader, 8, FRAMES * FRAME_BYTES, false);
            head.writeBytes(pixelHeader);
            byte[] tail = ("\r\n--" + Bodies.BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII);
            return new SequenceInputStream(Collections.enumeration(List.of(new ByteArrayInputStream(head.toByteArray()),
                new GeneratedBytes((long) FRAMES * FRAME_BYTES), new ByteArrayInputStream(tail))));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** {@code length} bytes of a repeating pattern, made as they are read. */
    private static final class GeneratedBytes extends InputStream {
        private long left;

        GeneratedBytes(long length) {
            this.left = length;
        }

        @Override
        public int read() {
            if (left == 0) {
                return -1;
            }
            left--;
            return (int) (left * 31) & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left == 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            for (int i = 0; i < n; i++) {
                b[off + i] = (byte) ((left - i) * 31);
            }
            left -= n;
            return n;
        }
    }
}
