package org.cairn.scu;

import java.util.ArrayList;
import java.util.List;
import org.cairn.dicom.dict.UID;
import org.cairn.net.pdu.PresentationContextRequest;
import org.cairn.net.pdu.UserInformation;

/**
 * What to ask for when opening an association: AE titles, presentation contexts, and the user information
 * Cairn's SCU announces. Built fluently; immutable once passed to {@link DicomClient#connect}.
 */
public final class AssociationRequest {
    private final String calledAeTitle;
    private String callingAeTitle = "CAIRN_SCU";
    private final List<PresentationContextRequest> contexts = new ArrayList<>();
    private final List<UserInformation.RoleSelection> roles = new ArrayList<>();
    private final List<UserInformation.ExtendedNegotiation> extended = new ArrayList<>();
    private int maxPduLength = 262_144;
    private int maxOperationsInvoked = 1;
    private java.time.Duration dimseTimeout = java.time.Duration.ofSeconds(60);

    private AssociationRequest(String calledAeTitle) {
        this.calledAeTitle = calledAeTitle;
    }

    public static AssociationRequest to(String calledAeTitle) {
        return new AssociationRequest(calledAeTitle);
    }

    public AssociationRequest from(String callingAe) {
        this.callingAeTitle = callingAe;
        return this;
    }

    /** Proposes {@code abstractSyntax} with these transfer syntaxes (one presentation context). */
    public AssociationRequest propose(String abstractSyntax, String... transferSyntaxes) {
        contexts.add(new PresentationContextRequest(2 * contexts.size() + 1, abstractSyntax, List.of(transferSyntaxes)));
        if (contexts.size() > 128) {
            throw new IllegalArgumentException("at most 128 presentation contexts (odd IDs 1 to 255)");
        }
        return this;
    }

    /** Proposes Verification in implicit VR little endian, the context every SCP must accept. */
    public AssociationRequest verification() {
        return propose(UID.Verification, UID.ImplicitVRLittleEndian);
    }

    /** Asks to be SCP of {@code sopClass} too, as C-GET needs for its C-STORE sub-operations. */
    public AssociationRequest scpRole(String sopClass) {
        roles.add(new UserInformation.RoleSelection(sopClass, true, true));
        return this;
    }

    /**
     * Proposes SOP Class Extended Negotiation (56H) for {@code sopClass}, e.g. for Query/Retrieve FIND the bytes
     * relational queries, combined date-time matching, fuzzy person-name matching (PS3.4 C.5.1).
     */
    public AssociationRequest extendedNegotiation(String sopClass, byte... applicationInformation) {
        extended.add(new UserInformation.ExtendedNegotiation(sopClass, applicationInformation.clone()));
        return this;
    }

    public AssociationRequest maxPduLength(int bytes) {
        this.maxPduLength = bytes;
        return this;
    }

    /** Operations this SCU may invoke at once (Asynchronous Operations Window; 1 = synchronous). */
    public AssociationRequest maxOperationsInvoked(int operations) {
        this.maxOperationsInvoked = operations;
        return this;
    }

    /** How long a request may wait for its final response before the association is aborted (default 60 s). */
    public AssociationRequest dimseTimeout(java.time.Duration timeout) {
        this.dimseTimeout = timeout;
        return this;
    }

    java.time.Duration dimseTimeout() {
        return dimseTimeout;
    }

    String calledAeTitle() {
        return calledAeTitle;
    }

    String callingAeTitle() {
        return callingAeTitle;
    }

    List<PresentationContextRequest> contexts() {
        return List.copyOf(contexts);
    }

    List<UserInformation.ExtendedNegotiation> extendedNegotiations() {
        return List.copyOf(extended);
    }

    List<UserInformation.RoleSelection> roles() {
        return List.copyOf(roles);
    }

    int maxPduLength() {
        return maxPduLength;
    }

    int maxOperationsInvoked() {
        return maxOperationsInvoked;
    }
}
