package org.cairn.association;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.cairn.blob.LocalBlobStore;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.Implementation;
import org.cairn.dicom.Vr;
import org.cairn.dicom.dict.Tag;
import org.cairn.dicom.dict.UID;
import org.cairn.ingest.StorageService;
import org.cairn.journal.JournalSchema;
import org.cairn.net.dimse.CommandField;
import org.cairn.net.dimse.Commands;
import org.cairn.net.pdu.Pdu;
import org.cairn.net.pdu.PduCodec;
import org.cairn.net.pdu.PresentationContextRequest;
import org.cairn.net.pdu.UserInformation;
import org.cairn.qr.FindService;
import org.cairn.study.DuplicatePolicy;
import org.cairn.study.ShardedStudies;
import org.cairn.views.ViewDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DICOM access control end to end: DCMTK's echoscu, findscu and storescu (and a raw socket, for what they cannot
 * send) against two real listeners with the real storage and query services. One admits a few calling AEs, each
 * with its permissions; the other requires a user name and password, checked by a small in-test user list.
 */
class AccessControlScpTest {
    static final Path CT = Path.of(System.getProperty("cairn.corpus")).resolve("pydicom/CT_small.dcm");

    /** The users of the identity-requiring node: password and roles, as a user store would answer. */
    record User(String password, Set<String> roles) {
    }

    static final Map<String, User> USERS = Map.of(
        "tech", new User("s3cret", Set.of("technician")),
        "vera", new User("look", Set.of("viewer")));

