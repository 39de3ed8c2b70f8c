package org.cairn.node;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.cairn.dicom.DataElement;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.DicomWriter;
import org.cairn.dicom.TransferSyntax;
import org.cairn.dicom.Vr;
import org.cairn.dicom.dict.Tag;
import org.cairn.dicom.dict.UID;
import org.cairn.net.dimse.Status;
import org.cairn.scu.AssociationRequest;
import org.cairn.scu.DicomClient;
import org.cairn.scu.ScuAssociation;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, acceptance 4, through a node process: a study stored over DIMSE becomes stable, and the node publishes it
 * to a FHIR server (a real HTTP server here, with an OAuth2 token endpoint) as SatuSehat expects: a client
 * credentials token, the ServiceRequest found by the accession identifier, then a POSTed ImagingStudy, which HAPI's
 * strict R4 parser reads and which matches the study. (actors' {@code ImagingStudyBuilderTest} and
 * {@code FhirPublisherTest} check the R4 invariants and the retries.)
 */
class FhirPublicationAcceptanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCESSION_SYSTEM = "http://sys-ids.kemkes.go.id/acsn/100000001";

    @TempDir
    Path dir;

    /** The FHIR server: token endpoint, ServiceRequest search by identifier, ImagingStudy creation. */
    static final class FhirServer implements AutoCloseable {
        final HttpServer server;
        final List<String> imagingStudies = new CopyOnWriteArrayList<>();
        final List<String> searches = new CopyOnWriteArrayList<>();
        final AtomicInteger tokens = new AtomicInteger();

        FhirServer() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/oauth2/token", exchange -> {
                String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                boolean valid = form.contains("grant_type=client_credentials") && form.contains("client_id=cairn")
                    && form.contains("client_secret=the-secret");
                tokens.incrementAndGet();
                answer(exchange, valid ? 200 : 401, valid
                    ? "{\"access_token\":\"token-1\",\"token_type\":\"Bearer\",\"expires_in\":\"3599\"}"
                    : "{\"error\":\"invalid_client\"}");
            });
            server.createContext("/fhir", exchange -> {
                if (!"Bearer token-1".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    answer(exchange, 401, "{\"resourceType\":\"OperationOutcome\"}");
                    return;
                }
                String path = exchange.getRequestURI().getPath();
                if (path.equals("/fhir/ServiceRequest") && exchange.getRequestMethod().equals("GET")) {
                    String query = URLDecoder.decode(exchange.getRequestURI().getRawQuery(), StandardCharsets.UTF_8);
                    searches.add(query);
                    boolean known = query.equals("identifier=" + ACCESSION_SYSTEM + "|ACC-4242");
                    answer(exchange, 200, "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"total\":"
                        + (known ? 1 : 0) + (known ? ",\"entry\":[{\"resource\":{\"resourceType\":\"ServiceRequest\","
                        + "\"id\":\"sr-77\",\"status\":\"active\",\"intent\":\"order\","
                        + "\"subject\":{\"reference\":\"Patient/p-9\"}}}]" : "") + "}");
                } else if (path.equals("/fhir/ImagingStudy") && exchange.getRequestMethod().equals("POST")) {
                    imagingStudies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                    answer(exchange, 201, "{\"resourceType\":\"ImagingStudy\",\"id\":\"is-1\"}");
                } else {
                    answer(exchange, 404, "{\"resourceType\":\"OperationOutcome\"}");
                }
            });
            server.start();
        }

        String base() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        private static void answer(HttpExchange exchange, int status, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/fhir+json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @Test
    void aStableStudyIsPublishedAsAnR4ImagingStudyBasedOnItsServiceRequest() throws Exception {
        try (FhirServer fhir = new FhirServer()) {
            Path config = Files.writeString(dir.resolve("cairn.conf"), String.join("\n",
                "cairn.events { stable-after = 1s, stable-check-interval = 200ms }",
                "cairn.events.fhir-publisher {",
                "  enabled = true",
                "  base-url = \"" + fhir.base() + "/fhir\"",
                "  token-url = \"" + fhir.base() + "/oauth2/token\"",
                "  client-id = cairn",
                "  client-secret = the-secret",
                "  accession-system = \"" + ACCESSION_SYSTEM + "\"",
                "  time-zone = \"Asia/Jakarta\"",
                "  poll-interval = 200ms",
                "}", ""));
            String study = "2.25." + Math.abs(System.nanoTime() % 1_000_000_000L);
            try (NodeProcess node = NodeProcess.start(dir.resolve("data"), dir.resolve("node.log"), "512m",
                     "--config", config.toString());
                 DicomClient client = DicomClient.create()) {
                ScuAssociation a = client.connect("127.0.0.1", node.dicomPort, AssociationRequest.to("CAIRN")
                    .propose(UID.CTImageStorage, UID.ExplicitVRLittleEndian)
                    .propose(UID.MRImageStorage, UID.ExplicitVRLittleEndian)).toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
                for (int i = 0; i < 5; i++) {
                    boolean ct = i < 3;
                    String sop = study + "." + (ct ? 1 : 2) + "." + i;
                    byte[] bytes = DicomWriter.toBytes(instance(study, ct, sop, i), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
                    assertThat(a.store(ct ? UID.CTImageStorage : UID.MRImageStorage, sop,
                        TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, bytes).toCompletableFuture().get(30, TimeUnit.SECONDS)
                        .status()).isEqualTo(Status.SUCCESS);
                }
                a.release().toCompletableFuture().get(30, TimeUnit.SECONDS);

                long deadline = System.currentTimeMillis() + 60_000;
                while (fhir.imagingStudies.isEmpty() && System.currentTimeMillis() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(fhir.imagingStudies).as("an ImagingStudy within 60 s").hasSize(1);
                assertThat(fhir.searches).contains("identifier=" + ACCESSION_SYSTEM + "|ACC-4242");
                assertThat(fhir.tokens.get()).isEqualTo(1);

                IParser strict = FhirContext.forR4().newJsonParser().setParserErrorHandler(new StrictErrorHandler());
                ImagingStudy sent = strict.parseResource(ImagingStudy.class, fhir.imagingStudies.get(0));
                assertThat(sent.getStatus()).isEqualTo(ImagingStudy.ImagingStudyStatus.AVAILABLE);
                assertThat(sent.getIdentifier()).anySatisfy(id -> {
                    assertThat(id.getSystem()).isEqualTo("urn:dicom:uid");
                    assertThat(id.getValue()).isEqualTo("urn:oid:" + study);
                });
                assertThat(sent.getIdentifier()).anySatisfy(id -> {
                    assertThat(id.getSystem()).isEqualTo(ACCESSION_SYSTEM);
                    assertThat(id.getValue()).isEqualTo("ACC-4242");
                });
                assertThat(sent.getBasedOn()).singleElement()
                    .satisfies(r -> assertThat(r.getReference()).isEqualTo("ServiceRequest/sr-77"));
                assertThat(sent.getSubject().getReference()).isEqualTo("Patient/p-9");
                assertThat(sent.getNumberOfSeries()).isEqualTo(2);
                assertThat(sent.getNumberOfInstances()).isEqualTo(5);
                assertThat(sent.getModality().stream().map(c -> c.getCode()).collect(Collectors.toSet()))
                    .isEqualTo(Set.of("CT", "MR"));
                assertThat(sent.getSeries()).extracting(s -> s.getUid())
                    .containsExactlyInAnyOrder(study + ".1", study + ".2");
                assertThat(sent.getSeries().stream().mapToInt(s -> s.getInstance().size()).sum()).isEqualTo(5);
                assertThat(sent.getSeries()).allSatisfy(s -> assertThat(s.getInstance()).allSatisfy(i ->
                    assertThat(i.getSopClass().getCode()).startsWith("urn:oid:1.2.840.10008.5.1.4.1.1.")));

                JsonNode status = waitForPublished(node, study);
                assertThat(status.get("resourceId").asText()).isEqualTo("is-1");
                assertThat(status.get("serviceRequest").asText()).contains("sr-77");
                JsonNode list = JSON.readTree(node.get("/api/fhir/publications?state=published").body());
                assertThat(list.get("enabled").asBoolean()).isTrue();
                assertThat(list.get("publications")).anySatisfy(p ->
                    assertThat(p.get("studyInstanceUid").asText()).isEqualTo(study));
            }
        }
    }

    private static JsonNode waitForPublished(NodeProcess node, String study) throws Exception {
        long deadline = System.currentTimeMillis() + Duration.ofSeconds(30).toMillis();
        while (true) {
            HttpResponse<byte[]> r = node.get("/api/fhir/publications/" + study);
            if (r.statusCode() == 200) {
                JsonNode body = JSON.readTree(r.body());
                if (body.get("state").asText().equals("published")) {
                    return body;
                }
            }
            assertThat(System.currentTimeMillis()).as("published within 30 s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static DataSet instance(String study, boolean ct, String sop, int n) {
        DataSet ds = new DataSet()
            .putString(Tag.SOPClassUID, Vr.UI, ct ? UID.CTImageStorage : UID.MRImageStorage)
            .putString(Tag.SOPInstanceUID, Vr.UI, sop)
            .putString(Tag.StudyDate, Vr.DA, "20270105")
            .putString(Tag.StudyTime, Vr.TM, "101530")
            .putString(Tag.AccessionNumber, Vr.SH, "ACC-4242")
            .putString(Tag.Modality, Vr.CS, ct ? "CT" : "MR")
            .putString(Tag.PatientName, Vr.PN, "Sari^Dewi")
            .putString(Tag.PatientID, Vr.LO, "P-9")
            .putString(Tag.StudyInstanceUID, Vr.UI, study)
            .putString(Tag.SeriesInstanceUID, Vr.UI, study + "." + (ct ? 1 : 2))
            .putString(Tag.SeriesNumber, Vr.IS, ct ? "1" : "2")
            .putString(Tag.InstanceNumber, Vr.IS, Integer.toString(n + 1));
        byte[] pixels = new byte[16 * 16 * 2];
        return ds.putString(Tag.Rows, Vr.US, "16").putString(Tag.Columns, Vr.US, "16")
            .put(DataElement.of(Tag.PixelData, Vr.OW, pixels));
    }
}
