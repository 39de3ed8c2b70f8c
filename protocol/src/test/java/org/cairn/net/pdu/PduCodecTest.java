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

    // ---- User Identity negotiation (PS3.7 D.3.3.7) ----------------------------------------------------------

    /**
     * An A-ASSOCIATE-RQ or -AC built byte by byte: fixed fields, application context, and a user information item
     * holding a maximum length sub-item and then {@code subItems} as given.
     */
    static byte[] associateWith(int pduType, byte[]... subItems) {
        java.io.ByteArrayOutputStream ui = new java.io.ByteArrayOutputStream();
        ui.writeBytes(new byte[] {0x51, 0, 0, 4, 0, 0, 0x40, 0});
        for (byte[] sub : subItems) {
            ui.writeBytes(sub);
        }
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.writeBytes(new byte[] {0, 1, 0, 0});
        body.writeBytes("CAIRN           MODALITY        ".getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(new byte[32]);
        body.writeBytes(item(0x10, "1.2.840.10008.3.1.1.1".getBytes(StandardCharsets.US_ASCII)));
        body.writeBytes(item(0x50, ui.toByteArray()));
        byte[] b = body.toByteArray();
        java.io.ByteArrayOutputStream pdu = new java.io.ByteArrayOutputStream();
        pdu.writeBytes(new byte[] {(byte) pduType, 0, (byte) (b.length >>> 24), (byte) (b.length >>> 16),
            (byte) (b.length >>> 8), (byte) b.length});
        pdu.writeBytes(b);
        return pdu.toByteArray();
    }

    static byte[] item(int type, byte[] value) {
        byte[] out = new byte[4 + value.length];
        out[0] = (byte) type;
        out[2] = (byte) (value.length >>> 8);
        out[3] = (byte) value.length;
        System.arraycopy(value, 0, out, 4, value.length);
        return out;
    }

    static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    /** Type 2, response requested, "bob", "pw". */
    static final byte[] USER_AND_PASSCODE = bytes(2, 1, 0, 3, 'b', 'o', 'b', 0, 2, 'p', 'w');

    static UserInformation decodedUserInformation(byte[] pdu) {
        Pdu decoded = PduCodec.decode(pdu);
        return decoded instanceof Pdu.AssociateRequest rq ? rq.userInformation()
            : ((Pdu.AssociateAccept) decoded).userInformation();
    }

    static void assertInvalid(byte[] pdu, String messagePart) {
        assertThatThrownBy(() -> PduCodec.decode(pdu))
            .isInstanceOf(PduException.class)
            .hasMessageContaining(messagePart)
            .satisfies(e -> assertThat(((PduException) e).abortReason())
                .isEqualTo(AbortReason.INVALID_PDU_PARAMETER_VALUE));
    }

    @Test
    void userIdentityRequestIsWrittenAsPs37TableD314() {
        var rq = new Pdu.AssociateRequest(1, "CAIRN", "MODALITY", "1.2.840.10008.3.1.1.1", List.of(),
            new UserInformation(16384, null, null, null, List.of(), List.of(), List.of(),
                new UserInformation.UserIdentity(UserInformation.UserIdentity.USERNAME_AND_PASSCODE, true,
                    "bob".getBytes(StandardCharsets.UTF_8), "pw".getBytes(StandardCharsets.UTF_8)), null));
        byte[] encoded = PduCodec.encode(rq);
        assertThat(encoded).isEqualTo(associateWith(PduCodec.A_ASSOCIATE_RQ, item(0x58, USER_AND_PASSCODE)));
        assertThat(decodedUserInformation(encoded).userIdentity()).isEqualTo(rq.userInformation().userIdentity());
    }

    @Test
    void userIdentityServerResponseIsWrittenWithItsLengthEvenWhenEmpty() {
        var ac = new Pdu.AssociateAccept(1, "CAIRN", "MODALITY", "1.2.840.10008.3.1.1.1", List.of(),
            new UserInformation(16384, null, null, null, List.of(), List.of(), List.of(), null, new byte[0]));
        byte[] encoded = PduCodec.encode(ac);
        assertThat(encoded).isEqualTo(associateWith(PduCodec.A_ASSOCIATE_AC, bytes(0x59, 0, 0, 2, 0, 0)));
        assertThat(decodedUserInformation(encoded).userIdentityResponse()).isEmpty();
        byte[] ticket = associateWith(PduCodec.A_ASSOCIATE_AC, item(0x59, bytes(0, 3, 'a', 'b', 'c')));
        assertThat(decodedUserInformation(ticket).userIdentityResponse()).containsExactly('a', 'b', 'c');
    }

    @Test
    void userIdentityWithoutPasscodeAndTokenTypesDecode() {
        var username = decodedUserInformation(associateWith(PduCodec.A_ASSOCIATE_RQ,
            item(0x58, bytes(1, 0, 0, 3, 'b', 'o', 'b', 0, 0)))).userIdentity();
        assertThat(username).isEqualTo(new UserInformation.UserIdentity(1, false, "bob".getBytes(StandardCharsets.UTF_8),
            new byte[0]));
        var emptyPasscode = decodedUserInformation(associateWith(PduCodec.A_ASSOCIATE_RQ,
            item(0x58, bytes(2, 0, 0, 1, 'b', 0, 0)))).userIdentity();
        assertThat(emptyPasscode.secondaryField()).isEmpty();
        var jwt = decodedUserInformation(associateWith(PduCodec.A_ASSOCIATE_RQ,
            item(0x58, bytes(5, 1, 0, 2, 'e', 'y', 0, 0)))).userIdentity();
        assertThat(jwt.type()).isEqualTo(UserInformation.UserIdentity.JSON_WEB_TOKEN);
        // a type the standard does not define yet is not malformed: the acceptor refuses it
        var unknown = decodedUserInformation(associateWith(PduCodec.A_ASSOCIATE_RQ,
            item(0x58, bytes(9, 0, 0, 1, 'x', 0, 0)))).userIdentity();
        assertThat(unknown.type()).isEqualTo(9);
    }

    @Test
    void userIdentityRequestCutAtEveryByteIsAnInvalidParameter() {
        for (int cut = 0; cut < USER_AND_PASSCODE.length; cut++) {
            byte[] value = java.util.Arrays.copyOf(USER_AND_PASSCODE, cut);
            assertInvalid(associateWith(PduCodec.A_ASSOCIATE_RQ, item(0x58, value)), "bytes left");
        }
        // the field lengths run past the sub-item's own length, the rest of the PDU being there
        byte[] primaryTooLong = bytes(2, 1, 0, 4, 'b', 'o', 'b', 0, 2, 'p', 'w');
        byte[] shortSubItem = item(0x58, primaryTooLong);
        assertInvalid(associateWith(PduCodec.A_ASSOCIATE_RQ, shortSubItem, bytes(0x55, 0, 0, 1, 'X')), "bytes left");
        byte[] oneMore = java.util.Arrays.copyOf(USER_AND_PASSCODE, USER_AND_PASSCODE.length + 1);
        assertInvalid(associateWith(PduCodec.A_ASSOCIATE_RQ, item(0x58, oneMore)), "after its last field");
    }

    @Test
    void userIdentityRequestFieldValuesOutOfRangeAreInvalidParameters() {
        assertInvalid(associateWith(PduCodec.A_ASSOCIATE_RQ, item(0x58, bytes(2, 2, 0, 1, 'b', 0, 0))),
            "positive-response-requested is 2");
        assertInvalid(associateWith(PduCodec.A_ASSOCIATE_RQ, item(0x58, bytes(1, 0, 0, 1, 'b', 0, 1, 'p'))),
            "type 1 with a secondary field");
        assertInvalid(associateWith(PduCodec.A_ASSOCIATE_RQ, item(0x58, USER_AND_PASSCODE), item(0x58, USER_AND_PASSCODE)),
            "more than one User Identity sub-item (58H)");
    }

    @Test
    void userIdentityServerResponseCutAtEveryByteIsAnInvalidParameter() {
        byte[] response = bytes(0, 3, 'a', 'b', 'c');
        for (int cut = 0; cut < response.length; cut++) {
            byte[] value = java.util.Arrays.copyOf(response, cut);
            assertInvalid(associateWith(PduCodec.A_ASSOCIATE_AC, item(0x59, value)), "bytes left");
        }
        assertInvalid(associateWith(PduCodec.A_ASSOCIATE_AC, item(0x59, bytes(0, 0, 7))), "after its last field");
        assertInvalid(associateWith(PduCodec.A_ASSOCIATE_AC, bytes(0x59, 0, 0, 2, 0, 0), bytes(0x59, 0, 0, 2, 0, 0)),
            "more than one User Identity sub-item (59H)");
    }

    @Test
    void userIdentitySubItemsInTheWrongDirectionAreSkippedAsUnrecognized() {
        var rq = decodedUserInformation(associateWith(PduCodec.A_ASSOCIATE_RQ, bytes(0x59, 0, 0, 2, 0, 0)));
        assertThat(rq.userIdentityResponse()).isNull();
        assertThat(rq.maximumLength()).isEqualTo(16384);
        var ac = decodedUserInformation(associateWith(PduCodec.A_ASSOCIATE_AC, item(0x58, USER_AND_PASSCODE)));
        assertThat(ac.userIdentity()).isNull();
        // so a sub-item in the wrong direction is not checked either
        assertThat(decodedUserInformation(associateWith(PduCodec.A_ASSOCIATE_AC, item(0x58, bytes(1)))).userIdentity())
            .isNull();
    }

    @Test
    void encodingRefusesUserIdentitySubItemsInTheWrongDirection() {
        var identity = new UserInformation.UserIdentity(1, false, new byte[] {'b'}, null);
        var withRequest = new UserInformation(16384, null, null, null, List.of(), List.of(), List.of(), identity, null);
        var withResponse = new UserInformation(16384, null, null, null, List.of(), List.of(), List.of(), null, new byte[0]);
        assertThatThrownBy(() -> PduCodec.encode(new Pdu.AssociateAccept(1, "A", "B", "1.2", List.of(), withRequest)))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PduCodec.encode(new Pdu.AssociateRequest(1, "A", "B", "1.2", List.of(), withResponse)))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aUserIdentityNeverShowsItsPasscodeInLogs() {
        var identity = new UserInformation.UserIdentity(2, true, "bob".getBytes(StandardCharsets.UTF_8),
            "hunter2".getBytes(StandardCharsets.UTF_8));
        assertThat(identity.toString()).contains("bob").doesNotContain("hunter2");
        assertThat(new UserInformation.UserIdentity(5, false, "eyJhbGciOi".getBytes(StandardCharsets.US_ASCII), null)
            .toString()).doesNotContain("eyJ");
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
