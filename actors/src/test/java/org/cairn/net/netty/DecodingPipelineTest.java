package org.cairn.net.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.cairn.dicom.dict.UID;
import org.cairn.net.dimse.CommandField;
import org.cairn.net.dimse.Commands;
import org.cairn.net.dimse.DimsePart;
import org.cairn.net.pdu.AbortReason;
import org.cairn.net.pdu.Pdu;
import org.cairn.net.pdu.PduCodec;
import org.cairn.net.pdu.PduCodecFixtures;
import org.junit.jupiter.api.Test;

/** The decoding stages of the DIMSE pipeline together: framing, PDU decoding, DIMSE assembly. */
class DecodingPipelineTest {

    private static EmbeddedChannel channel() {
        return new EmbeddedChannel(new PduFramer(16384, 65536, Duration.ofSeconds(30)), new PduDecoder(),
            new DimseDecoder());
    }

    private static ByteBuf buffer(byte[] bytes, int from, int to) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer(Math.max(1, to - from));
        buf.writeBytes(bytes, from, to - from);
        return buf;
    }

    @Test
    void framesPdusWhateverTheSegmentation() {
        byte[] rq = PduCodec.encode(PduCodecFixtures.echoRequest("CAIRN"));
        byte[] release = PduCodec.encode(new Pdu.ReleaseRequest());
        byte[] stream = new byte[rq.length + release.length];
        System.arraycopy(rq, 0, stream, 0, rq.length);
        System.arraycopy(release, 0, stream, rq.length, release.length);
        for (int segment : new int[] {1, 5, 6, 7, 100, stream.length}) {
            EmbeddedChannel ch = channel();
            for (int at = 0; at < stream.length; at += segment) {
                ch.writeInbound(buffer(stream, at, Math.min(stream.length, at + segment)));
            }
            assertThat((Object) ch.readInbound()).isInstanceOf(Pdu.AssociateRequest.class);
            assertThat((Object) ch.readInbound()).isInstanceOf(Pdu.ReleaseRequest.class);
            assertThat((Object) ch.readInbound()).isNull();
            assertThat(ch.finish()).isFalse();
        }
    }

    @Test
    void oversizedAndUnknownPdusBecomeValues() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(buffer(new byte[] {0x04, 0, 0, 1, 0, 0}, 0, 6)); // P-DATA-TF of 65536 bytes > 16384
        assertThat((Object) ch.readInbound()).isEqualTo(new InvalidPdu(AbortReason.INVALID_PDU_PARAMETER_VALUE,
            "PDU of 65536 bytes exceeds the maximum of 16384"));
        ch.writeInbound(buffer(new byte[] {1, 2, 3}, 0, 3)); // ignored once failed
        assertThat((Object) ch.readInbound()).isNull();
        EmbeddedChannel other = channel();
        other.writeInbound(buffer(new byte[] {0x1F, 0, 0, 0, 0, 0}, 0, 6));
        assertThat(((InvalidPdu) other.readInbound()).reason()).isEqualTo(AbortReason.UNRECOGNIZED_PDU);
        ch.finishAndReleaseAll();
        other.finishAndReleaseAll();
    }

    @Test
    void leakWatchReportsAnUnreleasedBuffer() {
        try (LeakWatch leaks = new LeakWatch()) {
            leakOne();
            List<String> reported = List.of();
            for (int i = 0; i < 20 && reported.isEmpty(); i++) {
                reported = leaks.leaks();
            }
            assertThat(reported).isNotEmpty();
        }
    }

    private static void leakOne() {
        PooledByteBufAllocator.DEFAULT.buffer(64).writeInt(42); // never released, then unreachable
    }

    @Test
    void pdataBecomesDimseParts() {
        EmbeddedChannel ch = channel();
        byte[] command = Commands.encode(Commands.request(CommandField.C_STORE_RQ, 1, UID.CTImageStorage, true));
        byte[] pdu = PduCodec.encode(new Pdu.PData(List.of(new Pdu.Pdv(1, true, true, command),
            new Pdu.Pdv(1, false, false, new byte[] {1, 2}), new Pdu.Pdv(1, false, true, new byte[] {3, 4}))));
        ch.writeInbound(buffer(pdu, 0, pdu.length));
        assertThat((Object) ch.readInbound()).isInstanceOf(DimsePart.Command.class);
        assertThat(((DimsePart.DataFragment) ch.readInbound()).last()).isFalse();
        assertThat(((DimsePart.DataFragment) ch.readInbound()).last()).isTrue();
        byte[] stray = PduCodec.encode(new Pdu.PData(List.of(new Pdu.Pdv(1, false, true, new byte[2]))));
        ch.writeInbound(buffer(stray, 0, stray.length));
        assertThat(((InvalidPdu) ch.readInbound()).reason()).isEqualTo(AbortReason.UNEXPECTED_PDU_PARAMETER);
        assertThat(ch.finish()).isFalse();
    }

    /** Acceptance 3 (decoding stages): 100,000 mutated PDU streams, no escaping exception, no leaked buffer. */
    @Test
    void mutatedStreamsEndInPdusOrAnInvalidPduWithoutLeaks() {
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(PduCodec.encode(PduCodecFixtures.echoRequest("CAIRN")));
        seeds.add(PduCodec.encode(new Pdu.PData(List.of(new Pdu.Pdv(1, true, true, new byte[80])))));
        seeds.add(PduCodec.encode(new Pdu.ReleaseRequest()));
        seeds.add(PduCodec.encode(new Pdu.Abort(0, 0)));
        seeds.add(PduCodec.encode(new Pdu.AssociateReject(1, 1, 7)));
        SplittableRandom random = new SplittableRandom(3);
        int invalid = 0;
        int pdus = 0;
        try (LeakWatch leaks = new LeakWatch()) {
            for (int i = 0; i < 100_000; i++) {
                byte[] b = seeds.get(i % seeds.size()).clone();
                for (int m = 0, n = 1 + random.nextInt(3); m < n; m++) {
                    int at = random.nextInt(b.length);
                    switch (random.nextInt(3)) {
                        case 0 -> b[at] = (byte) random.nextInt(256);
                        case 1 -> b = java.util.Arrays.copyOf(b, Math.max(1, at));
                        default -> b[at] ^= (byte) 0xFF;
                    }
                }
                EmbeddedChannel ch = channel();
                int at = 0;
                while (at < b.length) {
                    int n = 1 + random.nextInt(b.length - at);
                    ch.writeInbound(buffer(b, at, at + n));
                    at += n;
                }
                for (Object o = ch.readInbound(); o != null; o = ch.readInbound()) {
                    if (o instanceof InvalidPdu) {
                        invalid++;
                    } else {
                        assertThat(o).isInstanceOfAny(Pdu.class, DimsePart.class);
                        pdus++;
                    }
                }
                ch.finishAndReleaseAll();
            }
            assertThat(leaks.leaks()).isEmpty();
        }
        assertThat(invalid).isPositive();
        assertThat(pdus).isPositive();
    }
}
