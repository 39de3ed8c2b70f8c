package org.cairn.net.pdu;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes and decodes the PDUs of PS3.8 9.3 and their items. Decoding takes one whole PDU (the framing is the
 * transport's job: 6-byte header with a 32-bit big-endian length) and checks every length against the bytes
 * present; anything malformed is a {@link PduException} carrying the A-ABORT reason to answer it with. Unknown
 * items and user information sub-items are skipped, as PS3.7 D.3.3 asks of an acceptor.
 */
public final class PduCodec {
    public static final int HEADER_LENGTH = 6;

    public static final int A_ASSOCIATE_RQ = 0x01;
    public static final int A_ASSOCIATE_AC = 0x02;
    public static final int A_ASSOCIATE_RJ = 0x03;
    public static final int P_DATA_TF = 0x04;
    public static final int A_RELEASE_RQ = 0x05;
    public static final int A_RELEASE_RP = 0x06;
    public static final int A_ABORT = 0x07;

    private static final int APPLICATION_CONTEXT = 0x10;
    private static final int PRESENTATION_CONTEXT_RQ = 0x20;
    private static final int PRESENTATION_CONTEXT_AC = 0x21;
    private static final int ABSTRACT_SYNTAX = 0x30;
    private static final int TRANSFER_SYNTAX = 0x40;
    private static final int USER_INFORMATION = 0x50;
    private static final int MAXIMUM_LENGTH = 0x51;
    private static final int IMPLEMENTATION_CLASS_UID = 0x52;
    private static final int ASYNC_OPERATIONS = 0x53;
    private static final int ROLE_SELECTION = 0x54;
    private static final int IMPLEMENTATION_VERSION_NAME = 0x55;
    private static final int EXTENDED_NEGOTIATION = 0x56;
    private static final int COMMON_EXTENDED_NEGOTIATION = 0x57;
    private static final int USER_IDENTITY_RQ = 0x58;
    private static final int USER_IDENTITY_AC = 0x59;

    private PduCodec() {
    }

    // ---- encoding ------------------------------------------------------------------------------------

    /** The PDU's bytes, header included. */
    public static byte[] encode(Pdu pdu) {
        if (pdu instanceof Pdu.PData p) {
            return encodePData(p);
        }
        Out body = new Out(256);
        int type;
        if (pdu instanceof Pdu.AssociateRequest rq) {
            type = A_ASSOCIATE_RQ;
            associateHeader(body, rq.protocolVersion(), rq.calledAeTitle(), rq.callingAeTitle());
            item(body, APPLICATION_CONTEXT, ascii(rq.applicationContext()));
            for (PresentationContextRequest pc : rq.presentationContexts()) {
                Out ctx = new Out();
                ctx.u8(pc.id());
                ctx.u8(0);
                ctx.u8(0);
                ctx.u8(0);
                item(ctx, ABSTRACT_SYNTAX, ascii(pc.abstractSyntax()));
                for (String ts : pc.transferSyntaxes()) {
                    item(ctx, TRANSFER_SYNTAX, ascii(ts));
                }
                item(body, PRESENTATION_CONTEXT_RQ, ctx.toBytes());
            }
            if (rq.userInformation() != null && rq.userInformation().userIdentityResponse() != null) {
                throw new IllegalArgumentException("a User Identity server response (59H) belongs in an A-ASSOCIATE-AC");
            }
            userInformation(body, rq.userInformation());
        } else if (pdu instanceof Pdu.AssociateAccept ac) {
            type = A_ASSOCIATE_AC;
            associateHeader(body, ac.protocolVersion(), ac.calledAeTitle(), ac.callingAeTitle());
            item(body, APPLICATION_CONTEXT, ascii(ac.applicationContext()));
            for (PresentationContextResult pc : ac.presentationContexts()) {
                Out ctx = new Out();
                ctx.u8(pc.id());
                ctx.u8(0);
                ctx.u8(pc.result());
                ctx.u8(0);
                if (pc.transferSyntax() != null) {
                    item(ctx, TRANSFER_SYNTAX, ascii(pc.transferSyntax()));
                }
                item(body, PRESENTATION_CONTEXT_AC, ctx.toBytes());
            }
            if (ac.userInformation() != null && ac.userInformation().userIdentity() != null) {
                throw new IllegalArgumentException("a User Identity request (58H) belongs in an A-ASSOCIATE-RQ");
            }
            userInformation(body, ac.userInformation());
        } else if (pdu instanceof Pdu.AssociateReject rj) {
            type = A_ASSOCIATE_RJ;
            body.u8(0);
            body.u8(rj.result());
            body.u8(rj.source());
            body.u8(rj.reason());
        } else if (pdu instanceof Pdu.ReleaseRequest) {
            type = A_RELEASE_RQ;
            body.u32(0);
        } else if (pdu instanceof Pdu.ReleaseResponse) {
            type = A_RELEASE_RP;
            body.u32(0);
        } else if (pdu instanceof Pdu.Abort a) {
            type = A_ABORT;
            body.u8(0);
            body.u8(0);
            body.u8(a.source());
            body.u8(a.reason());
        } else {
            throw new IllegalArgumentException("unknown PDU " + pdu);
        }
        Out out = new Out(HEADER_LENGTH + body.size());
        out.u8(type);
        out.u8(0);
        out.u32(body.size());
        out.bytes(body.toBytes());
        return out.toBytes();
    }

    /** P-DATA-TF straight into an array of its exact size: it is the PDU sent most, once or more per message. */
    private static byte[] encodePData(Pdu.PData p) {
        int length = 0;
        for (Pdu.Pdv v : p.values()) {
            length += 6 + v.data().length;
        }
        byte[] out = new byte[HEADER_LENGTH + length];
        out[0] = P_DATA_TF;
        putU32(out, 2, length);
        int at = HEADER_LENGTH;
        for (Pdu.Pdv v : p.values()) {
            putU32(out, at, v.data().length + 2L);
            out[at + 4] = (byte) v.presentationContextId();
            out[at + 5] = (byte) ((v.command() ? 1 : 0) | (v.last() ? 2 : 0));
            System.arraycopy(v.data(), 0, out, at + 6, v.data().length);
            at += 6 + v.data().length;
        }
        return out;
    }

    private static void putU32(byte[] b, int at, long v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    private static void associateHeader(Out body, int version, String called, String calling) {
        body.u16(version);
        body.u16(0);
        body.bytes(aeTitle(called));
        body.bytes(aeTitle(calling));
        body.bytes(new byte[32]);
    }

    private static void userInformation(Out body, UserInformation ui) {
        if (ui == null) {
            return;
        }
        Out sub = new Out();
        Out max = new Out();
        max.u32(ui.maximumLength());
        item(sub, MAXIMUM_LENGTH, max.toBytes());
        if (ui.implementationClassUid() != null) {
            item(sub, IMPLEMENTATION_CLASS_UID, ascii(ui.implementationClassUid()));
        }
        if (ui.asyncOperations() != null) {
            Out w = new Out();
            w.u16(ui.asyncOperations().maxInvoked());
            w.u16(ui.asyncOperations().maxPerformed());
            item(sub, ASYNC_OPERATIONS, w.toBytes());
        }
        for (UserInformation.RoleSelection role : ui.roleSelections()) {
            Out r = new Out();
            byte[] uid = ascii(role.sopClassUid());
            r.u16(uid.length);
            r.bytes(uid);
            r.u8(role.scu() ? 1 : 0);
            r.u8(role.scp() ? 1 : 0);
            item(sub, ROLE_SELECTION, r.toBytes());
        }
        if (ui.implementationVersionName() != null) {
            item(sub, IMPLEMENTATION_VERSION_NAME, ascii(ui.implementationVersionName()));
        }
        for (UserInformation.ExtendedNegotiation ext : ui.extendedNegotiations()) {
            Out e = new Out();
            byte[] uid = ascii(ext.sopClassUid());
            e.u16(uid.length);
            e.bytes(uid);
            e.bytes(ext.applicationInformation());
            item(sub, EXTENDED_NEGOTIATION, e.toBytes());
        }
        for (UserInformation.CommonExtendedNegotiation common : ui.commonExtendedNegotiations()) {
            Out c = new Out();
            lengthPrefixed(c, ascii(common.sopClassUid()));
            lengthPrefixed(c, ascii(common.serviceClassUid()));
            Out related = new Out();
            for (String uid : common.relatedGeneralSopClassUids()) {
                lengthPrefixed(related, ascii(uid));
            }
            lengthPrefixed(c, related.toBytes());
            item(sub, COMMON_EXTENDED_NEGOTIATION, c.toBytes());
        }
        if (ui.userIdentity() != null) {
            UserInformation.UserIdentity id = ui.userIdentity();
            Out u = new Out();
            u.u8(id.type());
            u.u8(id.positiveResponseRequested() ? 1 : 0);
            lengthPrefixed(u, id.primaryField());
            lengthPrefixed(u, id.secondaryField());
            item(sub, USER_IDENTITY_RQ, u.toBytes());
        }
        if (ui.userIdentityResponse() != null) {
            Out u = new Out();
            lengthPrefixed(u, ui.userIdentityResponse());
            item(sub, USER_IDENTITY_AC, u.toBytes());
        }
        item(body, USER_INFORMATION, sub.toBytes());
    }

    private static void lengthPrefixed(Out out, byte[] bytes) {
        out.u16(bytes.length);
        out.bytes(bytes);
    }

    private static void item(Out out, int type, byte[] value) {
        if (value.length > 0xFFFF) {
            throw new IllegalArgumentException("item of " + value.length + " bytes exceeds the 16-bit item length");
        }
        out.u8(type);
        out.u8(0);
        out.u16(value.length);
        out.bytes(value);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] aeTitle(String title) {
        byte[] out = new byte[16];
        java.util.Arrays.fill(out, (byte) ' ');
        byte[] text = ascii(title == null ? "" : title);
        System.arraycopy(text, 0, out, 0, Math.min(16, text.length));
        return out;
    }

    // ---- decoding ------------------------------------------------------------------------------------

    /** The PDU type byte and its declared length, from the first 6 bytes. */
    public static long declaredLength(byte[] header, int offset) {
        return ((long) (header[offset + 2] & 0xFF) << 24) | (header[offset + 3] & 0xFF) << 16
            | (header[offset + 4] & 0xFF) << 8 | (header[offset + 5] & 0xFF);
    }

    /** Decodes one whole PDU, header included. */
    public static Pdu decode(byte[] pdu) {
        return decode(pdu, 0, pdu.length);
    }

    /** Decodes one whole PDU at {@code bytes[offset, offset + length)}, header included. */
    public static Pdu decode(byte[] bytes, int offset, int length) {
        if (length < HEADER_LENGTH) {
            throw new PduException(AbortReason.INVALID_PDU_PARAMETER_VALUE, "PDU shorter than its header");
        }
        int type = bytes[offset] & 0xFF;
        long declared = declaredLength(bytes, offset);
        if (declared != length - HEADER_LENGTH) {
            throw new PduException(AbortReason.INVALID_PDU_PARAMETER_VALUE,
                "PDU length " + declared + " but " + (length - HEADER_LENGTH) + " bytes follow the header");
        }
        In in = new In(bytes, offset + HEADER_LENGTH, length - HEADER_LENGTH);
        return switch (type) {
            case P_DATA_TF -> pData(in);
            case A_ASSOCIATE_RQ -> associate(in, false);
            case A_ASSOCIATE_AC -> associate(in, true);
            case A_ASSOCIATE_RJ -> {
                in.need(4);
                in.u8();
                yield new Pdu.AssociateReject(in.u8(), in.u8(), in.u8());
            }
            case A_RELEASE_RQ -> {
                in.need(4);
                yield new Pdu.ReleaseRequest();
            }
            case A_RELEASE_RP -> {
                in.need(4);
                yield new Pdu.ReleaseResponse();
            }
            case A_ABORT -> {
                in.need(4);
                in.u8();
                in.u8();
                yield new Pdu.Abort(in.u8(), in.u8());
            }
            default -> throw new PduException(AbortReason.UNRECOGNIZED_PDU, String.format("unknown PDU type %02XH", type));
        };
    }

    private static Pdu pData(In in) {
        List<Pdu.Pdv> values = new ArrayList<>();
        while (in.remaining() > 0) {
            long itemLength = in.u32();
            if (itemLength < 2 || itemLength > in.remaining()) {
                throw new PduException(AbortReason.INVALID_PDU_PARAMETER_VALUE,
                    "PDV item length " + itemLength + " with " + in.remaining() + " bytes left");
            }
            int context = in.u8();
            int header = in.u8();
            values.add(new Pdu.Pdv(context, (header & 1) != 0, (header & 2) != 0, in.bytes((int) itemLength - 2)));
        }
        if (values.isEmpty()) {
            throw new PduException(AbortReason.INVALID_PDU_PARAMETER_VALUE, "P-DATA-TF without a PDV");
        }
        return new Pdu.PData(values);
    }

    /**
     * A-ASSOCIATE-RQ and -AC share their layout: fixed fields, then items of which only the presentation context
     * item differs (20H proposes, 21H answers).
     */
    private static Pdu associate(In in, boolean accept) {
        Fixed f = associateFixed(in);
        String context = null;
        List<PresentationContextRequest> proposed = new ArrayList<>();
        List<PresentationContextResult> answered = new ArrayList<>();
        UserInformation ui = null;
        while (in.remaining() > 0) {
            int type = in.u8();
            in.u8();
            In item = in.sub(in.u16());
            if (type == APPLICATION_CONTEXT) {
                context = item.uid();
            } else if (type == USER_INFORMATION) {
                ui = userInformation(item, accept);
            } else if (type == (accept ? PRESENTATION_CONTEXT_AC : PRESENTATION_CONTEXT_RQ)) {
                item.need(4);
                int id = item.u8();
                item.u8();
                int result = item.u8();
                item.u8();
                String abstractSyntax = null;
                List<String> transferSyntaxes = new ArrayList<>();
                while (item.remaining() > 0) {
                    int subType = item.u8();
                    item.u8();
                    In sub = item.sub(item.u16());
                    if (subType == ABSTRACT_SYNTAX) {
                        abstractSyntax = sub.uid();
                    } else if (subType == TRANSFER_SYNTAX) {
                        transferSyntaxes.add(sub.uid());
                    }
                }
                if (accept) {
                    answered.add(new PresentationContextResult(id, result,
                        transferSyntaxes.isEmpty() ? null : transferSyntaxes.get(0)));
                } else {
                    proposed.add(new PresentationContextRequest(id, abstractSyntax, List.copyOf(transferSyntaxes)));
                }
            }
        }
        if (context == null) {
            throw new PduException(AbortReason.INVALID_PDU_PARAMETER_VALUE,
                (accept ? "A-ASSOCIATE-AC" : "A-ASSOCIATE-RQ") + " without an application context");
        }
        return accept
            ? new Pdu.AssociateAccept(f.version, f.called, f.calling, context, List.copyOf(answered), ui)
            : new Pdu.AssociateRequest(f.version, f.called, f.calling, context, List.copyOf(proposed), ui);
    }

    private record Fixed(int version, String called, String calling) {
    }

    private static Fixed associateFixed(In in) {
        in.need(68);
        int version = in.u16();
        in.skip(2);
        String called = new String(in.bytes(16), StandardCharsets.US_ASCII).strip();
        String calling = new String(in.bytes(16), StandardCharsets.US_ASCII).strip();
        in.skip(32);
        return new Fixed(version, called, calling);
    }

    private static UserInformation userInformation(In in, boolean accept) {
        long maximumLength = 0;
        String classUid = null;
        String versionName = null;
        UserInformation.AsyncOperations async = null;
        List<UserInformation.RoleSelection> roles = new ArrayList<>();
        List<UserInformation.ExtendedNegotiation> extended = new ArrayList<>();
        List<UserInformation.CommonExtendedNegotiation> common = new ArrayList<>();
        UserInformation.UserIdentity identity = null;
        byte[] identityResponse = null;
        while (in.remaining() > 0) {
            int type = in.u8();
            in.u8();
            In sub = in.sub(in.u16());
            switch (type) {
                case MAXIMUM_LENGTH -> maximumLength = sub.u32();
                case IMPLEMENTATION_CLASS_UID -> classUid = sub.uid();
                case IMPLEMENTATION_VERSION_NAME -> versionName = sub.text();
                case ASYNC_OPERATIONS -> async = new UserInformation.AsyncOperations(sub.u16(), sub.u16());
                case ROLE_SELECTION -> {
                    String uid = sub.sub(sub.u16()).uid();
                    roles.add(new UserInformation.RoleSelection(uid, sub.u8() == 1, sub.u8() == 1));
                }
                case EXTENDED_NEGOTIATION -> {
                    String uid = sub.sub(sub.u16()).uid();
                    extended.add(new UserInformation.ExtendedNegotiation(uid, sub.bytes(sub.remaining())));
                }
                case COMMON_EXTENDED_NEGOTIATION -> {
                    String sop = sub.sub(sub.u16()).uid();
                    String service = sub.sub(sub.u16()).uid();
                    In related = sub.sub(sub.u16());
                    List<String> uids = new ArrayList<>();
                    while (related.remaining() > 0) {
                        uids.add(related.sub(related.u16()).uid());
                    }
                    common.add(new UserInformation.CommonExtendedNegotiation(sop, service, List.copyOf(uids)));
                }
                // each belongs in one direction; in the other it is an unrecognized sub-item, skipped
                case USER_IDENTITY_RQ -> {
                    if (!accept) {
                        if (identity != null) {
                            throw invalid("more than one User Identity sub-item (58H)");
                        }
                        identity = userIdentity(sub);
                    }
                }
                case USER_IDENTITY_AC -> {
                    if (accept) {
                        if (identityResponse != null) {
                            throw invalid("more than one User Identity sub-item (59H)");
                        }
                        identityResponse = sub.bytes(sub.u16());
                        sub.end("User Identity sub-item (59H)");
                    }
                }
                default -> {
                }
            }
        }
        return new UserInformation(maximumLength, classUid, versionName, async, List.copyOf(roles),
            List.copyOf(extended), List.copyOf(common), identity, identityResponse);
    }

    /**
     * The User Identity request sub-item's value (PS3.7 Table D.3-14): type, positive-response-requested (0 or 1),
     * then the primary and secondary fields, each after its 16-bit length, and nothing more. Only a user name and
     * passcode (type 2) has a secondary field.
     */
    private static UserInformation.UserIdentity userIdentity(In sub) {
        int type = sub.u8();
        int positive = sub.u8();
        if (positive > 1) {
            throw invalid("User Identity positive-response-requested is " + positive + ", not 0 or 1");
        }
        byte[] primary = sub.bytes(sub.u16());
        byte[] secondary = sub.bytes(sub.u16());
        sub.end("User Identity sub-item (58H)");
        if (secondary.length > 0 && type != UserInformation.UserIdentity.USERNAME_AND_PASSCODE) {
            throw invalid("User Identity of type " + type + " with a secondary field");
        }
        return new UserInformation.UserIdentity(type, positive == 1, primary, secondary);
    }

    private static PduException invalid(String message) {
        return new PduException(AbortReason.INVALID_PDU_PARAMETER_VALUE, message);
    }

    /** Big-endian writer. */
    private static final class Out extends ByteArrayOutputStream {
        Out() {
            super(64);
        }

        Out(int capacity) {
            super(capacity);
        }

        void u8(int v) {
            write(v);
        }

        void u16(int v) {
            write(v >>> 8);
            write(v);
        }

        void u32(long v) {
            u16((int) (v >>> 16));
            u16((int) v);
        }

        void bytes(byte[] b) {
            writeBytes(b);
        }

        byte[] toBytes() {
            return toByteArray();
        }
    }

    /** Big-endian reader over a bounded region; reading past it is an invalid parameter. */
    private static final class In {
        private final byte[] b;
        private int pos;
        private final int end;

        In(byte[] b, int offset, int length) {
            this.b = b;
            this.pos = offset;
            this.end = offset + length;
        }

        int remaining() {
            return end - pos;
        }

        void need(int n) {
            if (n > remaining()) {
                throw new PduException(AbortReason.INVALID_PDU_PARAMETER_VALUE,
                    "field of " + n + " bytes with " + remaining() + " bytes left");
            }
        }

        int u8() {
            need(1);
            return b[pos++] & 0xFF;
        }

        int u16() {
            need(2);
            int v = (b[pos] & 0xFF) << 8 | (b[pos + 1] & 0xFF);
            pos += 2;
            return v;
        }

        long u32() {
            need(4);
            long v = ((long) (b[pos] & 0xFF) << 24) | (b[pos + 1] & 0xFF) << 16 | (b[pos + 2] & 0xFF) << 8
                | (b[pos + 3] & 0xFF);
            pos += 4;
            return v;
        }

        /** Fails unless everything was read: a sub-item longer than its fields is malformed. */
        void end(String what) {
            if (remaining() != 0) {
                throw invalid(what + " has " + remaining() + " bytes after its last field");
            }
        }

        void skip(int n) {
            need(n);
            pos += n;
        }

        byte[] bytes(int n) {
            need(n);
            byte[] out = java.util.Arrays.copyOfRange(b, pos, pos + n);
            pos += n;
            return out;
        }

        In sub(int n) {
            need(n);
            In sub = new In(b, pos, n);
            pos += n;
            return sub;
        }

        /** The rest as a UID: ASCII, trailing NUL padding and spaces removed. */
        String uid() {
            return text().replace("\0", "");
        }

        String text() {
            return new String(bytes(remaining()), StandardCharsets.US_ASCII).strip();
        }
    }
}
