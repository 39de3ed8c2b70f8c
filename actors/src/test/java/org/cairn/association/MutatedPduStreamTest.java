package org.cairn.association;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.cairn.net.dimse.CommandField;
import org.cairn.net.dimse.Commands;
import org.cairn.net.netty.LeakWatch;
import org.cairn.net.pdu.Pdu;
import org.cairn.net.pdu.PduCodec;
import org.cairn.net.pdu.PduCodecFixtures;
import org.cairn.dicom.dict.UID;
import org.junit.jupiter.api.Test;

/**
 * Acceptance 3 (whole node): mutated PDU streams over real sockets each end in an A-ABORT or a closed connection;
 * afterwards no association holds a slot (no stuck actor) and Netty found no leaked buffer.
 */
class MutatedPduStreamTest {

    @Test
    void everyMutatedConversationEndsAndLeavesNothingBehind() throws Exception {
        try (LeakWatch leaks = new LeakWatch();
             DicomNodeFixture node = new DicomNodeFixture(Map.of("cairn.dicom.artim-timeout", "1s",
                 "cairn.dicom.pdu-read-timeout", "1s", "cairn.dicom.idle-timeout", "2s"), new VerificationService())) {
            byte[] associate = PduCodec.encode(PduCodecFixtures.echoRequest("CAIRN"));
            byte[] echo = PduCodec.encode(new Pdu.PData(List.of(new Pdu.Pdv(1, true, true,
                Commands.encode(Commands.request(CommandField.C_ECHO_RQ, 1, UID.Verification, false))))));
            byte[] release = PduCodec.encode(new Pdu.ReleaseRequest());
            byte[] conversation = concat(concat(associate, echo), release);
            ExecutorService peers = Executors.newFixedThreadPool(32);
            List<Future<String>> outcomes = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                SplittableRandom random = new SplittableRandom(1000 + i);
                byte[] b = conversation.clone();
                for (int m = 0, n = 1 + random.nextInt(3); m < n; m++) {
                    int at = random.nextInt(b.length);
                    if (random.nextInt(4) == 0) {
                        b = java.util.Arrays.copyOf(b, Math.max(1, at));
                    } else {
                        b[at] = (byte) random.nextInt(256);
                    }
                }
                byte[] stream = b;
                outcomes.add(peers.submit(() -> converse(node.port(), stream)));
            }
            List<String> stuck = new ArrayList<>();
            for (Future<String> f : outcomes) {
                String outcome = f.get();
                if (outcome.startsWith("stuck")) {
                    stuck.add(outcome);
                }
            }
            peers.shutdown();
            assertThat(stuck).isEmpty();
            long deadline = System.currentTimeMillis() + 10_000;
            while (node.server.openAssociations() > 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertThat(node.server.openAssociations()).as("association slots still held").isZero();
            assertThat(leaks.leaks()).isEmpty();
        }
    }

    /** Sends the stream and reads until the node closes; "stuck" if it neither aborts nor closes in 8 s. */
    private static String converse(int port, byte[] stream) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(8_000);
            try {
                socket.getOutputStream().write(stream);
            } catch (java.io.IOException closedEarly) {
                return "closed while writing";
            }
            InputStream in = socket.getInputStream();
            try {
                while (in.read() >= 0) {
                    // responses, an A-ABORT, an A-RELEASE-RP: all end with the node closing
                }
                return "closed";
            } catch (SocketTimeoutException e) {
                return "stuck: neither abort nor close";
            } catch (java.io.IOException reset) {
                return "reset";
            }
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
