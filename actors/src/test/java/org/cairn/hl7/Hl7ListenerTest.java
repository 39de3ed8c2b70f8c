package org.cairn.hl7;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class Hl7ListenerTest {
    private static ActorTestKit testKit;
    private static final RecordingOrderFeed FEED = new RecordingOrderFeed();
    private static Hl7Listener listener;

    @BeforeAll
    static void start() throws Exception {
        testKit = ActorTestKit.create("hl7-listener-test", ConfigFactory.parseString("pekko.loglevel = WARNING"));
        listener = Hl7Listener.start(testKit.system(), "127.0.0.1", 0, FEED, 4096)
            .toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        listener.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
        testKit.shutdownTestKit();
    }

    /** Reads one MLLP frame from the socket: up to 0x1C 0x0D, without the framing bytes. */
    private static String readFrame(InputStream in) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        int b = in.read();
        assertThat(b).as("start block").isEqualTo(0x0B);
        while ((b = in.read()) != 0x1C) {
            assertThat(b).as("connection closed inside a frame").isNotEqualTo(-1);
            frame.write(b);
        }
        assertThat(in.read()).isEqualTo(0x0D);
        return frame.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void twoMessagesOnOneConnectionAreAnsweredInOrder() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", listener.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            byte[] first = MllpFraming.frame(OrderMessagesTest.ormNewOrder("NW", "SOCK1")
                .getBytes(StandardCharsets.ISO_8859_1));
            byte[] second = MllpFraming.frame(OrderMessagesTest.ormNewOrder("ZZ", "SOCK2")
                .getBytes(StandardCharsets.ISO_8859_1));
            // both at once, the second split across writes: answers must still come one per frame, in order
            out.write(first);
            out.write(second, 0, 10);
            out.flush();
            out.write(second, 10, second.length - 10);
            out.flush();

            Hl7Message ack1 = Hl7Message.parse(readFrame(socket.getInputStream()));
            Hl7Message ack2 = Hl7Message.parse(readFrame(socket.getInputStream()));
            assertThat(ack1.value("MSA", 1, 1, 1, 1)).isEqualTo("AA");
            assertThat(ack1.value("MSA", 2, 1, 1, 1)).isEqualTo("SOCK1");
            assertThat(ack2.value("MSA", 1, 1, 1, 1)).isEqualTo("AE");
            assertThat(ack2.value("MSA", 2, 1, 1, 1)).isEqualTo("SOCK2");
            assertThat(ack2.segment("ERR").orElseThrow().value(3)).isEqualTo("103");
            assertThat(ack1.controlId()).isNotEqualTo(ack2.controlId());

            // garbage and an oversized frame are answered AR and the connection keeps working
            out.write(MllpFraming.frame("not hl7 at all".getBytes(StandardCharsets.ISO_8859_1)));
            out.write(MllpFraming.frame(("MSH|^~\\&|RIS||CAIRN||2024||ORM^O01|HUGE|P|2.5\r"
                + "NTE|1||" + "x".repeat(5000) + "\r").getBytes(StandardCharsets.ISO_8859_1)));
            out.write(MllpFraming.frame(OrderMessagesTest.ormNewOrder("CA", "SOCK3")
                .getBytes(StandardCharsets.ISO_8859_1)));
            out.flush();
            Hl7Message garbage = Hl7Message.parse(readFrame(socket.getInputStream()));
            assertThat(garbage.value("MSA", 1, 1, 1, 1)).isEqualTo("AR");
            Hl7Message huge = Hl7Message.parse(readFrame(socket.getInputStream()));
            assertThat(huge.value("MSA", 1, 1, 1, 1)).isEqualTo("AR");
            assertThat(huge.value("MSA", 2, 1, 1, 1)).isEqualTo("HUGE");
            Hl7Message cancel = Hl7Message.parse(readFrame(socket.getInputStream()));
            assertThat(cancel.value("MSA", 1, 1, 1, 1)).isEqualTo("AA");
        }
        assertThat(FEED.calls()).extracting(RecordingOrderFeed.Call::method).containsExactly("schedule", "cancel");
        assertThat(FEED.calls().get(0).argument(1)).isEqualTo("hl7:RIS");
    }
}
