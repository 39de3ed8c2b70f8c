package org.cairn.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.DicomReader;
import org.cairn.dicom.Uids;
import org.cairn.dicom.dict.Tag;
import org.cairn.dicom.dict.UidDictionary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5, acceptance 1 (C-FIND): the corpus is sent with dcmsend; DCMTK findscu then queries each level of
 * both roots with each kind of matching, and every answer is compared with what this test computes from the
 * corpus files with pydicom. C-CANCEL is tested with findscu's --cancel. {@code QueryAcceptanceOnPostgresTest}
 * runs the same with the journal and views on PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryAcceptanceTest {
    /** What pydicom reads from each corpus file: the attributes the queries below match and return. */
    private static final String EXTRACT = String.join("\n",
        "import json, sys, pydicom",
        "for path in sys.argv[1:]:",
        "    try:",
        "        ds = pydicom.dcmread(path, stop_before_pixels=True)",
        "        meta_class = str(ds.file_meta.get('MediaStorageSOPClassUID', ''))",
        "        v = lambda k: str(ds.get(k, '') or '')",
        "        print(json.dumps({'path': path, 'metaClass': meta_class, 'sopClass': v('SOPClassUID'),",
        "            'study': v('StudyInstanceUID'), 'series': v('SeriesInstanceUID'), 'sop': v('SOPInstanceUID'),",
        "            'patientId': v('PatientID'), 'patientName': v('PatientName'), 'studyDate': v('StudyDate'),",
        "            'modality': v('Modality'), 'accession': v('AccessionNumber'),",
        "            'protocolCode': str(ds.PerformedProtocolCodeSequence[0].get('CodeValue', ''))",
        "                if 'PerformedProtocolCodeSequence' in ds and len(ds.PerformedProtocolCodeSequence) else ''}))",
        "    except Exception as e:",
        "        pass");
    private static final ObjectMapper JSON = new ObjectMapper();

    record Instance(String study, String series, String sop, String patientId, String patientName, String studyDate,
                    String modality, String protocolCode) {
    }

    /** The node's journal: embedded H2 here. */
    protected Map<String, String> journalEnvironment() throws Exception {
        return Map.of();
    }

    protected String[] profile() {
        return new String[0];
    }

    /** Made in {@link #ingestCorpus()}: a per-class @TempDir is not there yet when @BeforeAll runs. */
    Path dir;
    NodeProcess node;
    LoopbackStorescp destination;
    /** The stored instances, by SOP Instance UID, as pydicom reads them. */
    final Map<String, Instance> instances = new HashMap<>();

    @BeforeAll
    void ingestCorpus() throws Exception {
        dir = Files.createTempDirectory("cairn-query-acceptance");
        Path corpus = Path.of(System.getProperty("cairn.corpus"));
        destination = LoopbackStorescp.start(Files.createDirectories(dir.resolve("storescp")), "STORESCP");
        Path config = Files.writeString(dir.resolve("cairn.conf"), "cairn.retrieve.destinations { STORESCP { "
            + "host = \"127.0.0.1\", port = " + destination.port + " } }\n");
        List<String> options = new ArrayList<>(List.of("--config", config.toString()));
        options.addAll(List.of(profile()));
        node = NodeProcess.start(dir.resolve("data"), dir.resolve("node.log"), "512m", journalEnvironment(),
            options.toArray(String[]::new));
        instances.clear();
        Process send = new ProcessBuilder("dcmsend", "-aec", "CAIRN", "--decompress-never", "--no-halt", "+sd", "+r",
            "127.0.0.1", Integer.toString(node.dicomPort), corpus.toString()).redirectErrorStream(true).start();
        send.getOutputStream().close();
        send.getInputStream().readAllBytes();
        assertThat(send.waitFor(5, TimeUnit.MINUTES)).isTrue();

        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", "-c", EXTRACT));
        try (Stream<Path> walk = Files.walk(corpus)) {
            walk.filter(Files::isRegularFile).forEach(f -> command.add(f.toString()));
        }
        Process python = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Map<String, List<JsonNode>> bySop = new HashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(python.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                JsonNode n = JSON.readTree(line);
                String sopClass = n.get("sopClass").asText();
                // what dcmsend sends and Cairn accepts: storage objects with valid UIDs, meta and data set agreeing
                if (!UidDictionary.storageSopClasses().contains(sopClass) || !sopClass.equals(n.get("metaClass").asText())
                    || !Stream.of("study", "series", "sop").allMatch(k -> Uids.isValid(n.get(k).asText()))) {
                    continue;
                }
                bySop.computeIfAbsent(n.get("sop").asText(), k -> new ArrayList<>()).add(n);
            }
        }
        python.waitFor(5, TimeUnit.MINUTES);
        for (Map.Entry<String, List<JsonNode>> e : bySop.entrySet()) {
            JsonNode n = e.getValue().get(0);
            instances.put(e.getKey(), new Instance(n.get("study").asText(), n.get("series").asText(), e.getKey(),
                n.get("patientId").asText(), n.get("patientName").asText(), n.get("studyDate").asText(),
                n.get("modality").asText(), n.get("protocolCode").asText()));
        }
        assertThat(instances).hasSizeGreaterThan(80);
        // the projection catches up within moments: wait until a universal study query sees every study
        Set<String> studies = instances.values().stream().map(Instance::study).collect(Collectors.toSet());
        long deadline = System.currentTimeMillis() + 30_000;
        while (values(findscu("-S", "QueryRetrieveLevel=STUDY", "StudyInstanceUID"), Tag.StudyInstanceUID).size()
            < studies.size() && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
    }

    @AfterAll
    void stop() throws Exception {
        if (node != null) {
            node.close();
        }
        if (destination != null) {
            destination.close();
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Runs findscu with the keys given ("-S" or "-P" first), returns the identifiers of the pending responses. */
    List<DataSet> findscu(String root, String... keys) throws Exception {
        return Findscu.run(dir, node.dicomPort, List.of(root, "-aec", "CAIRN"), List.of(keys));
    }

    Set<String> values(List<DataSet> answers, int tag) {
        return answers.stream().map(a -> a.getString(tag)).collect(Collectors.toCollection(TreeSet::new));
    }

    Set<String> expectedStudies(Predicate<Instance> where) {
        return instances.values().stream().filter(where).map(Instance::study).collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * The studies whose instances all agree on an attribute. Some corpus studies do not (anonymized copies of one
     * study under different patient names); a study-level answer carries its first instance's value, which depends
     * on the order dcmsend sent them in, so those studies are left out of comparisons on that attribute.
     */
    Set<String> consistentOn(java.util.function.Function<Instance, String> attribute) {
        Map<String, Set<String>> valuesByStudy = new HashMap<>();
        instances.values().forEach(i -> valuesByStudy.computeIfAbsent(i.study(), k -> new HashSet<>())
            .add(attribute.apply(i)));
        return valuesByStudy.entrySet().stream().filter(e -> e.getValue().size() == 1).map(Map.Entry::getKey)
            .collect(Collectors.toSet());
    }

    Set<String> within(Set<String> studies, Set<String> consistent) {
        return studies.stream().filter(consistent::contains).collect(Collectors.toCollection(TreeSet::new));
    }

    /** PS3.4 person name matching as this test understands it: any component group, ignoring case and trailing '^'. */
    boolean nameMatches(String stored, String wildcardQuery) {
        Pattern p = Pattern.compile(Pattern.quote(wildcardQuery.toUpperCase(Locale.ROOT)).replace("*", "\\E.*\\Q")
            .replace("?", "\\E.\\Q"));
        for (String group : (stored + "=" + stored.replace("=", "")).split("=")) {
            if (p.matcher(group.replaceAll("\\^+$", "").toUpperCase(Locale.ROOT)).matches()) {
                return true;
            }
        }
        return false;
    }

    /** The patient with the most studies: the subject of the single-value and patient-root queries. */
    String busiestPatient() {
        Map<String, Set<String>> studiesByPatient = new HashMap<>();
        instances.values().stream().filter(i -> !i.patientId().isBlank())
            .forEach(i -> studiesByPatient.computeIfAbsent(i.patientId(), k -> new HashSet<>()).add(i.study()));
        return studiesByPatient.entrySet().stream().max(Map.Entry.comparingByValue((a, b) -> a.size() - b.size()))
            .orElseThrow().getKey();
    }

    @Test
    void studyRootStudyLevelUniversalAndCounts() throws Exception {
        List<DataSet> answers = findscu("-S", "QueryRetrieveLevel=STUDY", "StudyInstanceUID",
            "NumberOfStudyRelatedInstances", "PatientName", "StudyDescription");
        assertThat(values(answers, Tag.StudyInstanceUID)).isEqualTo(expectedStudies(i -> true));
        for (DataSet a : answers) {
            String study = a.getString(Tag.StudyInstanceUID);
            long count = instances.values().stream().filter(i -> i.study().equals(study)).count();
            assertThat(a.getString(Tag.NumberOfStudyRelatedInstances)).as(study).isEqualTo(Long.toString(count));
            assertThat(a.contains(Tag.StudyDescription)).as("asked keys are returned, empty or not").isTrue();
            assertThat(a.contains(Tag.PatientID)).as("keys not asked are not returned").isFalse();
        }
    }

    @Test
    void singleValueAndWildcardOnPatientKeys() throws Exception {
        String patient = busiestPatient();
        Set<String> sameId = consistentOn(Instance::patientId);
        assertThat(within(values(findscu("-S", "QueryRetrieveLevel=STUDY", "PatientID=" + patient, "StudyInstanceUID"),
            Tag.StudyInstanceUID), sameId)).isEqualTo(within(expectedStudies(i -> i.patientId().equals(patient)), sameId));
        String name = instances.values().stream().filter(i -> i.patientId().equals(patient)).findFirst().orElseThrow()
            .patientName();
        String pattern = name.substring(0, Math.min(3, name.length())).toLowerCase(Locale.ROOT) + "*";
        Set<String> sameName = consistentOn(Instance::patientName);
        for (String query : List.of(pattern, "*?a*", "*^*")) {
            Set<String> expected = within(expectedStudies(i -> nameMatches(i.patientName(), query)), sameName);
            assertThat(expected).as(query).isNotEmpty();
            assertThat(within(values(findscu("-S", "QueryRetrieveLevel=STUDY", "PatientName=" + query,
                "StudyInstanceUID"), Tag.StudyInstanceUID), sameName)).as(query).isEqualTo(expected);
        }
    }

    @Test
    void dateRangesClosedAndOpen() throws Exception {
        for (String range : List.of("19900101-20041231", "-19991231", "20050101-", "20040119")) {
            String[] bounds = (range.contains("-") ? range : range + "-" + range).split("-", -1);
            Set<String> expected = expectedStudies(i -> !i.studyDate().isEmpty()
                && (bounds[0].isEmpty() || i.studyDate().compareTo(bounds[0]) >= 0)
                && (bounds[1].isEmpty() || i.studyDate().compareTo(bounds[1]) <= 0));
            assertThat(values(findscu("-S", "QueryRetrieveLevel=STUDY", "StudyDate=" + range, "StudyInstanceUID"),
                Tag.StudyInstanceUID)).as(range).isEqualTo(expected);
        }
    }

    @Test
    void listOfUidsAndModalitiesInStudy() throws Exception {
        List<String> some = expectedStudies(i -> true).stream().limit(3).toList();
        assertThat(values(findscu("-S", "QueryRetrieveLevel=STUDY", "StudyInstanceUID=" + String.join("\\", some)),
            Tag.StudyInstanceUID)).containsExactlyInAnyOrderElementsOf(some);
        assertThat(values(findscu("-S", "QueryRetrieveLevel=STUDY", "ModalitiesInStudy=MR", "StudyInstanceUID"),
            Tag.StudyInstanceUID)).isEqualTo(expectedStudies(i -> i.modality().equals("MR")));
    }

    @Test
    void seriesAndImageLevelsBelowAStudy() throws Exception {
        Map<String, Set<String>> seriesByStudy = new HashMap<>();
        instances.values().forEach(i -> seriesByStudy.computeIfAbsent(i.study(), k -> new TreeSet<>()).add(i.series()));
        String study = seriesByStudy.entrySet().stream()
            .max(Map.Entry.comparingByValue((a, b) -> a.size() - b.size())).orElseThrow().getKey();
        List<DataSet> series = findscu("-S", "QueryRetrieveLevel=SERIES", "StudyInstanceUID=" + study,
            "SeriesInstanceUID", "Modality", "NumberOfSeriesRelatedInstances");
        assertThat(values(series, Tag.SeriesInstanceUID)).isEqualTo(seriesByStudy.get(study));
        String oneSeries = seriesByStudy.get(study).iterator().next();
        Set<String> sops = instances.values().stream().filter(i -> i.series().equals(oneSeries)).map(Instance::sop)
            .collect(Collectors.toCollection(TreeSet::new));
        List<DataSet> images = findscu("-S", "QueryRetrieveLevel=IMAGE", "StudyInstanceUID=" + study,
            "SeriesInstanceUID=" + oneSeries, "SOPInstanceUID", "SOPClassUID");
        assertThat(values(images, Tag.SOPInstanceUID)).isEqualTo(sops);
        assertThat(series.stream().filter(s -> s.getString(Tag.SeriesInstanceUID).equals(oneSeries)).findFirst()
            .orElseThrow().getString(Tag.NumberOfSeriesRelatedInstances)).isEqualTo(Integer.toString(sops.size()));
    }

    @Test
    void patientRootFromPatientToStudy() throws Exception {
        String patient = busiestPatient();
        List<DataSet> patients = findscu("-P", "QueryRetrieveLevel=PATIENT", "PatientID=" + patient,
            "NumberOfPatientRelatedStudies", "PatientName");
        assertThat(patients).hasSize(1);
        Set<String> studies = expectedStudies(i -> i.patientId().equals(patient));
        assertThat(patients.get(0).getString(Tag.NumberOfPatientRelatedStudies))
            .isEqualTo(Integer.toString(studies.size()));
        assertThat(values(findscu("-P", "QueryRetrieveLevel=STUDY", "PatientID=" + patient, "StudyInstanceUID"),
            Tag.StudyInstanceUID)).isEqualTo(studies);
    }

    @Test
    void hierarchicalRulesAndCancel() throws Exception {
        Process p = new ProcessBuilder("findscu", "-v", "-S", "-aec", "CAIRN", "-k", "QueryRetrieveLevel=SERIES", "-k",
            "Modality", "127.0.0.1", Integer.toString(node.dicomPort)).redirectErrorStream(true).start();
        String refused = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(refused).contains("DataSetDoesNotMatchSOPClass");

        p = new ProcessBuilder("findscu", "-v", "-S", "-aec", "CAIRN", "--cancel", "2", "-k",
            "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID", "127.0.0.1", Integer.toString(node.dicomPort))
            .redirectErrorStream(true).start();
        String cancelled = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(cancelled).contains("Sending Cancel Request");
        // The cancel races the pending responses: when it arrives while matches are still being sent, the query
        // stops there with FE00; when every match went out first, the query has completed (0000), as PS3.4
        // C.4.1.2.4 allows. The stop itself is checked deterministically by ViewQueryTest.maximumAndCancel.
        long pending = cancelled.lines().filter(l -> l.contains("(Pending)")).count();
        String finalResponse = cancelled.lines().filter(l -> l.contains("Received Final Find Response")).findFirst()
            .orElseThrow();
        if (pending < expectedStudies(i -> true).size()) {
            assertThat(finalResponse).contains("Cancel");
        } else {
            assertThat(finalResponse).contains("Success");
        }
    }

    @Test
    void moveToStorescpSendsTheStoredInstances() throws Exception {
        Map<String, Set<String>> sopsByStudy = new HashMap<>();
        instances.values().forEach(i -> sopsByStudy.computeIfAbsent(i.study(), k -> new TreeSet<>()).add(i.sop()));
        String study = sopsByStudy.entrySet().stream().filter(e -> e.getValue().size() > 1 && e.getValue().size() < 20)
            .findFirst().orElseThrow().getKey();
        Process move = new ProcessBuilder("movescu", "-v", "-S", "-aec", "CAIRN", "-aem", "STORESCP", "-k",
            "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID=" + study, "127.0.0.1", Integer.toString(node.dicomPort))
            .redirectErrorStream(true).start();
        String log = new String(move.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(move.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(log).contains("Received Final Move Response (Success)");

        Map<String, DataSet> received = new HashMap<>();
        try (Stream<Path> files = Files.list(destination.received)) {
            for (Path f : files.toList()) {
                DataSet ds = DicomReader.read(f).dataSet();
                received.put(ds.getString(Tag.SOPInstanceUID), ds);
            }
        }
        assertThat(received.keySet()).isEqualTo(sopsByStudy.get(study));
        for (Map.Entry<String, DataSet> e : received.entrySet()) {
            Instance i = instances.get(e.getKey());
            var stored = node.get("/api/studies/" + i.study() + "/series/" + i.series() + "/instances/" + i.sop() + "/file");
            assertThat(stored.statusCode()).isEqualTo(200);
            assertThat(e.getValue()).as(e.getKey()).isEqualTo(DicomReader.read(stored.body()).dataSet());
        }

        Process unknown = new ProcessBuilder("movescu", "-v", "-S", "-aec", "CAIRN", "-aem", "NOWHERE", "-k",
            "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID=" + study, "127.0.0.1", Integer.toString(node.dicomPort))
            .redirectErrorStream(true).start();
        String refused = new String(unknown.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(refused).contains("MoveDestinationUnknown");
    }

    /** QIDO-RS's answer to {@code path} (with its query string), as data sets. */
    List<DataSet> qido(String path) throws Exception {
        var response = node.get(path);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/dicom+json");
        List<DataSet> answers = new ArrayList<>();
        for (JsonNode n : JSON.readTree(response.body())) {
            answers.add(org.cairn.dicom.DicomJson.fromJson(n.toString(), uri -> null));
        }
        return answers;
    }

    @Test
    void qidoRsAnswersEqualCFindAnswers() throws Exception {
        Map<String, Set<String>> seriesByStudy = new HashMap<>();
        instances.values().forEach(i -> seriesByStudy.computeIfAbsent(i.study(), k -> new TreeSet<>()).add(i.series()));
        String study = seriesByStudy.entrySet().stream()
            .max(Map.Entry.comparingByValue((a, b) -> a.size() - b.size())).orElseThrow().getKey();
        String series = seriesByStudy.get(study).iterator().next();
        String patient = busiestPatient();
        record Pair(String qido, List<String> cfind, int key) {
        }
        for (Pair q : List.of(
            new Pair("/dicom-web/studies", List.of("QueryRetrieveLevel=STUDY"), Tag.StudyInstanceUID),
            new Pair("/dicom-web/studies?PatientName=a*", List.of("QueryRetrieveLevel=STUDY", "PatientName=a*"),
                Tag.StudyInstanceUID),
            new Pair("/dicom-web/studies?00100020=" + patient, List.of("QueryRetrieveLevel=STUDY", "PatientID=" + patient),
                Tag.StudyInstanceUID),
            new Pair("/dicom-web/studies?StudyDate=19900101-20041231",
                List.of("QueryRetrieveLevel=STUDY", "StudyDate=19900101-20041231"), Tag.StudyInstanceUID),
            new Pair("/dicom-web/studies?ModalitiesInStudy=MR", List.of("QueryRetrieveLevel=STUDY", "ModalitiesInStudy=MR"),
                Tag.StudyInstanceUID),
            new Pair("/dicom-web/studies/" + study + "/series", List.of("QueryRetrieveLevel=SERIES",
                "StudyInstanceUID=" + study), Tag.SeriesInstanceUID),
            new Pair("/dicom-web/studies/" + study + "/series/" + series + "/instances", List.of("QueryRetrieveLevel=IMAGE",
                "StudyInstanceUID=" + study, "SeriesInstanceUID=" + series), Tag.SOPInstanceUID))) {
            List<String> keys = new ArrayList<>(q.cfind());
            for (String returned : List.of("StudyInstanceUID", "SeriesInstanceUID", "SOPInstanceUID", "PatientName",
                "StudyDate", "ModalitiesInStudy", "NumberOfStudyRelatedInstances")) {
                if (keys.stream().noneMatch(k -> k.startsWith(returned + "="))) {
                    keys.add(returned); // a later universal key would replace the matching one in findscu
                }
            }
            List<DataSet> cfind = findscu("-S", keys.toArray(String[]::new));
            List<DataSet> qido = qido(q.qido());
            assertThat(values(qido, q.key())).as(q.qido()).isEqualTo(values(cfind, q.key())).isNotEmpty();
            Map<String, DataSet> cfindByKey = cfind.stream().collect(Collectors.toMap(d -> d.getString(q.key()), d -> d));
            for (DataSet answer : qido) {
                DataSet same = cfindByKey.get(answer.getString(q.key()));
                for (int tag : List.of(Tag.PatientName, Tag.StudyDate, Tag.NumberOfStudyRelatedInstances)) {
                    if (answer.contains(tag)) {
                        assertThat(answer.getStrings(tag)).as(q.qido() + " " + tag).isEqualTo(same.getStrings(tag));
                    }
                }
            }
        }
        assertThat(qido("/dicom-web/studies?limit=2&offset=1")).hasSize(2);
        assertThat(node.get("/dicom-web/studies?NoSuchAttribute=1").statusCode()).isEqualTo(400);
    }

    @Test
    void getBringsTheInstancesBackOnTheSameAssociation() throws Exception {
        Map<String, Set<String>> sopsBySeries = new HashMap<>();
        instances.values().forEach(i -> sopsBySeries.computeIfAbsent(i.series(), k -> new TreeSet<>()).add(i.sop()));
        // a series of uncompressed CT or MR slices: getscu proposes the uncompressed transfer syntaxes
        Instance first = instances.values().stream()
            .filter(i -> sopsBySeries.get(i.series()).size() > 1 && Set.of("CT", "MR").contains(i.modality()))
            .filter(i -> {
                try {
                    var f = node.get("/api/studies/" + i.study() + "/series/" + i.series() + "/instances/" + i.sop()
                        + "/file");
                    return Set.of("1.2.840.10008.1.2", "1.2.840.10008.1.2.1").contains(
                        DicomReader.read(f.body()).transferSyntax().uid());
                } catch (Exception e) {
                    return false;
                }
            }).findFirst().orElseThrow();
        Path out = Files.createTempDirectory(dir, "get");
        Process get = new ProcessBuilder("getscu", "-v", "-S", "-aec", "CAIRN", "-od", out.toString(), "-k",
            "QueryRetrieveLevel=SERIES", "-k", "StudyInstanceUID=" + first.study(), "-k",
            "SeriesInstanceUID=" + first.series(), "127.0.0.1", Integer.toString(node.dicomPort))
            .redirectErrorStream(true).start();
        String log = new String(get.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(get.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(log).contains("Received C-GET Response (Success)");
        Map<String, DataSet> received = new HashMap<>();
        try (Stream<Path> files = Files.list(out)) {
            for (Path f : files.toList()) {
                DataSet ds = DicomReader.read(f).dataSet();
                received.put(ds.getString(Tag.SOPInstanceUID), ds);
            }
        }
        assertThat(received.keySet()).isEqualTo(sopsBySeries.get(first.series()));
        for (Map.Entry<String, DataSet> e : received.entrySet()) {
            var stored = node.get("/api/studies/" + first.study() + "/series/" + first.series() + "/instances/"
                + e.getKey() + "/file");
            assertThat(e.getValue()).as(e.getKey()).isEqualTo(DicomReader.read(stored.body()).dataSet());
        }
    }

    @Test
    void sequenceMatchingAtTheImageLevel() throws Exception {
        Instance coded = instances.values().stream().filter(i -> !i.protocolCode().isEmpty()).findFirst().orElseThrow();
        Set<String> sameCode = instances.values().stream().filter(i -> i.series().equals(coded.series())
            && i.protocolCode().equals(coded.protocolCode())).map(Instance::sop).collect(Collectors.toCollection(TreeSet::new));
        String[] level = {"QueryRetrieveLevel=IMAGE", "StudyInstanceUID=" + coded.study(),
            "SeriesInstanceUID=" + coded.series(), "SOPInstanceUID"};
        List<String> matching = new ArrayList<>(List.of(level));
        matching.add("(0040,0260)[0].CodeValue=" + coded.protocolCode());
        assertThat(values(findscu("-S", matching.toArray(String[]::new)), Tag.SOPInstanceUID)).isEqualTo(sameCode);
        List<String> other = new ArrayList<>(List.of(level));
        other.add("(0040,0260)[0].CodeValue=NO-SUCH-CODE");
        assertThat(findscu("-S", other.toArray(String[]::new))).isEmpty();
    }

    @Test
    void relationalQueriesAndFuzzyNamesByExtendedNegotiation() throws Exception {
        String find = org.cairn.dicom.dict.UID.StudyRootQueryRetrieveInformationModelFind;
        org.cairn.dicom.DataSet seriesByModality = new org.cairn.dicom.DataSet()
            .putString(Tag.QueryRetrieveLevel, org.cairn.dicom.Vr.CS, "SERIES")
            .putString(Tag.Modality, org.cairn.dicom.Vr.CS, "MR")
            .put(org.cairn.dicom.DataElement.of(Tag.SeriesInstanceUID, org.cairn.dicom.Vr.UI, new byte[0]));
        Set<String> mrSeries = instances.values().stream().filter(i -> i.modality().equals("MR"))
            .map(Instance::series).collect(Collectors.toCollection(TreeSet::new));
        try (org.cairn.scu.DicomClient client = org.cairn.scu.DicomClient.create()) {
            org.cairn.scu.ScuAssociation plain = client.connect("127.0.0.1", node.dicomPort,
                org.cairn.scu.AssociationRequest.to("CAIRN").propose(find, "1.2.840.10008.1.2.1"))
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
            // hierarchical by default: a series query without its study is refused
            assertThat(plain.find(find, seriesByModality).toCompletableFuture())
                .failsWithin(30, TimeUnit.SECONDS).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withMessageContaining("A900");
            plain.release().toCompletableFuture().get(10, TimeUnit.SECONDS);

            org.cairn.scu.ScuAssociation relational = client.connect("127.0.0.1", node.dicomPort,
                org.cairn.scu.AssociationRequest.to("CAIRN").propose(find, "1.2.840.10008.1.2.1")
                    .extendedNegotiation(find, (byte) 1, (byte) 1, (byte) 1))
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertThat(values(relational.find(find, seriesByModality).toCompletableFuture().get(30, TimeUnit.SECONDS),
                Tag.SeriesInstanceUID)).isEqualTo(mrSeries);
            // fuzzy names: case, diacritics and separators folded
            Instance named = instances.values().stream().filter(i -> i.patientName().matches("[A-Za-z]+\\^[A-Za-z0-9]+"))
                .findFirst().orElseThrow();
            String loose = named.patientName().replace('^', ' ').toLowerCase(Locale.ROOT);
            org.cairn.dicom.DataSet byName = new org.cairn.dicom.DataSet()
                .putString(Tag.QueryRetrieveLevel, org.cairn.dicom.Vr.CS, "STUDY")
                .putString(Tag.PatientName, org.cairn.dicom.Vr.PN, loose)
                .put(org.cairn.dicom.DataElement.of(Tag.StudyInstanceUID, org.cairn.dicom.Vr.UI, new byte[0]));
            assertThat(values(relational.find(find, byName).toCompletableFuture().get(30, TimeUnit.SECONDS),
                Tag.StudyInstanceUID)).contains(named.study());
            relational.release().toCompletableFuture().get(10, TimeUnit.SECONDS);

            org.cairn.scu.ScuAssociation strict = client.connect("127.0.0.1", node.dicomPort,
                org.cairn.scu.AssociationRequest.to("CAIRN").propose(find, "1.2.840.10008.1.2.1"))
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertThat(strict.find(find, byName).toCompletableFuture().get(30, TimeUnit.SECONDS)).isEmpty();
            String encoded = java.net.URLEncoder.encode(loose, StandardCharsets.UTF_8);
            assertThat(values(qido("/dicom-web/studies?fuzzymatching=true&PatientName=" + encoded), Tag.StudyInstanceUID))
                .contains(named.study());
            assertThat(qido("/dicom-web/studies?PatientName=" + encoded)).isEmpty();
            strict.release().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
