package org.cairn.association;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.cairn.dicom.Implementation;
import org.cairn.dicom.dict.UidDictionary;
import org.cairn.net.pdu.Pdu;
import org.cairn.net.pdu.PresentationContextRequest;
import org.cairn.net.pdu.PresentationContextResult;
import org.cairn.net.pdu.RejectReason;
import org.cairn.net.pdu.UserInformation;

/**
 * The acceptor's answer to an A-ASSOCIATE-RQ, as a pure function of the request, the peer's address, the settings,
 * the services and the verdict on the user identity: who may associate, what it may do, which presentation
 * contexts are accepted and with which transfer syntax (PS3.8 9.3.3.2), and what Cairn announces about itself.
 * Association limits are checked by the caller, which owns the counters; it also runs the user authenticator,
 * which may block, and hands its verdict in.
 */
public final class Negotiation {
    /** The DICOM Application Context Name (PS3.7 A.2.1). */
    public static final String APPLICATION_CONTEXT = "1.2.840.10008.3.1.1.1";

    private Negotiation() {
    }

    /** An accepted association (with the accept PDU to send) or a rejection. */
    public sealed interface Outcome {
        /**
         * @param permissions what the association may do: the calling AE's, and what a verified user's roles add
         * @param username    the verified user, or null when none
         */
        record Accepted(Pdu.AssociateAccept accept, Set<DimsePermission> permissions, String username)
            implements Outcome {
        }

        record Rejected(Pdu.AssociateReject reject, String why) implements Outcome {
        }
    }

    /**
     * The rejections that need nothing but the request and who sent it: protocol version, application context,
     * called AE title, calling AE title (and host) against the access policy. Checked before a user identity is
     * verified, so that a peer that may not associate at all cannot try passwords.
     *
     * @param peer the requestor's address, or null when unknown
     */
    public static Optional<Outcome.Rejected> screen(Pdu.AssociateRequest rq, InetAddress peer,
                                                    AssociationSettings settings) {
        if ((rq.protocolVersion() & 1) == 0) {
            return Optional.of(reject(RejectReason.SOURCE_ACSE, RejectReason.PROTOCOL_VERSION_NOT_SUPPORTED,
                "protocol version " + rq.protocolVersion() + " lacks version 1"));
        }
        if (!APPLICATION_CONTEXT.equals(rq.applicationContext())) {
            return Optional.of(reject(RejectReason.SOURCE_SERVICE_USER, RejectReason.APPLICATION_CONTEXT_NOT_SUPPORTED,
                "application context " + rq.applicationContext()));
        }
        if (!settings.aeTitles().contains(rq.calledAeTitle())) {
            return Optional.of(reject(RejectReason.SOURCE_SERVICE_USER, RejectReason.CALLED_AE_NOT_RECOGNIZED,
                "called AE title " + rq.calledAeTitle() + " is not this node's"));
        }
        if (settings.access().admit(rq.callingAeTitle(), peer).isEmpty()) {
            return Optional.of(reject(RejectReason.SOURCE_SERVICE_USER, RejectReason.CALLING_AE_NOT_RECOGNIZED,
                "calling AE title " + rq.callingAeTitle() + " is not allowed"
                    + (peer == null ? "" : " from " + peer.getHostAddress())));
        }
        return Optional.empty();
    }