    /** Checks {@link #USERS}; "broken" is a user store that fails, "slow" one that answers after the ARTIM time. */
    static final DimseUserAuthenticator IN_TEST_USERS = (username, passcode) -> {
        if (username.equals("broken")) {
            throw new IllegalStateException("user store unavailable");
        }
        if (username.equals("slow")) {
            try {
                Thread.sleep(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Optional.of(Set.of("admin"));
        }
        User user = USERS.get(username);
        return user != null && passcode != null
            && Arrays.equals(user.password().getBytes(StandardCharsets.UTF_8), passcode)
            ? Optional.of(user.roles()) : Optional.empty();
    };

    @TempDir
    static Path dataDir;

    static DicomNodeFixture allowList;
    static DicomNodeFixture identityRequired;
    static ViewDatabase views;
    static java.util.concurrent.ExecutorService blocking = Executors.newFixedThreadPool(2);

    @BeforeAll
    static void start() throws Exception {
        Path a = dataDir.resolve("allow-list");
        String url = "jdbc:h2:file:" + a + "/journal/cairn;DB_CLOSE_ON_EXIT=FALSE";
        JournalSchema.migrate(url, "cairn", "");
        views = ViewDatabase.open(url, "cairn", "", 2);
        Map<String, Object> listed = node(a);
        listed.put("cairn.dicom.access.allow-list", List.of(
            Map.of("ae-title", "VIEWER", "permissions", List.of("echo", "query")),
            Map.of("ae-title", "GETSCU", "permissions", List.of("retrieve")),
            Map.of("ae-title", "MODALITY")));
        allowList = new DicomNodeFixture(listed, UnaryOperator.identity(), system -> List.of(new VerificationService(),
            storage(system, a), new FindService(views.dataSource(), blocking, "CAIRN", 100, true)));

        Path b = dataDir.resolve("identity");
        JournalSchema.migrate("jdbc:h2:file:" + b + "/journal/cairn;DB_CLOSE_ON_EXIT=FALSE", "cairn", "");
        Map<String, Object> required = node(b);
        required.put("cairn.dicom.access.default-permissions", List.of("echo"));
        required.put("cairn.dicom.access.user-identity.required", true);
        required.put("cairn.dicom.artim-timeout", "1s");
        identityRequired = new DicomNodeFixture(required, s -> s.withUserAuthenticator(IN_TEST_USERS),
            system -> List.of(new VerificationService(), storage(system, b)));
    }

    /** A one-node cluster with its journal and blobs under {@code dir}: what the storage service runs on. */
    private static Map<String, Object> node(Path dir) {
        Map<String, Object> overrides = new HashMap<>(Map.of(
            "pekko.actor.provider", "cluster",
            "pekko.remote.artery.canonical.hostname", "127.0.0.1",
            "pekko.remote.artery.canonical.port", 0,
            "pekko.cluster.jmx.multi-mbeans-in-same-jvm", "on",
            "cairn.data-dir", dir.toString()));
        return overrides;
    }

    private static StorageService storage(ActorSystem<?> system, Path dir) {
        try {
            Cluster cluster = Cluster.get(system);
            cluster.manager().tell(Join.create(cluster.selfMember().address()));
            ShardedStudies studies = ShardedStudies.init(system, DuplicatePolicy.REJECT, 100, Duration.ofSeconds(30));
            return new StorageService(system, LocalBlobStore.open(dir.resolve("blobs")), studies, Set.of());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stop() {
        allowList.close();
        identityRequired.close();
        views.close();
        blocking.shutdown();
    }

    record Run(int exit, String output) {
    }

    /** Runs a DCMTK tool against {@code node} on loopback: {@code tool args... 127.0.0.1 port [files...]}. */
    static Run dcmtk(DicomNodeFixture node, String tool, List<String> args, String... files) throws Exception {
        List<String> command = new ArrayList<>(List.of(tool, "-aec", "CAIRN"));
        command.addAll(args);
        command.addAll(List.of("127.0.0.1", Integer.toString(node.port())));
        command.addAll(List.of(files));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    // ---- the allow-list ------------------------------------------------------------------------------------

    @Test
    void aCallingAeOffTheAllowListIsRejectedWithReason3() throws Exception {
        Run run = dcmtk(allowList, "echoscu", List.of("-v", "-aet", "INTRUDER"));
        assertThat(run.exit()).as(run.output()).isNotZero();
        assertThat(run.output()).contains("Association Rejected")
            .containsIgnoringCase("Rejected Permanent").containsIgnoringCase("Calling AE Title Not Recognized");
        Run listed = dcmtk(allowList, "echoscu", List.of("-v", "-aet", "MODALITY"));
        assertThat(listed.exit()).as(listed.output()).isZero();
    }

    @Test
    void aListedAeWithOnlyQueryMayFindButNotStore() throws Exception {
        Run find = dcmtk(allowList, "findscu", List.of("-v", "-S", "-aet", "VIEWER", "-k", "QueryRetrieveLevel=STUDY",
            "-k", "StudyInstanceUID"));
        assertThat(find.exit()).as(find.output()).isZero();
        assertThat(find.output()).contains("Association Accepted").doesNotContain("E: ");

        Run store = dcmtk(allowList, "storescu", List.of("-d", "-aet", "VIEWER"), CT.toString());
        assertThat(store.exit()).as(store.output()).isNotZero();
        // accepted, with every storage context rejected (DCMTK's debug output shows the A-ASSOCIATE-AC, not why)
        assertThat(store.output()).contains("PDU Type: Associate Accept").contains("No Acceptable Presentation Contexts")
            .doesNotContain("Received Store Response (Success)");

        Run modality = dcmtk(allowList, "storescu", List.of("-v", "-aet", "MODALITY"), CT.toString());
        assertThat(modality.exit()).as(modality.output()).isZero();
        assertThat(modality.output()).contains("Received Store Response (Success)");
    }

    @Test
    void aCStoreOnAContextAcceptedForCGetIsRefusedAsNotAuthorized() throws Exception {
        // GETSCU may retrieve: the CT context it offers to be SCP of is accepted, for C-GET's sub-operations
        UserInformation ui = new UserInformation(16384, Implementation.CLASS_UID, Implementation.VERSION_NAME, null,
            List.of(new UserInformation.RoleSelection(UID.CTImageStorage, false, true)), List.of(), List.of(), null, null);
        Pdu.AssociateRequest rq = new Pdu.AssociateRequest(1, "CAIRN", "GETSCU", Negotiation.APPLICATION_CONTEXT,
            List.of(new PresentationContextRequest(1, UID.CTImageStorage, List.of(UID.ExplicitVRLittleEndian))), ui);
        try (Socket socket = new Socket("127.0.0.1", allowList.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(PduCodec.encode(rq));
            InputStream in = socket.getInputStream();
            Pdu.AssociateAccept ac = (Pdu.AssociateAccept) readPdu(in);
            assertThat(ac.presentationContexts().get(0).accepted()).isTrue();

            DataSet command = Commands.request(CommandField.C_STORE_RQ, 5, UID.CTImageStorage, true);
            command.putString(Tag.AffectedSOPInstanceUID, Vr.UI, "1.2.3.4");
            // the data set is dropped unread: any bytes do
            socket.getOutputStream().write(PduCodec.encode(new Pdu.PData(List.of(
                new Pdu.Pdv(1, true, true, Commands.encode(command)),
                new Pdu.Pdv(1, false, false, new byte[1000]),
                new Pdu.Pdv(1, false, true, new byte[10])))));
            Pdu.PData answer = (Pdu.PData) readPdu(in);
            DataSet response = Commands.decode(answer.values().get(0).data());
            assertThat(Commands.commandField(response)).isEqualTo(CommandField.C_STORE_RSP);
            assertThat(Commands.status(response)).isEqualTo(0x0124);
            assertThat(response.getString(Tag.ErrorComment)).isEqualTo("not authorized to store");
            assertThat(response.getString(Tag.AffectedSOPInstanceUID)).isEqualTo("1.2.3.4");

            socket.getOutputStream().write(PduCodec.encode(new Pdu.ReleaseRequest()));
            assertThat(readPdu(in)).isEqualTo(new Pdu.ReleaseResponse());
        }
    }

    // ---- user identity required ----------------------------------------------------------------------------

    @Test
    void aTechnicianWithTheRightPasswordMayStoreAndGetsAnEmptyPositiveResponse() throws Exception {
        Run run = dcmtk(identityRequired, "storescu", List.of("-d", "-aet", "CT1", "--user", "tech", "--password",
            "s3cret", "--pos-response"), CT.toString());
        assertThat(run.exit()).as(run.output()).isZero();
        // DCMTK's debug output shows the User Identity sub-item (59H) it found in the A-ASSOCIATE-AC
        assertThat(run.output()).contains("User Identity Negotiation Response:\nD:   Server Response (not dumped) length: 0")
            .contains("Message Type                  : C-STORE RSP").contains("DIMSE Status                  : 0x0000: Success");
    }

    @Test
    void aWrongPasswordIsRejectedWithReason1() throws Exception {
        Run run = dcmtk(identityRequired, "storescu", List.of("-v", "-aet", "CT1", "--user", "tech", "--password",
            "guess"), CT.toString());
        assertThat(run.exit()).as(run.output()).isNotZero();
        assertThat(run.output()).contains("Association Rejected").containsIgnoringCase("Rejected Permanent")
            .containsIgnoringCase("No Reason");
        Run anonymous = dcmtk(identityRequired, "echoscu", List.of("-v", "-aet", "CT1"));
        assertThat(anonymous.exit()).as(anonymous.output()).isNotZero();
        assertThat(anonymous.output()).contains("Association Rejected");
    }

    @Test
    void aUserStoreThatFailsOrIsTooSlowVerifiesNobody() throws Exception {
        for (String user : List.of("broken", "slow")) {
            Run run = dcmtk(identityRequired, "storescu", List.of("-v", "-aet", "CT1", "--user", user, "--password", "x"),
                CT.toString());
            assertThat(run.exit()).as(run.output()).isNotZero();
            assertThat(run.output()).as(user).contains("Association Rejected").containsIgnoringCase("No Reason");
        }
    }

    @Test
    void aMalformedUserIdentitySubItemIsAnsweredWithAnAbort() throws Exception {
        Pdu.AssociateRequest rq = new Pdu.AssociateRequest(1, "CAIRN", "MODALITY", Negotiation.APPLICATION_CONTEXT,
            List.of(new PresentationContextRequest(1, UID.Verification, List.of(UID.ImplicitVRLittleEndian))),
            new UserInformation(16384, Implementation.CLASS_UID, null, null, List.of(), List.of(), List.of(),
                new UserInformation.UserIdentity(1, false, "bob".getBytes(StandardCharsets.UTF_8), null), null));
        byte[] bytes = PduCodec.encode(rq);
        // the sub-item is the PDU's last: 58H, 0, length 9, type 1, 0, length 3, "bob", length 0. Claim the
        // primary field is 4 bytes long: it now runs into the secondary field's length and that one past the end
        assertThat(bytes[bytes.length - 13]).isEqualTo((byte) 0x58);
        bytes[bytes.length - 6] = 4;
        try (Socket socket = new Socket("127.0.0.1", allowList.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(bytes);
            assertThat(readPdu(socket.getInputStream())).isEqualTo(new Pdu.Abort(
                org.cairn.net.pdu.AbortReason.SOURCE_SERVICE_PROVIDER,
                org.cairn.net.pdu.AbortReason.INVALID_PDU_PARAMETER_VALUE));
        }
    }

    @Test
    void aViewersRolesDoNotIncludeStoring() throws Exception {
        Run store = dcmtk(identityRequired, "storescu", List.of("-d", "-aet", "WS1", "--user", "vera", "--password",
            "look"), CT.toString());
        assertThat(store.exit()).as(store.output()).isNotZero();
        assertThat(store.output()).contains("PDU Type: Associate Accept").contains("No Acceptable Presentation Contexts");
    }

    private static Pdu readPdu(InputStream in) throws Exception {
        byte[] header = in.readNBytes(6);
        byte[] body = in.readNBytes((int) PduCodec.declaredLength(header, 0));
        byte[] pdu = Arrays.copyOf(header, 6 + body.length);
        System.arraycopy(body, 0, pdu, 6, body.length);
        return PduCodec.decode(pdu);
    }
}
