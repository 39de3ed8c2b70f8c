package org.cairn.association;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Map;
import org.cairn.dicom.dict.UID;
import org.cairn.net.pdu.Pdu;
import org.cairn.net.pdu.PresentationContextRequest;
import org.cairn.net.pdu.PresentationContextResult;
import org.cairn.net.pdu.RejectReason;
import org.cairn.net.pdu.UserInformation;
import org.junit.jupiter.api.Test;

/** The acceptor's negotiation policy, as the pure function it is. */
class NegotiationTest {
    static AssociationSettings settings(Map<String, Object> overrides) {
        return AssociationSettings.from(ConfigFactory.parseMap(overrides).withFallback(ConfigFactory.load()));
    }

    static Pdu.AssociateRequest request(String called, String calling, UserInformation ui,
                                        PresentationContextRequest... contexts) {
        return new Pdu.AssociateRequest(1, called, calling, Negotiation.APPLICATION_CONTEXT, List.of(contexts), ui);
    }

    static final ServiceRegistry VERIFICATION = ServiceRegistry.of(new VerificationService());

    /** The negotiation of a request that names no user, from an address the transport did not give. */
    static Negotiation.Outcome negotiate(Pdu.AssociateRequest rq, AssociationSettings settings, ServiceRegistry services) {
        return Negotiation.negotiate(rq, null, settings, services, new UserIdentityVerdict.Absent());
    }
    static final UserInformation UI = UserInformation.of(16384, "1.2.3", null);

    @Test
    void unknownCalledAeIsRejectedPermanentlyWithReason7() {
        var outcome = negotiate(request("SOMEONE", "SCU", UI), settings(Map.of()), VERIFICATION);
        assertThat(outcome).isEqualTo(new Negotiation.Outcome.Rejected(new Pdu.AssociateReject(
            RejectReason.RESULT_PERMANENT, RejectReason.SOURCE_SERVICE_USER, RejectReason.CALLED_AE_NOT_RECOGNIZED),
            "called AE title SOMEONE is not this node's"));
    }

    @Test
    void callingAeOutsideTheAllowListIsRejectedWithReason3() {
        var settings = settings(Map.of("cairn.dicom.allowed-calling-ae-titles", List.of("CT1")));
        var rejected = (Negotiation.Outcome.Rejected) negotiate(request("CAIRN", "MR9", UI), settings,
            VERIFICATION);
        assertThat(rejected.reject().reason()).isEqualTo(RejectReason.CALLING_AE_NOT_RECOGNIZED);
        assertThat(negotiate(request("CAIRN", "CT1", UI), settings, VERIFICATION))
            .isInstanceOf(Negotiation.Outcome.Accepted.class);
    }

    @Test
    void wrongApplicationContextAndProtocolVersion() {
        var settings = settings(Map.of());
        var badContext = new Pdu.AssociateRequest(1, "CAIRN", "SCU", "1.2.3", List.of(), UI);
        assertThat(((Negotiation.Outcome.Rejected) negotiate(badContext, settings, VERIFICATION)).reject()
            .reason()).isEqualTo(RejectReason.APPLICATION_CONTEXT_NOT_SUPPORTED);
        var badVersion = new Pdu.AssociateRequest(2, "CAIRN", "SCU", Negotiation.APPLICATION_CONTEXT, List.of(), UI);
        var rejected = ((Negotiation.Outcome.Rejected) negotiate(badVersion, settings, VERIFICATION)).reject();
        assertThat(rejected.source()).isEqualTo(RejectReason.SOURCE_ACSE);
        assertThat(rejected.reason()).isEqualTo(RejectReason.PROTOCOL_VERSION_NOT_SUPPORTED);
    }

    @Test
    void contextsAreAnsweredByServiceAndTransferSyntaxPreference() {
        var rq = request("CAIRN", "SCU", UI,
            new PresentationContextRequest(1, UID.Verification, List.of(UID.ImplicitVRLittleEndian, UID.ExplicitVRLittleEndian)),
            new PresentationContextRequest(3, UID.CTImageStorage, List.of(UID.ExplicitVRLittleEndian)),
            new PresentationContextRequest(5, UID.Verification, List.of(UID.JPEG2000)));
        var accepted = (Negotiation.Outcome.Accepted) negotiate(rq, settings(Map.of()), VERIFICATION);
        List<PresentationContextResult> results = accepted.accept().presentationContexts();
        assertThat(results.get(0)).isEqualTo(new PresentationContextResult(1, 0, UID.ExplicitVRLittleEndian));
        assertThat(results.get(1).result()).isEqualTo(PresentationContextResult.ABSTRACT_SYNTAX_NOT_SUPPORTED);
        assertThat(results.get(2).result()).isEqualTo(PresentationContextResult.TRANSFER_SYNTAXES_NOT_SUPPORTED);
        assertThat(accepted.accept().userInformation().maximumLength()).isEqualTo(262144);
    }

    @Test
    void roleSelectionAndWindowAreAnsweredWithinWhatCairnOffers() {
        UserInformation ui = new UserInformation(16384, "1.2.3", null, new UserInformation.AsyncOperations(0, 0),
            List.of(new UserInformation.RoleSelection(UID.Verification, true, true),
                new UserInformation.RoleSelection(UID.CTImageStorage, true, true)), List.of(), List.of(), null, null);
        var accepted = (Negotiation.Outcome.Accepted) negotiate(request("CAIRN", "SCU", ui),
            settings(Map.of("cairn.dicom.max-operations-invoked", 16)), VERIFICATION);
        UserInformation answer = accepted.accept().userInformation();
        assertThat(answer.asyncOperations()).isEqualTo(new UserInformation.AsyncOperations(16, 1));
        assertThat(answer.roleSelections()).containsExactly(
            new UserInformation.RoleSelection(UID.Verification, true, false),
            // not served as SCP here, but a storage class: the requestor may be its SCP (C-GET's sub-operations)
            new UserInformation.RoleSelection(UID.CTImageStorage, false, true));
        assertThat(Negotiation.smallerWindow(0, 0)).isZero();
        assertThat(Negotiation.smallerWindow(3, 0)).isEqualTo(3);
    }

    @Test
    void limitsCountOverallAndPerCallingAe() {
        AssociationLimits limits = new AssociationLimits(3, 2);
        assertThat(limits.tryAcquire("A")).isTrue();
        assertThat(limits.tryAcquire("A")).isTrue();
        assertThat(limits.tryAcquire("A")).as("per calling AE").isFalse();
        assertThat(limits.tryAcquire("B")).isTrue();
        assertThat(limits.tryAcquire("C")).as("overall").isFalse();
        limits.release("A");
        assertThat(limits.tryAcquire("C")).isTrue();
        assertThat(limits.open()).isEqualTo(3);
        assertThat(Negotiation.overLimit()).isEqualTo(new Pdu.AssociateReject(2, 3, 2));
    }
}