    /**
     * The answer to {@code rq}: {@link #screen}, then the user identity rule, then each presentation context by
     * service, permission and transfer syntax, and what Cairn announces about itself.
     *
     * @param peer     the requestor's address, or null when unknown
     * @param identity what came of the request's User Identity sub-item
     */
    public static Outcome negotiate(Pdu.AssociateRequest rq, InetAddress peer, AssociationSettings settings,
                                    ServiceRegistry services, UserIdentityVerdict identity) {
        Optional<Outcome.Rejected> screened = screen(rq, peer, settings);
        if (screened.isPresent()) {
            return screened.get();
        }
        if (settings.access().userIdentity().required() && !(identity instanceof UserIdentityVerdict.Verified)) {
            return reject(RejectReason.SOURCE_SERVICE_USER, RejectReason.NO_REASON_GIVEN,
                "a verified user identity is required: " + describe(identity));
        }
        EnumSet<DimsePermission> permissions = EnumSet.noneOf(DimsePermission.class);
        permissions.addAll(settings.access().admit(rq.callingAeTitle(), peer).orElseThrow());
        String username = null;
        if (identity instanceof UserIdentityVerdict.Verified verified) {
            permissions.addAll(RolePermissions.grantedBy(verified.roles()));
            username = verified.username();
        }
        UserInformation asked = rq.userInformation();
        Set<String> scpRoleAsked = new HashSet<>();
        if (asked != null) {
            asked.roleSelections().stream().filter(UserInformation.RoleSelection::scp)
                .forEach(r -> scpRoleAsked.add(r.sopClassUid()));
        }
        List<PresentationContextResult> results = new ArrayList<>();
        for (PresentationContextRequest pc : rq.presentationContexts()) {
            results.add(answer(pc, settings, services, permissions, scpRoleAsked));
        }
        List<UserInformation.RoleSelection> roles = new ArrayList<>();
        List<UserInformation.ExtendedNegotiation> extended = new ArrayList<>();
        if (asked != null) {
            for (UserInformation.RoleSelection role : asked.roleSelections()) {
                // The requestor may be SCU of what Cairn serves and it may use, and SCP of a storage class when it
                // may retrieve: C-GET sends its C-STOREs back on the same association (PS3.4 C.4.3)
                boolean served = services.serviceFor(role.sopClassUid()) != null
                    && permissions.contains(DimsePermission.requiredFor(role.sopClassUid()));
                boolean storage = UidDictionary.storageSopClasses().contains(role.sopClassUid());
                roles.add(new UserInformation.RoleSelection(role.sopClassUid(), role.scu() && served,
                    role.scp() && storage && permissions.contains(DimsePermission.RETRIEVE)));
            }
            for (UserInformation.ExtendedNegotiation ext : asked.extendedNegotiations()) {
                if (services.serviceFor(ext.sopClassUid()) != null
                    && permissions.contains(DimsePermission.requiredFor(ext.sopClassUid()))) {
                    byte[] answer = QueryRetrieveOptions.answer(ext.sopClassUid(), ext.applicationInformation());
                    if (answer != null) {
                        extended.add(new UserInformation.ExtendedNegotiation(ext.sopClassUid(), answer));
                    }
                }
            }
        }
        UserInformation.AsyncOperations window = asked == null || asked.asyncOperations() == null ? null
            : new UserInformation.AsyncOperations(smallerWindow(asked.asyncOperations().maxInvoked(),
                settings.maxOperationsInvoked()), 1);
        // a user name, with or without passcode, has nothing to give back: its positive response is empty
        byte[] identityResponse = username != null && asked != null && asked.userIdentity() != null
            && asked.userIdentity().positiveResponseRequested() ? new byte[0] : null;
        UserInformation ui = new UserInformation(settings.maxPduLength(), Implementation.CLASS_UID,
            Implementation.VERSION_NAME, window, List.copyOf(roles), List.copyOf(extended), List.of(), null,
            identityResponse);
        return new Outcome.Accepted(new Pdu.AssociateAccept(1, rq.calledAeTitle(), rq.callingAeTitle(),
            APPLICATION_CONTEXT, List.copyOf(results), ui), Set.copyOf(permissions), username);
    }

    private static String describe(UserIdentityVerdict identity) {
        if (identity instanceof UserIdentityVerdict.NotVerified n) {
            return (n.username() == null ? "" : "user " + n.username() + ": ") + n.why();
        }
        return "none given";
    }

    /** The smaller of two window sizes where 0 means unlimited. */
    public static int smallerWindow(int a, int b) {
        if (a == 0) {
            return b;
        }
        return b == 0 ? a : Math.min(a, b);
    }

    private static PresentationContextResult answer(PresentationContextRequest pc, AssociationSettings settings,
                                                    ServiceRegistry services, Set<DimsePermission> permissions,
                                                    Set<String> scpRoleAsked) {
        DimseService service = pc.abstractSyntax() == null ? null : services.serviceFor(pc.abstractSyntax());
        if (service == null) {
            return new PresentationContextResult(pc.id(), PresentationContextResult.ABSTRACT_SYNTAX_NOT_SUPPORTED,
                firstOrDefault(pc));
        }
        if (!permitsContext(pc.abstractSyntax(), permissions, scpRoleAsked)) {
            return new PresentationContextResult(pc.id(), PresentationContextResult.USER_REJECTION, firstOrDefault(pc));
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

    /**
     * Whether a context of {@code abstractSyntax} may be accepted: the permission its service needs, or, for a
     * storage class the requestor offered to be SCP of, the permission to retrieve: that context carries the
     * C-STOREs of its C-GETs back to it. Its own C-STOREs on it are still refused, command by command.
     */
    public static boolean permitsContext(String abstractSyntax, Set<DimsePermission> permissions,
                                         Set<String> scpRoleAsked) {
        DimsePermission needed = DimsePermission.requiredFor(abstractSyntax);
        return permissions.contains(needed) || needed == DimsePermission.STORE
            && permissions.contains(DimsePermission.RETRIEVE) && scpRoleAsked.contains(abstractSyntax);
    }

    private static String firstOrDefault(PresentationContextRequest pc) {
        return pc.transferSyntaxes().isEmpty() ? "1.2.840.10008.1.2" : pc.transferSyntaxes().get(0);
    }

    private static Outcome.Rejected reject(int source, int reason, String why) {
        return new Outcome.Rejected(new Pdu.AssociateReject(RejectReason.RESULT_PERMANENT, source, reason), why);
    }

    /** The transient rejection for a node or peer over its association limit. */
    public static Pdu.AssociateReject overLimit() {
        return new Pdu.AssociateReject(RejectReason.RESULT_TRANSIENT, RejectReason.SOURCE_PRESENTATION,
            RejectReason.LOCAL_LIMIT_EXCEEDED);
    }
}
