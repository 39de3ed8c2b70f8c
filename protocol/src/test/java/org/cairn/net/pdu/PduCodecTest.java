package org.cairn.net.pdu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.cairn.dicom.dict.UID;
import org.junit.jupiter.api.Test;

class PduCodecTest {

    static Pdu.AssociateRequest fullRequest() {
        UserInformation ui = new UserInformation(16384, "1.2.3.4.5", "TEST_1",
            new UserInformation.AsyncOperations(4, 2),
            List.of(new UserInformation.RoleSelection(UID.CTImageStorage, true, true)),
            List.of(new UserInformation.ExtendedNegotiation(UID.StudyRootQueryRetrieveInformationModelFind,
                new byte[] {1, 1, 0})),
            List.of(new UserInformation.CommonExtendedNegotiation(UID.CTImageStorage, "1.2.840.10008.4.2",
                List.of("1.2.840.10008.5.1.4.1.1.2.1"))),
            new UserInformation.UserIdentity(2, true, "alice".getBytes(StandardCharsets.UTF_8),
                "secret".getBytes(StandardCharsets.UTF_8)), null);
        return new Pdu.AssociateRequest(1, "CAIRN", "MODALITY", "1.2.840.10008.3.1.1.1", List.of(
            new PresentationContextRequest(1, UID.Verification, List.of(UID.ImplicitVRLittleEndian)),
            new PresentationContextRequest(3, UID.CTImageStorage,
                List.of(UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian, UID.JPEG2000))), ui);
    }

    static List<Pdu> everyPdu() {
        return List.of(fullRequest(),
            new Pdu.AssociateAccept(1, "CAIRN", "MODALITY", "1.2.840.10008.3.1.1.1", List.of(
                new PresentationContextResult(1, 0, UID.ImplicitVRLittleEndian),
                new PresentationContextResult(3, 4, null)),
                new UserInformation(32768, "1.2.3", "CAIRN", new UserInformation.AsyncOperations(1, 1), List.of(),
                    List.of(), List.of(), null, "ticket".getBytes(StandardCharsets.US_ASCII))),
            new Pdu.AssociateReject(1, 1, 7),
            new Pdu.PData(List.of(new Pdu.Pdv(1, true, true, new byte[] {1, 2, 3}),
                new Pdu.Pdv(3, false, false, new byte[0]))),
            new Pdu.ReleaseRequest(), new Pdu.ReleaseResponse(), new Pdu.Abort(2, 6));
    }

    @Test
    void everyPduAndItemRoundTrips() {
        for (Pdu pdu : everyPdu()) {
            byte[] bytes = PduCodec.encode(pdu);
            Pdu decoded = PduCodec.decode(bytes);
            assertThat(PduCodec.encode(decoded)).as(pdu.getClass().getSimpleName()).isEqualTo(bytes);
            assertThat(decoded.getClass()).isEqualTo(pdu.getClass());
        }
        Pdu.AssociateRequest rq = (Pdu.AssociateRequest) PduCodec.decode(PduCodec.encode(fullRequest()));
        assertThat(rq.calledAeTitle()).isEqualTo("CAIRN");
        assertThat(rq.presentationContexts().get(1).transferSyntaxes()).hasSize(3);
        UserInformation ui = rq.userInformation();
        assertThat(ui.maximumLength()).isEqualTo(16384);
        assertThat(ui.asyncOperations()).isEqualTo(new UserInformation.AsyncOperations(4, 2));
        assertThat(ui.roleSelections()).containsExactly(new UserInformation.RoleSelection(UID.CTImageStorage, true, true));
        assertThat(ui.extendedNegotiations().get(0).applicationInformation()).containsExactly(1, 1, 0);
        assertThat(ui.commonExtendedNegotiations().get(0).relatedGeneralSopClassUids()).hasSize(1);
        assertThat(new String(ui.userIdentity().secondaryField(), StandardCharsets.UTF_8)).isEqualTo("secret");
        assertThat(ui.implementationVersionName()).isEqualTo("TEST_1");
    }

    @Test
    void wireLayoutFollowsPs38() {
        byte[] rj = PduCodec.encode(new Pdu.AssociateReject(1, 1, 7));
        assertThat(rj).containsExactly(0x03, 0, 0, 0, 0, 4, 0, 1, 1, 7);
        byte[] release = PduCodec.encode(new Pdu.ReleaseRequest());
        assertThat(release).containsExactly(0x05, 0, 0, 0, 0, 4, 0, 0, 0, 0);
        byte[] pdata = PduCodec.encode(new Pdu.PData(List.of(new Pdu.Pdv(1, true, true, new byte[] {9}))));
        assertThat(pdata).containsExactly(0x04, 0, 0, 0, 0, 7, 0, 0, 0, 3, 1, 3, 9);
        byte[] rq = PduCodec.encode(fullRequest());
        assertThat(new String(rq, 10, 16, StandardCharsets.US_ASCII)).isEqualTo("CAIRN           ");
    }

    @Test
    void unknownTypeAndBadLengthsAreAbortReasons() {
        assertThatThrownBy(() -> PduCodec.decode(new byte[] {0x09, 0, 0, 0, 0, 0}))
            .isInstanceOf(PduException.class)
            .satisfies(e -> assertThat(((PduException) e).abortReason()).isEqualTo(AbortReason.UNRECOGNIZED_PDU));
        assertThatThrownBy(() -> PduCodec.decode(new byte[] {0x04, 0, 0, 0, 0, 6, 0, 0, 0, 9, 1, 3}))
            .isInstanceOf(PduException.class)
            .satisfies(e -> assertThat(((PduException) e).abortReason()).isEqualTo(AbortReason.INVALID_PDU_PARAMETER_VALUE));
    }

    /** Acceptance (codec level): 100,000 mutated PDU byte streams end in a PDU or a PduException, nothing else. */
    @Test
    void mutatedPdusDecodeOrFailWithAnAbortReason() {
        List<byte[]> seeds = everyPdu().stream().map(PduCodec::encode).toList();
        SplittableRandom random = new SplittableRandom(8);
        int decoded = 0;
        int rejected = 0;
        for (int i = 0; i < 100_000; i++) {
            byte[] b = seeds.get(i % seeds.size()).clone();
            int mutations = 1 + random.nextInt(4);
            for (int m = 0; m < mutations; m++) {
                int at = random.nextInt(b.length);
                switch (random.nextInt(4)) {
                    case 0 -> b[at] = (byte) random.nextInt(256);
                    case 1 -> b = java.util.Arrays.copyOf(b, Math.max(1, at));
                    case 2 -> b[at] = (byte) 0xFF;
                    default -> b[at] ^= 0x80;
                }
            }
            // keep the header's length consistent half of the time, so the item parsers get exercised
            if (b.length >= 6 && random.nextBoolean()) {
                long length = b.length - 6;
                b[2] = (byte) (length >>> 24);
                b[3] = (byte) (length >>> 16);
                b[4] = (byte) (length >>> 8);
                b[5] = (byte) length;
            }
            try {
                PduCodec.decode(b);
                decoded++;
            } catch (PduException expected) {
                rejected++;
            }
        }
        assertThat(decoded + rejected).isEqualTo(100_000);
        assertThat(decoded).isPositive();
        assertThat(rejected).isPositive();
    }
}
