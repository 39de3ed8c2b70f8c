package org.cairn.association;

import java.util.ArrayList;
import java.util.List;
import org.cairn.dicom.Implementation;
import org.cairn.dicom.dict.UidDictionary;
import org.cairn.net.pdu.Pdu;
import org.cairn.net.pdu.PresentationContextRequest;
import org.cairn.net.pdu.PresentationContextResult;
import org.cairn.net.pdu.RejectReason;
import org.cairn.net.pdu.UserInformation;

/**
 * The acceptor's answer to an A-ASSOCIATE-RQ, as a pure function of the request, the settings and the services:
 * who may associate, which presentation contexts are accepted and with which transfer syntax (PS3.8 9.3.3.2),
 * and what Cairn announces about itself. Association limits are checked by the caller, which owns the counters.
 */
public final class Negotiation {
    /** The DICOM Application Context Name (PS3.7 A.2.1). */
    public static final String APPLICATION_CONTEXT = "1.2.840.10008.3.1.1.1";

    private Negotiation() {
    }

    /** An accepted association (with the accept PDU to send) or a rejection. */
    public sealed interface Outcome {
        record Accepted(Pdu.AssociateAccept accept) implements Outcome {
        }

        record Rejected(Pdu.AssociateReject reject, String why) implements Outcome {
        }
    }

    public static Outcome negotiate(Pdu.AssociateRequest rq, AssociationSettings settings, ServiceRegistry services) {
        if ((rq.protocolVersion() & 1) == 0) {
            return reject(RejectReason.SOURCE_ACSE, RejectReason.PROTOCOL_VERSION_NOT_SUPPORTED,
                "protocol version " + rq.protocolVersion() + " lacks version 1");
        }
        if (!APPLICATION_CONTEXT.equals(rq.applicationContext())) {
            return reject(RejectReason.SOURCE_SERVICE_USER, RejectReason.APPLICATION_CONTEXT_NOT_SUPPORTED,
                "application context " + rq.applicationContext());
        }
        if (!settings.aeTitles().contains(rq.calledAeTitle())) {
            return reject(RejectReason.SOURCE_SERVICE_USER, RejectReason.CALLED_AE_NOT_RECOGNIZED,
                "called AE title " + rq.calledAeTitle() + " is not this node's");
        }
        if (!settings.allowedCallingAeTitles().isEmpty() && !settings.allowedCallingAeTitles().contains(rq.callingAeTitle())) {
            return reject(RejectReason.SOURCE_SERVICE_USER, RejectReason.CALLING_AE_NOT_RECOGNIZED,
                "calling AE title " + rq.callingAeTitle() + " is not allowed");
        }
        List<PresentationContextResult> results = new ArrayList<>();
        for (PresentationContextRequest pc : rq.presentationContexts()) {
            results.add(answer(pc, settings, services));
        }
        List<UserInformation.RoleSelection> roles = new ArrayList<>();
        if (rq.userInformation() != null) {
            for (UserInformation.RoleSelection asked : rq.userInformation().roleSelections()) {
                // The requestor may be SCU of what Cairn serves, and SCP of a storage class: C-GET sends its
                // C-STOREs back on the same association (PS3.4 C.4.3)
                boolean served = services.serviceFor(asked.sopClassUid()) != null;
                boolean storage = UidDictionary.storageSopClasses().contains(asked.sopClassUid());
                roles.add(new UserInformation.RoleSelection(asked.sopClassUid(), asked.scu() && served,
                    asked.scp() && storage));
            }
        }
        List<UserInformation.ExtendedNegotiation> extended = new ArrayList<>();
        if (rq.userInformation() != null) {
            for (UserInformation.ExtendedNegotiation asked : rq.userInformation().extendedNegotiations()) {
                if (services.serviceFor(asked.sopClassUid()) != null) {
                    byte[] answer = QueryRetrieveOptions.answer(asked.sopClassUid(), asked.applicationInformation());
                    if (answer != null) {
                        extended.add(new UserInformation.ExtendedNegotiation(asked.sopClassUid(), answer));
                    }
                }
            }
        }
        UserInformation.AsyncOperations asked = rq.userInformation() == null ? null : rq.userInformation().asyncOperations();
        UserInformation.AsyncOperations window = asked == null ? null
            : new UserInformation.AsyncOperations(smallerWindow(asked.maxInvoked(), settings.maxOperationsInvoked()), 1);
        UserInformation ui = new UserInformation(settings.maxPduLength(), Implementation.CLASS_UID,
            Implementation.VERSION_NAME, window, List.copyOf(roles), List.copyOf(extended), List.of(), null, null);
        return new Outcome.Accepted(new Pdu.AssociateAccept(1, rq.calledAeTitle(), rq.callingAeTitle(),
            APPLICATION_CONTEXT, List.copyOf(results), ui));
    }

    /** The smaller of two window sizes where 0 means unlimited. */
    public static int smallerWindow(int a, int b) {
        if (a == 0) {
            return b;
        }
        return b == 0 ? a : Math.min(a, b);
    }

    private static PresentationContextResult answer(PresentationContextRequest pc, AssociationSettings settings,
                                                    ServiceRegistry services) {
        DimseService service = pc.abstractSyntax() == null ? null : services.serviceFor(pc.abstractSyntax());
        if (service == null) {
            return new PresentationContextResult(pc.id(), PresentationContextResult.ABSTRACT_SYNTAX_NOT_SUPPORTED,
                firstOrDefault(pc));
        }
        for (String preferred : settings.transferSyntaxes()) {
            if (pc.transferSyntaxes().contains(preferred)) {
                return new PresentationContextResult(pc.id(), PresentationContextResult.ACCEPTANCE, preferred);
            }
        }
        if (service.acceptsAnyTransferSyntax()) {
            for (String proposed : pc.transferSyntaxes()) {
                UidDictionary.Entry entry = UidDictionary.lookup(proposed);
                if (entry != null && entry.type().equals("Transfer Syntax")) {
                    return new PresentationContextResult(pc.id(), PresentationContextResult.ACCEPTANCE, proposed);
                }
            }
        }
        return new PresentationContextResult(pc.id(), PresentationContextResult.TRANSFER_SYNTAXES_NOT_SUPPORTED,
            firstOrDefault(pc));
    }

    private static String firstOrDefault(PresentationContextRequest pc) {
        return pc.transferSyntaxes().isEmpty() ? "1.2.840.10008.1.2" : pc.transferSyntaxes().get(0);
    }

    private static Outcome reject(int source, int reason, String why) {
        return new Outcome.Rejected(new Pdu.AssociateReject(RejectReason.RESULT_PERMANENT, source, reason), why);
    }

    /** The transient rejection for a node or peer over its association limit. */
    public static Pdu.AssociateReject overLimit() {
        return new Pdu.AssociateReject(RejectReason.RESULT_TRANSIENT, RejectReason.SOURCE_PRESENTATION,
            RejectReason.LOCAL_LIMIT_EXCEEDED);
    }
}
