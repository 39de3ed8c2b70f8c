package org.cairn.association;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.dict.UID;
import org.cairn.net.pdu.Pdu;
import org.cairn.net.pdu.PresentationContextRequest;
import org.cairn.net.pdu.PresentationContextResult;
import org.cairn.net.pdu.RejectReason;
import org.cairn.net.pdu.UserInformation;
import org.cairn.net.pdu.UserInformation.UserIdentity;
import org.junit.jupiter.api.Test;

/** The access decisions, as the pure functions they are: permissions by SOP class and role, admission, identity. */
class AccessControlTest {
    static final Set<DimsePermission> ALL = EnumSet.allOf(DimsePermission.class);

    /**
     * Serves SOP classes in the registry's sense only: the negotiation asks which classes have a service and
     * never calls one. Any request it did get would be answered Unrecognized Operation.
     */
    record ServedClasses(Set<String> sopClasses) implements DimseService {
        @Override
        public DataSetConsumer onCommand(DimseContext context, DataSet command) {
            context.respond(org.cairn.net.dimse.Commands.response(command,
                org.cairn.net.dimse.Status.UNRECOGNIZED_OPERATION, false), null);
            return null;
        }
    }

    static final ServiceRegistry NODE = ServiceRegistry.of(new VerificationService(),
        new ServedClasses(Set.of(UID.CTImageStorage, UID.MRImageStorage)),
        new ServedClasses(Set.of(UID.StudyRootQueryRetrieveInformationModelFind)),
        new ServedClasses(Set.of(UID.StudyRootQueryRetrieveInformationModelGet)),
        new ServedClasses(Set.of(UID.StudyRootQueryRetrieveInformationModelMove)),
        new ServedClasses(Set.of(UID.ModalityWorklistInformationModelFind)),
        new ServedClasses(Set.of(UID.ModalityPerformedProcedureStep)));

    static AssociationSettings settings(String hocon) {
        return AssociationSettings.from(ConfigFactory.parseString(hocon).withFallback(ConfigFactory.load()));
    }

