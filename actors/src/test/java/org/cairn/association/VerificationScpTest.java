package org.cairn.association;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.cairn.net.pdu.Pdu;
import org.cairn.net.pdu.PduCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Acceptance 1 and 5 of the network issue, against DCMTK's echoscu and raw sockets. */
class VerificationScpTest {
    static DicomNodeFixture node;

    @BeforeAll
    static void start() throws Exception {
        node = new DicomNodeFixture(Map.of("cairn.dicom.ae-titles", List.of("CAIRN", "CAIRN2"),
            "cairn.dicom.artim-timeout", "1s", "cairn.dicom.pdu-read-timeout", "1s"), new VerificationService());
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    record Run(int exit, String output) {
    }

    static Run echoscu(boolean noDelay, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("echoscu"));
        command.addAll(List.of(args));
        command.addAll(List.of("127.0.0.1", Integer.toString(node.port())));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (noDelay) {
            pb.environment().put("TCP_NODELAY", "1");
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    @Test
    void echoscuReachesCairn() throws Exception {
        Run withNoDelay = echoscu(true, "-v", "-aec", "CAIRN", "-aet", "ECHOSCU");
        assertThat(withNoDelay.exit()).as(withNoDelay.output()).isZero();
        assertThat(withNoDelay.output()).contains("Association Accepted").contains("Received Echo Response (Success)");
        Run plain = echoscu(false, "-aec", "CAIRN2", "--repeat", "3");
        assertThat(plain.exit()).as(plain.output()).isZero();
    }

    @Test
    void wrongCalledAeTitleIsRejectedWithReason7() throws Exception {
        Run run = echoscu(true, "-v", "-aec", "NOT_CAIRN");
        assertThat(run.exit()).isNotZero();
        assertThat(run.output()).contains("Association Rejected")
            .containsIgnoringCase("Rejected Permanent").containsIgnoringCase("Called AE Title Not Recognized");
    }

    @Test
    void silentConnectionIsClosedWhenArtimExpires() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", node.port())) {
            socket.setSoTimeout(10_000);
            long start = System.nanoTime();
            assertThat(socket.getInputStream().read()).as("closed without a byte").isEqualTo(-1);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(millis).isBetween(800L, 8_000L);
        }
    }

    @Test
    void peerStallingInsideAPduIsAborted() throws Exception {
        byte[] rq = PduCodec.encode(org.cairn.net.pdu.PduCodecFixtures.echoRequest("CAIRN"));
        try (Socket socket = new Socket("127.0.0.1", node.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(rq, 0, 20); // header and part of the body, then nothing
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] abort = in.readNBytes(10);
            assertThat(abort).hasSize(10);
            assertThat(PduCodec.decode(abort)).isInstanceOf(Pdu.Abort.class);
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void garbageIsAbortedAsAnUnrecognizedPdu() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", node.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(new byte[] {0x42, 0, 0, 0, 0, 2, 1, 2});
            byte[] abort = socket.getInputStream().readNBytes(10);
            assertThat(PduCodec.decode(abort)).isEqualTo(new Pdu.Abort(2, 1));
        }
    }
}
