package org.cairn.net.dimse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cairn.net.pdu.Pdu;

/**
 * Splits a command or data set into P-DATA-TF PDUs that respect the peer's maximum PDU length (PS3.8 9.3.5: the
 * maximum applies to the PDU's variable field, so a PDV item of 4 + 2 header bytes leaves {@code max - 6} for
 * data).
 */
public final class PdvFragmenter {
    private static final int PDV_OVERHEAD = 6;
    /** Used when the peer states no maximum (0 means unlimited), to keep PDUs a sensible size. */
    public static final int DEFAULT_MAX = 1 << 20;

    private PdvFragmenter() {
    }

    /** The largest data fragment per PDV for a peer's maximum PDU length. */
    public static int maxFragment(long peerMaxPduLength) {
        long max = peerMaxPduLength == 0 ? DEFAULT_MAX : Math.min(peerMaxPduLength, DEFAULT_MAX);
        // Even, because peers such as DCMTK refuse odd fragment lengths of even-length values
        return (int) Math.max(2, (max - PDV_OVERHEAD) & ~1L);
    }

    /** One PDU per fragment; the last fragment carries the last flag (an empty value gives one empty PDV). */
    public static List<Pdu.PData> fragment(int presentationContextId, boolean command, byte[] bytes,
                                           long peerMaxPduLength) {
        return fragment(presentationContextId, command, bytes, peerMaxPduLength, true);
    }

    /**
     * As {@link #fragment(int, boolean, byte[], long)} for one part of a message sent in several: the last flag is
     * set only when {@code endsMessage}.
     */
    public static List<Pdu.PData> fragment(int presentationContextId, boolean command, byte[] bytes,
                                           long peerMaxPduLength, boolean endsMessage) {
        int max = maxFragment(peerMaxPduLength);
        List<Pdu.PData> pdus = new ArrayList<>();
        int at = 0;
        do {
            int n = Math.min(max, bytes.length - at);
            boolean last = endsMessage && at + n == bytes.length;
            pdus.add(new Pdu.PData(List.of(new Pdu.Pdv(presentationContextId, command, last,
                Arrays.copyOfRange(bytes, at, at + n)))));
            at += n;
        } while (at < bytes.length);
        return pdus;
    }
}