    static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal); // a literal: no name lookup
    }

    static PresentationContextRequest context(int id, String sopClass) {
        return new PresentationContextRequest(id, sopClass, List.of(UID.ExplicitVRLittleEndian));
    }

    static Pdu.AssociateRequest request(String calling, UserInformation ui, PresentationContextRequest... contexts) {
        return new Pdu.AssociateRequest(1, "CAIRN", calling, Negotiation.APPLICATION_CONTEXT, List.of(contexts), ui);
    }

    static UserInformation withIdentity(UserIdentity identity, UserInformation.RoleSelection... roles) {
        return new UserInformation(16384, "1.2.3", null, null, List.of(roles), List.of(), List.of(), identity, null);
    }

    static UserIdentity password(String user, String passcode, boolean responseRequested) {
        return new UserIdentity(UserIdentity.USERNAME_AND_PASSCODE, responseRequested,
            user.getBytes(StandardCharsets.UTF_8), passcode.getBytes(StandardCharsets.UTF_8));
    }

    static final UserInformation PLAIN = withIdentity(null);

    static List<Integer> results(Negotiation.Outcome outcome) {
        return ((Negotiation.Outcome.Accepted) outcome).accept().presentationContexts().stream()
            .map(PresentationContextResult::result).toList();
    }

    // ---- permissions ----------------------------------------------------------------------------------------

    @Test
    void eachServiceClassNeedsItsPermission() {
        assertThat(DimsePermission.requiredFor(UID.Verification)).isEqualTo(DimsePermission.ECHO);
        assertThat(DimsePermission.requiredFor(UID.CTImageStorage)).isEqualTo(DimsePermission.STORE);
        assertThat(DimsePermission.requiredFor("1.2.3.4.5.6.7.8.9")).as("a private class, configured as extra storage")
            .isEqualTo(DimsePermission.STORE);
        assertThat(DimsePermission.requiredFor(UID.PatientRootQueryRetrieveInformationModelFind))
            .isEqualTo(DimsePermission.QUERY);
        assertThat(DimsePermission.requiredFor(UID.StudyRootQueryRetrieveInformationModelGet))
            .isEqualTo(DimsePermission.RETRIEVE);
        assertThat(DimsePermission.requiredFor(UID.StudyRootQueryRetrieveInformationModelMove))
            .isEqualTo(DimsePermission.MOVE);
        assertThat(DimsePermission.requiredFor(UID.CompositeInstanceRootRetrieveGet)).isEqualTo(DimsePermission.RETRIEVE);
        assertThat(DimsePermission.requiredFor(UID.ModalityWorklistInformationModelFind))
            .isEqualTo(DimsePermission.WORKLIST);
        assertThat(DimsePermission.requiredFor(UID.ModalityPerformedProcedureStep)).isEqualTo(DimsePermission.MPPS);
    }

    @Test
    void permissionNamesAreTheConfigurationsAndUnknownOnesAreNamed() {
        assertThat(DimsePermission.parse(" Retrieve ")).isEqualTo(DimsePermission.RETRIEVE);
        assertThat(DimsePermission.MPPS.configName()).isEqualTo("mpps");
        assertThatThrownBy(() -> DimsePermission.parse("get"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("\"get\"").hasMessageContaining("echo, store, query, retrieve, move, worklist, mpps");
    }

    @Test
    void rolesGrantPermissionsAndUnknownRolesGrantNone() {
        assertThat(RolePermissions.grantedBy(Set.of("viewer")))
            .containsExactlyInAnyOrder(DimsePermission.ECHO, DimsePermission.QUERY, DimsePermission.RETRIEVE);
        for (String role : List.of("technician", "integration", "radiologist", "Admin")) {
            assertThat(RolePermissions.grantedBy(Set.of(role))).as(role).isEqualTo(ALL);
        }
        assertThat(RolePermissions.grantedBy(Set.of("guest", "auditor"))).isEmpty();
        assertThat(RolePermissions.grantedBy(Set.of())).isEmpty();
    }

    // ---- admission ------------------------------------------------------------------------------------------

    @Test
    void byDefaultEveryCallingAeMayDoEverything() {
        AccessPolicy policy = settings("").access();
        assertThat(policy.admit("ANYONE", null)).contains(ALL);
        assertThat(policy.userIdentity()).isEqualTo(new UserIdentityPolicy(false, false));
    }

    @Test
    void anAllowListAdmitsOnlyItsTitlesFromTheirHostsWithTheirPermissions() throws Exception {
        AccessPolicy policy = settings("""
            cairn.dicom.access.default-permissions = [echo]
            cairn.dicom.access.allow-list = [
              { ae-title = "CT1", host = "127.0.0.1", permissions = [store] }
              { ae-title = "CT1", permissions = [echo] }
              { ae-title = "VIEWER", host = "::1", permissions = [query, retrieve] }
              { ae-title = "MR1" }
            ]
            """).access();
        assertThat(policy.admit("CT1", ip("127.0.0.1"))).contains(Set.of(DimsePermission.STORE, DimsePermission.ECHO));
        assertThat(policy.admit("CT1", ip("127.0.0.2"))).contains(Set.of(DimsePermission.ECHO));
        assertThat(policy.admit("VIEWER", ip("0:0:0:0:0:0:0:1")))
            .contains(Set.of(DimsePermission.QUERY, DimsePermission.RETRIEVE));
        assertThat(policy.admit("VIEWER", ip("127.0.0.1"))).isEmpty();
        assertThat(policy.admit("VIEWER", null)).as("address unknown: host entries do not match").isEmpty();
        assertThat(policy.admit("MR1", null)).as("no permissions given: the defaults").contains(Set.of(DimsePermission.ECHO));
        assertThat(policy.admit("ct1", ip("127.0.0.1"))).as("titles match exactly").isEmpty();
        assertThat(policy.admit("PACS", ip("127.0.0.1"))).isEmpty();
    }

    @Test
    void theOlderAllowedCallingAeTitlesJoinTheAllowListWithTheDefaults() {
        AccessPolicy policy = settings("""
            cairn.dicom.allowed-calling-ae-titles = [CT1]
            cairn.dicom.access.default-permissions = [echo, store]
            """).access();
        assertThat(policy.allowList()).containsExactly(new AccessPolicy.AllowedPeer("CT1", Set.of(),
            Set.of(DimsePermission.ECHO, DimsePermission.STORE)));
        assertThat(policy.admit("MR9", null)).isEmpty();
    }

    @Test
    void badAccessConfigurationStopsTheNode() {
        assertThatThrownBy(() -> settings("cairn.dicom.access.default-permissions = [echo, write]"))
            .hasMessageContaining("\"write\"");
        assertThatThrownBy(() -> settings("cairn.dicom.access.allow-list = [{ ae-title = \"MUCH_TOO_LONG_A_TITLE\" }]"))
            .hasMessageContaining("1 to 16 characters");
        assertThatThrownBy(() -> settings("cairn.dicom.access.allow-list = [{ permissions = [echo] }]"))
            .hasMessageContaining("ae-title");
    }

    // ---- user identity --------------------------------------------------------------------------------------

    @Test
    void onlyPasscodesAreVerifiedUnlessBareUserNamesAreTrusted() {
        UserIdentityPolicy strict = new UserIdentityPolicy(false, false);
        var withPassword = strict.credentials(password("bob", "pw", false)).orElseThrow();
        assertThat(withPassword.username()).isEqualTo("bob");
        assertThat(withPassword.passcode()).containsExactly('p', 'w');
        assertThat(withPassword.toString()).doesNotContain("pw");
        UserIdentity bare = new UserIdentity(UserIdentity.USERNAME, false, "bob".getBytes(StandardCharsets.UTF_8), null);
        assertThat(strict.credentials(bare)).isEmpty();
        assertThat(strict.unverifiable(bare)).isEqualTo(new UserIdentityVerdict.NotVerified("bob",
            "a user name without passcode is not trusted (username-only = false)"));
        var trusted = new UserIdentityPolicy(false, true).credentials(bare).orElseThrow();
        assertThat(trusted.passcode()).isNull();
        assertThat(strict.credentials(null)).isEmpty();
        assertThat(strict.unverifiable(null)).isEqualTo(new UserIdentityVerdict.Absent());
    }

    @Test
    void tokensAndUnknownTypesAreNotVerified() {
        UserIdentityPolicy policy = new UserIdentityPolicy(true, true);
        for (int type : List.of(UserIdentity.KERBEROS, UserIdentity.SAML, UserIdentity.JSON_WEB_TOKEN, 7)) {
            UserIdentity token = new UserIdentity(type, true, new byte[] {1, 2, 3}, null);
            assertThat(policy.credentials(token)).as("type %d", type).isEmpty();
            assertThat(policy.unverifiable(token)).isInstanceOf(UserIdentityVerdict.NotVerified.class);
        }
        assertThat(((UserIdentityVerdict.NotVerified) policy.unverifiable(new UserIdentity(UserIdentity.SAML, false,
            new byte[] {1}, null))).why()).isEqualTo("SAML assertions are not supported");
        assertThat(policy.credentials(password(" ", "pw", false))).as("a blank user name").isEmpty();
    }

    @Test
    void theAuthenticatorsAnswerBecomesTheVerdict() {
        var credentials = new UserIdentityPolicy.Credentials("bob", new byte[] {'p'});
        assertThat(UserIdentityPolicy.verdict(credentials, Optional.of(Set.of("viewer")), null))
            .isEqualTo(new UserIdentityVerdict.Verified("bob", Set.of("viewer")));
        assertThat(UserIdentityPolicy.verdict(credentials, Optional.empty(), null))
            .isEqualTo(new UserIdentityVerdict.NotVerified("bob", "unknown user or wrong passcode"));
        assertThat(UserIdentityPolicy.verdict(credentials, null, new TimeoutException()))
            .isEqualTo(new UserIdentityVerdict.NotVerified("bob", "the user store did not answer: TimeoutException"));
    }

    // ---- negotiation ----------------------------------------------------------------------------------------

    static final String QUERY_ONLY = """
        cairn.dicom.access.allow-list = [{ ae-title = "VIEWER", permissions = [echo, query] }]
        """;

    @Test
    void aCallingAeOffTheAllowListIsRejectedWithReason3BeforeItsUserIsChecked() {
        var outcome = Negotiation.negotiate(request("MR9", withIdentity(password("bob", "pw", true)),
            context(1, UID.Verification)), null, settings(QUERY_ONLY), NODE,
            new UserIdentityVerdict.Verified("bob", Set.of("admin")));
        assertThat(outcome).isEqualTo(new Negotiation.Outcome.Rejected(new Pdu.AssociateReject(
            RejectReason.RESULT_PERMANENT, RejectReason.SOURCE_SERVICE_USER, RejectReason.CALLING_AE_NOT_RECOGNIZED),
            "calling AE title MR9 is not allowed"));
        assertThat(Negotiation.screen(request("VIEWER", PLAIN), null, settings(QUERY_ONLY))).isEmpty();
    }

    @Test
    void contextsOfServicesNotPermittedAreUserRejections() {
        var outcome = Negotiation.negotiate(request("VIEWER", PLAIN, context(1, UID.Verification),
                context(3, UID.StudyRootQueryRetrieveInformationModelFind), context(5, UID.CTImageStorage),
                context(7, UID.StudyRootQueryRetrieveInformationModelMove), context(9, UID.ModalityPerformedProcedureStep),
                context(11, UID.SecondaryCaptureImageStorage)),
            null, settings(QUERY_ONLY), NODE, new UserIdentityVerdict.Absent());
        assertThat(results(outcome)).containsExactly(0, 0, PresentationContextResult.USER_REJECTION,
            PresentationContextResult.USER_REJECTION, PresentationContextResult.USER_REJECTION,
            PresentationContextResult.ABSTRACT_SYNTAX_NOT_SUPPORTED);
        var accepted = (Negotiation.Outcome.Accepted) outcome;
        assertThat(accepted.permissions()).containsExactlyInAnyOrder(DimsePermission.ECHO, DimsePermission.QUERY);
        assertThat(accepted.username()).isNull();
    }

    @Test
    void aStorageContextForCGetSubOperationsNeedsOnlyRetrieve() {
        AssociationSettings retrieveOnly = settings("cairn.dicom.access.default-permissions = [retrieve]");
        var asScp = withIdentity(null, new UserInformation.RoleSelection(UID.CTImageStorage, false, true),
            new UserInformation.RoleSelection(UID.StudyRootQueryRetrieveInformationModelGet, true, false),
            new UserInformation.RoleSelection(UID.Verification, true, false));
        var outcome = (Negotiation.Outcome.Accepted) Negotiation.negotiate(request("GETSCU", asScp,
                context(1, UID.StudyRootQueryRetrieveInformationModelGet), context(3, UID.CTImageStorage),
                context(5, UID.MRImageStorage), context(7, UID.Verification)),
            null, retrieveOnly, NODE, new UserIdentityVerdict.Absent());
        assertThat(results(outcome)).as("MR offered without the SCP role: a C-STORE of the peer's own")
            .containsExactly(0, 0, PresentationContextResult.USER_REJECTION, PresentationContextResult.USER_REJECTION);
        assertThat(outcome.accept().userInformation().roleSelections()).containsExactly(
            new UserInformation.RoleSelection(UID.CTImageStorage, false, true),
            new UserInformation.RoleSelection(UID.StudyRootQueryRetrieveInformationModelGet, true, false),
            new UserInformation.RoleSelection(UID.Verification, false, false));
        assertThat(Negotiation.permitsContext(UID.CTImageStorage, Set.of(DimsePermission.QUERY), Set.of(UID.CTImageStorage)))
            .as("without retrieve, the SCP role is no reason").isFalse();
    }

    @Test
    void extendedNegotiationIsAnsweredOnlyForPermittedClasses() {
        var ui = new UserInformation(16384, "1.2.3", null, null, List.of(), List.of(
            new UserInformation.ExtendedNegotiation(UID.StudyRootQueryRetrieveInformationModelFind, new byte[] {1}),
            new UserInformation.ExtendedNegotiation(UID.StudyRootQueryRetrieveInformationModelMove, new byte[] {1})),
            List.of(), null, null);
        var outcome = (Negotiation.Outcome.Accepted) Negotiation.negotiate(request("VIEWER", ui), null,
            settings(QUERY_ONLY), NODE, new UserIdentityVerdict.Absent());
        assertThat(outcome.accept().userInformation().extendedNegotiations())
            .extracting(UserInformation.ExtendedNegotiation::sopClassUid)
            .containsExactly(UID.StudyRootQueryRetrieveInformationModelFind);
    }

    static final String REQUIRED = """
        cairn.dicom.access.default-permissions = [echo]
        cairn.dicom.access.user-identity.required = true
        """;

    @Test
    void withoutAVerifiedUserARequiredIdentityRejectsWithReason1() {
        var absent = Negotiation.negotiate(request("CT1", PLAIN), null, settings(REQUIRED), NODE,
            new UserIdentityVerdict.Absent());
        assertThat(absent).isEqualTo(new Negotiation.Outcome.Rejected(new Pdu.AssociateReject(
            RejectReason.RESULT_PERMANENT, RejectReason.SOURCE_SERVICE_USER, RejectReason.NO_REASON_GIVEN),
            "a verified user identity is required: none given"));
        var wrong = (Negotiation.Outcome.Rejected) Negotiation.negotiate(request("CT1",
            withIdentity(password("bob", "nope", true))), null, settings(REQUIRED), NODE,
            new UserIdentityVerdict.NotVerified("bob", "unknown user or wrong passcode"));
        assertThat(wrong.reject().reason()).isEqualTo(RejectReason.NO_REASON_GIVEN);
        assertThat(wrong.why()).isEqualTo("a verified user identity is required: user bob: unknown user or wrong passcode");
    }

    @Test
    void aVerifiedUsersRolesAddPermissionsAndTheResponseIsEmptyWhenAsked() {
        var outcome = (Negotiation.Outcome.Accepted) Negotiation.negotiate(request("CT1",
                withIdentity(password("vera", "pw", true)), context(1, UID.Verification),
                context(3, UID.StudyRootQueryRetrieveInformationModelFind), context(5, UID.CTImageStorage)),
            null, settings(REQUIRED), NODE, new UserIdentityVerdict.Verified("vera", Set.of("viewer")));
        assertThat(results(outcome)).containsExactly(0, 0, PresentationContextResult.USER_REJECTION);
        assertThat(outcome.username()).isEqualTo("vera");
        assertThat(outcome.permissions()).containsExactlyInAnyOrder(DimsePermission.ECHO, DimsePermission.QUERY,
            DimsePermission.RETRIEVE);
        assertThat(outcome.accept().userInformation().userIdentityResponse()).isEmpty();

        var notAsked = (Negotiation.Outcome.Accepted) Negotiation.negotiate(request("CT1",
            withIdentity(password("tom", "pw", false)), context(5, UID.CTImageStorage)), null, settings(REQUIRED), NODE,
            new UserIdentityVerdict.Verified("tom", Set.of("technician")));
        assertThat(results(notAsked)).containsExactly(0);
        assertThat(notAsked.accept().userInformation().userIdentityResponse()).isNull();
    }

    @Test
    void aFailedIdentityThatIsNotRequiredLeavesTheCallingAesPermissionsAndNoResponse() {
        var outcome = (Negotiation.Outcome.Accepted) Negotiation.negotiate(request("CT1",
                withIdentity(password("bob", "nope", true)), context(1, UID.Verification), context(3, UID.CTImageStorage)),
            null, settings("cairn.dicom.access.default-permissions = [echo]"), NODE,
            new UserIdentityVerdict.NotVerified("bob", "unknown user or wrong passcode"));
        assertThat(results(outcome)).containsExactly(0, PresentationContextResult.USER_REJECTION);
        assertThat(outcome.username()).isNull();
        assertThat(outcome.accept().userInformation().userIdentityResponse()).isNull();
    }

    @Test
    void theUserAuthenticatorIsWiredIntoTheSettings() {
        AssociationSettings s = settings("");
        assertThat(s.userAuthenticator().verify("anyone", new byte[0])).as("no users until wired").isEmpty();
        DimseUserAuthenticator one = (user, passcode) -> Optional.of(Set.of("viewer"));
        assertThat(s.withUserAuthenticator(one).userAuthenticator()).isSameAs(one);
        assertThat(s.withUserAuthenticator(one).withPort(4242).userAuthenticator()).isSameAs(one);
    }
}
