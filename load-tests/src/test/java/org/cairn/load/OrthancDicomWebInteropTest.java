package org.cairn.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.DicomReader;
import org.cairn.dicom.dict.Tag;
import org.cairn.load.peers.Peers;
import org.cairn.scu.AssociationRequest;
import org.cairn.scu.DicomClient;
import org.cairn.scu.Part10Header;
import org.cairn.scu.ScuAssociation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, acceptance 1: Cairn's DICOMweb against Orthanc's DICOMweb plugin (Debian's orthanc-dicomweb 1.7) as a
 * client, in both directions, with real processes on loopback. Orthanc knows Cairn as the DICOMweb server
 * {@code cairn}, with the administrator's credentials (HTTP Basic).
 *
 * <ul>
 *   <li>Orthanc → Cairn: two studies uploaded into Orthanc's REST API are sent by Orthanc's STOW-RS client
 *       ({@code POST /dicom-web/servers/cairn/stow}); Cairn serves each instance back by WADO-URI.</li>
 *   <li>Cairn → Orthanc: studies Cairn received by C-STORE are fetched by Orthanc's WADO-RS client
 *       ({@code POST /dicom-web/servers/cairn/retrieve}), which stores every part it receives.</li>
 * </ul>
 *
 * Every instance that went across is read by pydicom on both sides and must be the same data set: the same
 * elements with the same VRs and values, Pixel Data byte-equal (the File Meta Information may differ).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrthancDicomWebInteropTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** Debian's python3, which has pydicom (a pyenv python3 on the PATH may not). */
    private static final String PYTHON = "/usr/bin/python3";
    /** A CT study of pydicom's DICOMDIR tests: 7 instances in 2 series, explicit VR little endian. */
    private static final String CT_STUDY = "1.3.6.1.4.1.5962.1.1.0.0.0.1194734704.16302.0.1";
    /**
     * Two Siemens diffusion mosaics from nibabel, of one study: implicit VR little endian, CSA private headers,
     * 1.7 MB each, no Patient ID. (The study's two other files in the corpus name another SOP Instance UID in their
     * File Meta than in their data set: Cairn refuses them, rightly, and Orthanc's STOW-RS job then fails whole.)
     */
    private static final List<String> SIEMENS_MOSAICS = List.of("nibabel/siemens_dwi_0.dcm",
        "nibabel/siemens_dwi_1000.dcm");
    private static final String SIEMENS_STUDY = "1.3.12.2.1107.5.2.32.35119.30000010011408520750000000022";
    /** An MR study of pydicom's DICOMDIR tests: 11 instances in 3 series, explicit VR little endian. */
    private static final String MR_STUDY = "1.3.6.1.4.1.5962.1.1.0.0.0.1196533885.18148.0.1";
    /** Two instances of one study in JPEG Extended and JPEG 2000: encapsulated Pixel Data kept as it is. */
    private static final List<String> COMPRESSED_STUDY_FILES = List.of("pydicom/JPEG-lossy.dcm", "pydicom/JPEG2000.dcm");
    private static final String COMPRESSED_SYNTAXES = "\"1.2.840.10008.1.2.4.51\", \"1.2.840.10008.1.2.4.90\","
        + " \"1.2.840.10008.1.2.4.91\"";

    /**
     * Compares pairs of files given as arguments (original, copy): one line per pair, "SAME" or "DIFFERENT" and
     * what differs. The data sets are compared element by element (sequences through their items), Pixel Data as
     * bytes; the File Meta Information is not compared.
     */
    private static final String COMPARE = """
        import sys, pydicom
        def differences(a, b, where=''):
            found = []
            for tag in sorted(set(a.keys()) | set(b.keys())):
                if tag not in b:
                    found.append('%s%s missing from the copy' % (where, tag))
                elif tag not in a:
                    found.append('%s%s added in the copy' % (where, tag))
                else:
                    ea, eb = a[tag], b[tag]
                    if ea.VR != eb.VR:
                        found.append('%s%s VR %s became %s' % (where, tag, ea.VR, eb.VR))
                    elif ea.VR == 'SQ':
                        if len(ea.value) != len(eb.value):
                            found.append('%s%s has %d items, not %d' % (where, tag, len(eb.value), len(ea.value)))
                        for i, (ia, ib) in enumerate(zip(ea.value, eb.value)):
                            found += differences(ia, ib, '%s%s[%d].' % (where, tag, i))
                    elif ea.value != eb.value:
                        found.append('%s%s value %r became %r' % (where, tag, str(ea.value)[:60], str(eb.value)[:60]))
            return found
        args = sys.argv[1:]
        for original, copy in zip(args[0::2], args[1::2]):
            a, b = pydicom.dcmread(original), pydicom.dcmread(copy)
            found = differences(a, b)
            pixels = ''
            if 'PixelData' in a:
                if 'PixelData' not in b or bytes(a.PixelData) != bytes(b.PixelData):
                    found.append('Pixel Data bytes differ')
                else:
                    pixels = ', Pixel Data %d bytes equal' % len(a.PixelData)
            print(('DIFFERENT %s: %s' % (copy, '; '.join(found))) if found else
                  ('SAME %s: %d elements%s, stored as %s' % (copy, len(a), pixels, b.file_meta.TransferSyntaxUID)))
        """;

    @TempDir
    static Path dir;
    private Path corpus;
    private CairnProcess cairn;
    private Peers.Peer orthanc;
    private String orthancUrl;

    @BeforeAll
    void startCairnAndOrthanc() throws Exception {
        corpus = Path.of(System.getProperty("cairn.corpus"));
        Path config = Files.writeString(dir.resolve("cairn.conf"), "cairn.dicom.transfer-syntaxes = "
            + "[\"1.2.840.10008.1.2.1\", \"1.2.840.10008.1.2\", " + COMPRESSED_SYNTAXES + "]\n");
        cairn = CairnProcess.start(dir, dir.resolve("data"), 0, List.of("-Xmx512m"),
            List.of("--config", config.toString()));
        String server = """
            {"Url": "http://127.0.0.1:%d/dicom-web/", "Username": "admin", "Password": "%s"}"""
            .formatted(cairn.httpPort, CairnProcess.ADMIN_PASSWORD);
        orthanc = Peers.orthancDicomWebClient(Files.createDirectories(dir.resolve("orthanc")), "ORTHANC", Map.of(),
            Map.of("cairn", server), true);
        orthancUrl = "http://127.0.0.1:" + orthanc.httpPort();
    }

    @AfterAll
    void stop() throws Exception {
        if (orthanc != null) {
            orthanc.close();
        }
        if (cairn != null) {
            cairn.close();
        }
    }

    @Test
    void orthancStoresStudiesIntoCairnByStowRs() throws Exception {
        Map<String, Path> ct = studyFiles(corpus.resolve("pydicom/dicomdirtests/98892001"), CT_STUDY);
        assertThat(ct).hasSize(7);
        Map<String, Path> mosaics = new TreeMap<>();
        for (String name : SIEMENS_MOSAICS) {
            Path f = corpus.resolve(name);
            mosaics.put(Part10Header.read(f).sopInstance(), f);
        }
        Map<String, Path> originals = new TreeMap<>(ct);
        originals.putAll(mosaics);
        Set<String> orthancStudies = new TreeSet<>();
        for (Path f : originals.values()) {
            JsonNode stored = orthancPost("/instances", HttpRequest.BodyPublishers.ofFile(f));
            assertThat(stored.get("Status").asText()).isEqualTo("Success");
            orthancStudies.add("\"" + stored.get("ParentStudy").asText() + "\"");
        }
        assertThat(orthancStudies).hasSize(2);

        HttpResponse<String> stow = orthancPostJson("/dicom-web/servers/cairn/stow",
            "{\"Resources\": [" + String.join(", ", orthancStudies) + "], \"Synchronous\": true}");
        assertThat(stow.statusCode()).as("Orthanc's STOW-RS to Cairn: %s%s", stow.body(), orthancLog()).isEqualTo(200);
        awaitInstancesInCairn(CT_STUDY, ct.size());
        awaitInstancesInCairn(SIEMENS_STUDY, mosaics.size());

        Map<Path, Path> pairs = new LinkedHashMap<>();
        for (Map.Entry<String, Path> original : originals.entrySet()) {
            DataSet ds = DicomReader.read(original.getValue(), Long.MAX_VALUE, Tag.PixelData).dataSet();
            HttpResponse<Path> wado = HTTP.send(cairn.request("/wado?requestType=WADO&studyUID="
                    + ds.getString(Tag.StudyInstanceUID) + "&seriesUID=" + ds.getString(Tag.SeriesInstanceUID)
                    + "&objectUID=" + original.getKey() + "&contentType="
                    + URLEncoder.encode("application/dicom", StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofFile(dir.resolve("from-cairn-" + original.getKey() + ".dcm")));
            assertThat(wado.statusCode()).isEqualTo(200);
            pairs.put(original.getValue(), wado.body());
        }
        assertSameDataSets(pairs);
    }

    @Test
    void orthancRetrievesStudiesFromCairnByWadoRs() throws Exception {
        Map<String, Path> mr = studyFiles(corpus.resolve("pydicom/dicomdirtests/98892003"), MR_STUDY);
        assertThat(mr).hasSize(11);
        Map<String, Path> compressed = new TreeMap<>();
        for (String name : COMPRESSED_STUDY_FILES) {
            Path f = corpus.resolve(name);
            compressed.put(Part10Header.read(f).sopInstance(), f);
        }
        String compressedStudy = DicomReader.read(compressed.values().iterator().next(), Long.MAX_VALUE, Tag.PixelData)
            .dataSet().getString(Tag.StudyInstanceUID);
        Map<String, Path> originals = new TreeMap<>(mr);
        originals.putAll(compressed);
        storeIntoCairn(originals.values());
        awaitInstancesInCairn(MR_STUDY, mr.size());
        awaitInstancesInCairn(compressedStudy, compressed.size());

        HttpResponse<String> retrieve = orthancPostJson("/dicom-web/servers/cairn/retrieve",
            "{\"Resources\": [{\"Study\": \"" + MR_STUDY + "\"}, {\"Study\": \"" + compressedStudy + "\"}]}");
        assertThat(retrieve.statusCode()).as("Orthanc's WADO-RS retrieve from Cairn: %s%s", retrieve.body(),
            orthancLog()).isEqualTo(200);

        Map<Path, Path> pairs = new LinkedHashMap<>();
        for (JsonNode instance : orthancGet("/instances?expand")) {
            String sop = instance.get("MainDicomTags").get("SOPInstanceUID").asText();
            Path original = originals.get(sop);
            if (original == null) {
                continue; // the other test's study
            }
            HttpResponse<Path> file = HTTP.send(HttpRequest.newBuilder(URI.create(orthancUrl + "/instances/"
                + instance.get("ID").asText() + "/file")).build(), HttpResponse.BodyHandlers.ofFile(
                dir.resolve("from-orthanc-" + sop + ".dcm")));
            assertThat(file.statusCode()).isEqualTo(200);
            pairs.put(original, file.body());
        }
        assertThat(pairs).as("every instance reached Orthanc").hasSize(originals.size());
        assertSameDataSets(pairs);
    }

    /** The Part 10 files below {@code folder} of study {@code studyUid}, by SOP Instance UID. */
    private static Map<String, Path> studyFiles(Path folder, String studyUid) throws IOException {
        Map<String, Path> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path f : all.filter(Files::isRegularFile).sorted().toList()) {
                DataSet ds;
                try {
                    ds = DicomReader.read(f, Long.MAX_VALUE, Tag.PixelData).dataSet();
                } catch (RuntimeException | IOException notDicom) {
                    continue;
                }
                if (studyUid.equals(ds.getString(Tag.StudyInstanceUID))) {
                    files.put(ds.getString(Tag.SOPInstanceUID), f);
                }
            }
        }
        return files;
    }

    /** C-STORE of every file into Cairn on one association, each in its own transfer syntax. */
    private void storeIntoCairn(Iterable<Path> files) throws Exception {
        AssociationRequest request = AssociationRequest.to("CAIRN");
        Set<String> proposed = new HashSet<>();
        for (Path f : files) {
            Part10Header h = Part10Header.read(f);
            if (proposed.add(h.sopClass() + " " + h.transferSyntax().uid())) {
                request.propose(h.sopClass(), h.transferSyntax().uid()); // each file is sent in its own syntax
            }
        }
        try (DicomClient client = DicomClient.create()) {
            ScuAssociation a = client.connect("127.0.0.1", cairn.dicomPort, request).toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
            for (Path f : files) {
                assertThat(a.store(f).toCompletableFuture().get(60, TimeUnit.SECONDS).status()).as(f.toString())
                    .isZero();
            }
            a.release().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** Waits until Cairn's QIDO-RS finds {@code count} instances in the study (the views follow the journal). */
    private void awaitInstancesInCairn(String study, int count) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        int found = 0;
        while (System.currentTimeMillis() < deadline) {
            HttpResponse<String> r = cairn.get("/dicom-web/studies/" + study + "/instances");
            found = r.statusCode() == 200 ? JSON.readTree(r.body()).size() : 0;
            if (found == count) {
                return;
            }
            Thread.sleep(100);
        }
        assertThat(found).as("instances of study " + study + " in Cairn's views").isEqualTo(count);
    }

    /** pydicom reads each pair (original, copy) and must find the same data set. */
    private static void assertSameDataSets(Map<Path, Path> pairs) throws Exception {
        List<String> command = new ArrayList<>(List.of(PYTHON, "-c", COMPARE));
        pairs.forEach((original, copy) -> {
            command.add(original.toString());
            command.add(copy.toString());
        });
        Process python = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(python.getInputStream(),
            StandardCharsets.UTF_8))) {
            r.lines().forEach(lines::add);
        }
        assertThat(python.waitFor(2, TimeUnit.MINUTES)).isTrue();
        List<String> verdicts = lines.stream().filter(l -> l.startsWith("SAME") || l.startsWith("DIFFERENT")).toList();
        assertThat(verdicts).as(String.join("\n", lines)).hasSize(pairs.size()).allMatch(l -> l.startsWith("SAME "));
        assertThat(python.exitValue()).as(String.join("\n", lines)).isZero();
        verdicts.forEach(System.out::println); // what was compared, in the test's report
    }

    private JsonNode orthancGet(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(orthancUrl + path)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private JsonNode orthancPost(String path, HttpRequest.BodyPublisher body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(orthancUrl + path)).POST(body).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> orthancPostJson(String path, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(orthancUrl + path))
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    /** The end of Orthanc's verbose log, where the DICOMweb plugin says why a transfer failed. */
    private String orthancLog() throws IOException {
        String log = Files.readString(dir.resolve("orthanc/peer.log"));
        return "\nOrthanc's log (end):\n" + log.substring(Math.max(0, log.length() - 6000));
    }
}
