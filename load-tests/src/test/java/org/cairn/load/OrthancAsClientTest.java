package org.cairn.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.cairn.dicom.DicomReader;
import org.cairn.dicom.dict.Tag;
import org.cairn.load.peers.Peers;
import org.cairn.scu.AssociationRequest;
import org.cairn.scu.DicomClient;
import org.cairn.scu.ScuAssociation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5, acceptance 2: Orthanc as a Query/Retrieve client of Cairn. Orthanc's REST {@code /modalities/cairn/query}
 * finds the studies Cairn holds, and retrieving the answers (Orthanc's C-MOVE to itself) brings them into Orthanc.
 */
class OrthancAsClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void orthancQueriesCairnAndRetrievesTheStudies(@TempDir Path dir) throws Exception {
        Path corpus = Path.of(System.getProperty("cairn.corpus"));
        List<Path> files = List.of(corpus.resolve("pydicom/CT_small.dcm"), corpus.resolve("pydicom/MR_small.dcm"));
        Set<String> studies = new TreeSet<>();
        for (Path f : files) {
            studies.add(DicomReader.read(f).dataSet().getString(Tag.StudyInstanceUID));
        }
        int cairnPort = Peers.freePort();
        try (Peers.Peer orthanc = Peers.orthanc(Files.createDirectories(dir.resolve("orthanc")), "ORTHANC",
            Map.of("cairn", "[\"CAIRN\", \"127.0.0.1\", " + cairnPort + "]"))) {
            Path config = Files.writeString(dir.resolve("cairn.conf"), "cairn.retrieve.destinations { ORTHANC { "
                + "host = \"127.0.0.1\", port = " + orthanc.port() + " } }\n");
            try (CairnProcess cairn = CairnProcess.start(dir, dir.resolve("data"), cairnPort, List.of("-Xmx512m"),
                List.of("--config", config.toString()));
                 DicomClient client = DicomClient.create()) {
                ScuAssociation a = client.connect("127.0.0.1", cairn.dicomPort, AssociationRequest.to("CAIRN")
                    .propose("1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.1.2.1")
                    .propose("1.2.840.10008.5.1.4.1.1.4", "1.2.840.10008.1.2.1")).toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
                for (Path f : files) {
                    assertThat(a.store(f).toCompletableFuture().get(30, TimeUnit.SECONDS).status()).isZero();
                }
                a.release().toCompletableFuture().get(10, TimeUnit.SECONDS);
                long deadline = System.currentTimeMillis() + 30_000;
                while (JSON.readTree(cairn.get("/dicom-web/studies").body()).size() < studies.size()
                    && System.currentTimeMillis() < deadline) {
                    Thread.sleep(100);
                }

                String base = "http://127.0.0.1:" + orthanc.httpPort();
                JsonNode query = post(base + "/modalities/cairn/query",
                    "{\"Level\": \"Study\", \"Query\": {\"StudyInstanceUID\": \"\", \"PatientName\": \"*\"}}");
                String id = query.get("ID").asText();
                JsonNode answers = get(base + "/queries/" + id + "/answers?expand");
                Set<String> found = new TreeSet<>();
                for (JsonNode answer : answers) {
                    found.add(answer.get("0020,000d").get("Value").asText());
                }
                assertThat(found).isEqualTo(studies);

                post(base + "/queries/" + id + "/retrieve", "{\"TargetAet\": \"ORTHANC\", \"Synchronous\": true}");
                Set<String> inOrthanc = new TreeSet<>();
                for (JsonNode study : get(base + "/studies?expand")) {
                    inOrthanc.add(study.get("MainDicomTags").get("StudyInstanceUID").asText());
                }
                assertThat(inOrthanc).isEqualTo(studies);
            }
        }
    }

    private static JsonNode get(String url) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(url + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static JsonNode post(String url, String body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url))
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(url + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }
}
