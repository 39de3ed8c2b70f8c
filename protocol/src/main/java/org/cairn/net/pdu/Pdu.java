package org.cairn.net.pdu;

import java.util.Arrays;
import java.util.List;

/**
 * The protocol data units of the DICOM Upper Layer (PS3.8 9.3). Values, not wire bytes: {@link PduCodec}
 * converts between the two.
 */
public sealed interface Pdu {

    /** A-ASSOCIATE-RQ (type 01H). AE titles are stripped of their padding. */
    record AssociateRequest(int protocolVersion, String calledAeTitle, String callingAeTitle,
                            String applicationContext, List<PresentationContextRequest> presentationContexts,
                            UserInformation userInformation) implements Pdu {
    }

    /**
     * A-ASSOCIATE-AC (type 02H). The AE title fields are reserved in an AC but PS3.8 asks that they echo the
     * request's, so they are kept.
     */
    record AssociateAccept(int protocolVersion, String calledAeTitle, String callingAeTitle,
                           String applicationContext, List<PresentationContextResult> presentationContexts,
                           UserInformation userInformation) implements Pdu {
    }

    /**
     * A-ASSOCIATE-RJ (type 03H).
     *
     * @param result 1 rejected-permanent, 2 rejected-transient
     * @param source 1 service user, 2 service provider (ACSE), 3 service provider (presentation)
     * @param reason depends on the source, see {@link RejectReason}
     */
    record AssociateReject(int result, int source, int reason) implements Pdu {
    }

    /** P-DATA-TF (type 04H): one or more presentation data values. */
    record PData(List<Pdv> values) implements Pdu {
    }

    /** A-RELEASE-RQ (type 05H). */
    record ReleaseRequest() implements Pdu {
    }

    /** A-RELEASE-RP (type 06H). */
    record ReleaseResponse() implements Pdu {
    }

    /**
     * A-ABORT (type 07H).
     *
     * @param source 0 service user, 2 service provider
     * @param reason when the provider aborts: see {@link AbortReason}; 0 otherwise
     */
    record Abort(int source, int reason) implements Pdu {
    }

    /**
     * A presentation data value: a fragment of a DIMSE command or data set.
     *
     * @param presentationContextId the context it travels on (odd, 1 to 255)
     * @param command               whether it is part of a command (else of a data set)
     * @param last                  whether it is the last fragment of that command or data set
     * @param data                  the fragment's bytes
     */
    record Pdv(int presentationContextId, boolean command, boolean last, byte[] data) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Pdv p && p.presentationContextId == presentationContextId && p.command == command
                && p.last == last && Arrays.equals(p.data, data);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(data) * 31 + presentationContextId;
        }

        @Override
        public String toString() {
            return "Pdv[pc=" + presentationContextId + (command ? " command" : " data") + (last ? " last" : "")
                + " " + data.length + " bytes]";
        }
    }
}
