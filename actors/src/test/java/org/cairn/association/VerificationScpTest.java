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
        // ARTIM longer than the PDU stall timeout: a stalled A-ASSOCIATE-RQ must meet the stall (an A-ABORT), not
        // the ARTIM timer (a plain close), which at equal timeouts won now and then
        node = new DicomNodeFixture(Map.of("cairn.dicom.ae-titles", List.of("CAIRN", "CAIRN2"),
            "cairn.dicom.artim-timeout", "2s", "cairn.dicom.pdu-read-timeout", "1s"), new VerificationService());
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

    /** Opens an association on a raw socket and returns the socket (the A-ASSOCIATE-AC read). */
    private static Socket associate() throws Exception {
        Socket socket = new Socket("127.0.0.1", node.port());
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write(PduCodec.encode(org.cairn.net.pdu.PduCodecFixtures.echoRequest("CAIRN")));
        InputStream in = socket.getInputStream();
        byte[] header = in.readNBytes(6);
        byte[] body = in.readNBytes((int) PduCodec.declaredLength(header, 0));
        assertThat(PduCodec.decode(concat(header, body))).isInstanceOf(Pdu.AssociateAccept.class);
        return socket;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static Pdu readPdu(InputStream in) throws Exception {
        byte[] header = in.readNBytes(6);
        return PduCodec.decode(concat(header, in.readNBytes((int) PduCodec.declaredLength(header, 0))));
    }

    @Test
    void aSlowButSteadyPduIsNotTakenForAStall() throws Exception {
        org.cairn.dicom.DataSet echo = org.cairn.net.dimse.Commands.request(org.cairn.net.dimse.CommandField.C_ECHO_RQ,
            7, org.cairn.dicom.dict.UID.Verification, false);
        echo.putString(org.cairn.dicom.dict.Tag.AffectedSOPInstanceUID, org.cairn.dicom.Vr.UI, "1.2." + "3".repeat(2_000));
        byte[] pdu = PduCodec.encode(new Pdu.PData(List.of(new Pdu.Pdv(1, true, true,
            org.cairn.net.dimse.Commands.encode(echo)))));
        try (Socket socket = associate()) {
            OutputStream out = socket.getOutputStream();
            for (int at = 0; at < pdu.length; at += 100) { // about 3 s for one PDU, with a 1 s stall timeout
                out.write(pdu, at, Math.min(100, pdu.length - at));
                out.flush();
                Thread.sleep(150);
            }
            Pdu response = readPdu(socket.getInputStream());
            assertThat(response).isInstanceOf(Pdu.PData.class);
            org.cairn.dicom.DataSet rsp = org.cairn.net.dimse.Commands.decode(((Pdu.PData) response).values().get(0).data());
            assertThat(org.cairn.net.dimse.Commands.status(rsp)).isZero();
        }
    }

    @Test
    void aDataSetAServiceDoesNotTakeIsAborted() throws Exception {
        byte[] command = org.cairn.net.dimse.Commands.encode(org.cairn.net.dimse.Commands.request(
            org.cairn.net.dimse.CommandField.C_ECHO_RQ, 1, org.cairn.dicom.dict.UID.Verification, true));
        try (Socket socket = associate()) {
            socket.getOutputStream().write(PduCodec.encode(new Pdu.PData(List.of(new Pdu.Pdv(1, true, true, command),
                new Pdu.Pdv(1, false, true, new byte[] {8, 0, 0x60, 0, 0, 0, 0, 0})))));
            InputStream in = socket.getInputStream();
            Pdu answer = readPdu(in);
            if (answer instanceof Pdu.PData) {
                answer = readPdu(in); // the echo response to the command may come first
            }
            assertThat(answer).isEqualTo(new Pdu.Abort(2, org.cairn.net.pdu.AbortReason.UNEXPECTED_PDU_PARAMETER));
        }
    }
}
