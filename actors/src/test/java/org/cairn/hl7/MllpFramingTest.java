package org.cairn.hl7;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MllpFramingTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** Feeds the stream one byte at a time, as the worst TCP segmentation would. */
    private static List<MllpFrame> byteByByte(MllpFraming framing, byte[] stream) {
        List<MllpFrame> frames = new ArrayList<>();
        for (byte b : stream) {
            frames.addAll(framing.feed(new byte[] {b}));
        }
        return frames;
    }

    private static String text(MllpFrame frame) {
        assertThat(frame).isInstanceOf(MllpFrame.Message.class);
        return new String(((MllpFrame.Message) frame).bytes(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void framesAreFoundByteByByteAndNoiseIsDropped() {
        byte[] stream = concat(bytes("noise\r\n"), MllpFraming.frame(bytes("MSH|1\rPID|1\r")), bytes("\r\n"),
            MllpFraming.frame(bytes("MSH|2\r")));
        MllpFraming framing = new MllpFraming(100);
        List<MllpFrame> frames = byteByByte(framing, stream);
        assertThat(frames).hasSize(2);
        assertThat(text(frames.get(0))).isEqualTo("MSH|1\rPID|1\r");
        assertThat(text(frames.get(1))).isEqualTo("MSH|2\r");
        assertThat(framing.inFrame()).isFalse();
    }

    @Test
    void framesAreFoundInOneChunkAndAcrossChunks() {
        byte[] stream = concat(MllpFraming.frame(bytes("A1")), MllpFraming.frame(bytes("B22")),
            MllpFraming.frame(bytes("C333")));
        MllpFraming whole = new MllpFraming(100);
        assertThat(whole.feed(stream)).extracting(MllpFramingTest::text).containsExactly("A1", "B22", "C333");

        for (int split = 0; split <= stream.length; split++) {
            MllpFraming framing = new MllpFraming(100);
            List<MllpFrame> frames = new ArrayList<>(framing.feed(stream, 0, split));
            frames.addAll(framing.feed(stream, split, stream.length - split));
            assertThat(frames).as("split at " + split).extracting(MllpFramingTest::text)
                .containsExactly("A1", "B22", "C333");
        }
    }

    @Test
    void anEndBlockWithoutCarriageReturnStillEndsTheFrame() {
        byte[] stream = concat(new byte[] {0x0B}, bytes("X"), new byte[] {0x1C, 0x0B}, bytes("Y"),
            new byte[] {0x1C, 0x0D});
        assertThat(new MllpFraming(10).feed(stream)).extracting(MllpFramingTest::text).containsExactly("X", "Y");
    }

    @Test
    void aStartBlockInsideAFrameStartsOver() {
        byte[] stream = concat(new byte[] {0x0B}, bytes("half a mess"), MllpFraming.frame(bytes("whole")));
        assertThat(byteByByte(new MllpFraming(100), stream)).extracting(MllpFramingTest::text)
            .containsExactly("whole");
    }

    @Test
    void anOversizedFrameIsReportedWithItsFirstLineAndTheStreamResyncs() {
        String big = "MSH|^~\\&|RIS||CAIRN||2024||ORM^O01|BIG1|P|2.5\r" + "OBX|".repeat(100) + "\r";
        byte[] stream = concat(MllpFraming.frame(bytes(big)), MllpFraming.frame(bytes("MSH|next\r")));
        MllpFraming framing = new MllpFraming(64);
        List<MllpFrame> frames = byteByByte(framing, stream);
        assertThat(frames).hasSize(2);
        MllpFrame.Oversized oversized = (MllpFrame.Oversized) frames.get(0);
        assertThat(oversized.size()).isEqualTo(big.length());
        assertThat(new String(oversized.head(), StandardCharsets.ISO_8859_1))
            .isEqualTo("MSH|^~\\&|RIS||CAIRN||2024||ORM^O01|BIG1|P|2.5");
        assertThat(text(frames.get(1))).isEqualTo("MSH|next\r");

        // the same in one chunk
        List<MllpFrame> atOnce = new MllpFraming(64).feed(stream);
        assertThat(atOnce.get(0)).isInstanceOf(MllpFrame.Oversized.class);
        assertThat(((MllpFrame.Oversized) atOnce.get(0)).head()).isEqualTo(oversized.head());
        assertThat(text(atOnce.get(1))).isEqualTo("MSH|next\r");
    }

    @Test
    void aMessageOfExactlyTheLimitIsKept() {
        MllpFraming framing = new MllpFraming(5);
        assertThat(framing.feed(MllpFraming.frame(bytes("12345")))).extracting(MllpFramingTest::text)
            .containsExactly("12345");
        assertThat(framing.feed(MllpFraming.frame(bytes("123456")))).singleElement()
            .isInstanceOf(MllpFrame.Oversized.class);
        assertThatThrownBy(() -> new MllpFraming(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anUnfinishedFrameYieldsNothingYet() {
        MllpFraming framing = new MllpFraming(100);
        assertThat(framing.feed(concat(new byte[] {0x0B}, bytes("MSH|")))).isEmpty();
        assertThat(framing.inFrame()).isTrue();
        assertThat(framing.feed(new byte[] {0x1C, 0x0D})).extracting(MllpFramingTest::text).containsExactly("MSH|");
    }
}
