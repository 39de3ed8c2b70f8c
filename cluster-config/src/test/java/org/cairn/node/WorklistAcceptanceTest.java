package org.cairn.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.cairn.dicom.DataElement;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.DicomWriter;
import org.cairn.dicom.TransferSyntax;
import org.cairn.dicom.Vr;
import org.cairn.dicom.dict.Tag;
import org.cairn.dicom.dict.UID;
import org.cairn.scu.AssociationRequest;
import org.cairn.scu.DicomClient;
import org.cairn.scu.DimseResponse;
import org.cairn.scu.ScuAssociation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 6's acceptance on a node process: orders arrive through REST, FHIR and HL7 v2 over MLLP (a raw socket
 * client here) and DCMTK {@code findscu -W} finds them with their sequences, filtered by date range, modality and
 * AE title; cancelled orders disappear; bad HL7 and FHIR are refused and schedule nothing; MPPS from Cairn's SCU moves
 * an order through its states with PS3.4 F's statuses for illegal transitions; dicom3tools {@code dciodvfy} finds no
 * error in the responses {@code findscu -X} writes; stored images link to their order; every worklist query is
 * audited. {@code WorklistAcceptanceOnPostgresTest} runs the same with the journal and views on PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorklistAcceptanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String MPPS = UID.ModalityPerformedProcedureStep;

    Path dir;
    NodeProcess node;
    DicomClient scu;

    /** The node's journal: embedded H2 here. */
    protected java.util.Map<String, String> journalEnvironment() throws Exception {
        return java.util.Map.of();
    }

    protected String[] profile() {
        return new String[0];
    }

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("cairn-worklist-acceptance");
        Path config = Files.writeString(dir.resolve("cairn.conf"), String.join("\n",
            "cairn.fhir.procedures = [ { system = \"http://loinc.org\", code = \"24558-9\", modality = \"MR\","
                + " station-ae-title = \"MR01\" } ]", ""));
        List<String> options = new ArrayList<>(List.of("--config", config.toString()));
        options.addAll(List.of(profile()));
        node = NodeProcess.start(dir.resolve("data"), dir.resolve("node.log"), "512m", journalEnvironment(),
            options.toArray(String[]::new));
        scu = DicomClient.create();
    }

    @AfterAll
    void stop() throws Exception {
        if (scu != null) {
            scu.close();
        }
        if (node != null) {
            node.close();
        }
    }

    // ---- the feeds ----

    static String restOrder(String accession, String patientId, String name, String modality, String station,
                            String date, String time) {
        return """
            {"accessionNumber":"%s","patient":{"id":"%s","issuer":"HOSP","name":"%s","birthDate":"19700101","sex":"F"},
             "requestedProcedureId":"RP-%s","requestedProcedureDescription":"Chest",
             "requestedProcedureCode":{"value":"24627-2","scheme":"LN","meaning":"CT Chest"},
             "referringPhysicianName":"Referring^Rita","priority":"ROUTINE",
             "step":{"stepId":"SPS-%s","stationAeTitle":"%s","stationName":"%s","modality":"%s","startDate":"%s",
                     "startTime":"%s","performingPhysicianName":"Tech^Tom","description":"Chest plain",
                     "protocolCode":{"value":"P1","scheme":"99LOCAL","meaning":"Chest protocol"}}}
            """.formatted(accession, patientId, name, accession, accession, station, station, modality, date, time);
    }

    HttpResponse<String> send(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder b = node.request(path);
        if (body != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode entry(String accession) throws Exception {
        HttpResponse<String> r = send("GET", "/api/worklist/" + accession, null, null);
        return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
    }

    /** Waits until the worklist view shows the order in {@code status} (the projection follows the events). */
    JsonNode awaitEntry(String accession, String status) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        JsonNode e = entry(accession);
        while ((e == null || !e.path("status").asText().equals(status)) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
            e = entry(accession);
        }
        assertThat(e).as("entry %s", accession).isNotNull();
        assertThat(e.path("status").asText()).as("status of %s", accession).isEqualTo(status);
        return e;
    }

    /** Sends one HL7 message over MLLP on a fresh connection and returns the acknowledgement's segments. */
    List<String> hl7(String... segments) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", node.hl7Port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(0x0B);
            out.write(String.join("\r", segments).concat("\r").getBytes(StandardCharsets.ISO_8859_1));
            out.write(new byte[] {0x1C, 0x0D});
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream ack = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1 && b != 0x1C) {
                if (b != 0x0B) {
                    ack.write(b);
                }
            }
            return List.of(ack.toString(StandardCharsets.UTF_8).split("\r"));
        }
    }

    static String msh(String type, String controlId, String version) {
        return "MSH|^~\\&|RIS|HOSP|CAIRN|RAD|20270101080000||" + type + "|" + controlId + "|P|" + version;
    }

    /** A segment with the given fields by HL7 number: {@code fields("OBR", 1, "1", 18, "H100")}. */
    static String fields(String id, Object... numbersAndValues) {
        java.util.TreeMap<Integer, String> byNumber = new java.util.TreeMap<>();
        for (int i = 0; i < numbersAndValues.length; i += 2) {
            byNumber.put((Integer) numbersAndValues[i], (String) numbersAndValues[i + 1]);
        }
        StringBuilder segment = new StringBuilder(id);
        for (int n = 1; n <= byNumber.lastKey(); n++) {
            segment.append('|').append(byNumber.getOrDefault(n, ""));
        }
        return segment.toString();
    }

    /** An ORM OBR: universal service, accession (OBR-18), procedure and step IDs, modality (OBR-24), start. */
    static String obr(String accession, String service, String modality, String start) {
        return fields("OBR", 1, "1", 2, "PL-" + accession, 3, "FL-" + accession, 4, service, 18, accession,
            19, "RP-" + accession, 20, "SPS-" + accession, 24, modality, 27, "^^^" + start + "^^R");
    }

    static String segment(List<String> ack, String id) {
        return ack.stream().filter(s -> s.startsWith(id + "|")).findFirst().orElse("");
    }

    // ---- the worklist, through DCMTK ----

    List<DataSet> worklist(String... keys) throws Exception {
        List<DataSet> answers = new ArrayList<>();
        for (Path f : worklistFiles(keys)) {
            answers.add(org.cairn.dicom.DicomReader.read(f).dataSet());
        }
        return answers;
    }

    /** The responses as findscu -W -X wrote them. */
    List<Path> worklistFiles(String... keys) throws Exception {
        List<String> all = new ArrayList<>(List.of("PatientName", "PatientID", "PatientBirthDate", "PatientSex",
            "AccessionNumber", "StudyInstanceUID", "RequestedProcedureID", "RequestedProcedureDescription",
            "RequestedProcedureCodeSequence", "ReferencedStudySequence", "ReferringPhysicianName",
            "ScheduledProcedureStepSequence[0].ScheduledStationAETitle",
            "ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartDate",
            "ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartTime",
            "ScheduledProcedureStepSequence[0].Modality",
            "ScheduledProcedureStepSequence[0].ScheduledPerformingPhysicianName",
            "ScheduledProcedureStepSequence[0].ScheduledProcedureStepDescription",
            "ScheduledProcedureStepSequence[0].ScheduledProtocolCodeSequence",
            "ScheduledProcedureStepSequence[0].ScheduledProcedureStepID",
            "ScheduledProcedureStepSequence[0].ScheduledProcedureStepStatus"));
        for (String k : keys) {
            String name = k.contains("=") ? k.substring(0, k.indexOf('=')) : k;
            all.removeIf(name::equals);
            all.add(k);
        }
        return Findscu.files(dir, node.dicomPort, List.of("-W", "-aet", "FINDSCU", "-aec", "CAIRN"), all);
    }

    static Set<String> accessions(List<DataSet> items) {
        return items.stream().map(i -> i.getString(Tag.AccessionNumber)).collect(Collectors.toCollection(TreeSet::new));
    }

    static DataSet step(DataSet item) {
        return item.get(Tag.ScheduledProcedureStepSequence).items().get(0);
    }

    // ---- acceptance 1 ----

    @Test
    void ordersFromRestFhirAndHl7AreOnTheWorklistAndCancelledOnesLeaveIt() throws Exception {
        assertThat(send("POST", "/api/worklist", "application/json",
            restOrder("R100", "PR100", "Rest^Rita", "CT", "CT11", "20270105", "0830")).statusCode()).isEqualTo(201);

        String serviceRequest = """
            {"resourceType":"ServiceRequest","status":"active","intent":"order",
             "identifier":[{"type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v2-0203","code":"ACSN"}]},
                            "value":"F100"}],
             "contained":[{"resourceType":"Patient","id":"p1","identifier":[{"system":"HOSP","value":"PF100"}],
                           "name":[{"family":"Fhir","given":["Fiona"]}],"birthDate":"1981-02-03","gender":"female"}],
             "subject":{"reference":"#p1"},
             "code":{"coding":[{"system":"http://loinc.org","code":"24558-9","display":"MR Head"}],"text":"MR head"},
             "occurrenceDateTime":"2027-01-05T10:15:00+01:00"}
            """;
        HttpResponse<String> fhir = send("POST", "/fhir/ServiceRequest", "application/fhir+json", serviceRequest);
        assertThat(fhir.statusCode()).as(fhir.body()).isEqualTo(201);

        List<String> orm = hl7(msh("ORM^O01", "MSG001", "2.3.1"),
            "PID|1||PH100^^^HOSP||Seven^Hanna||19600707|F",
            "PV1|1|O|||||REF1^Referring^Rolf",
            "ORC|NW|PL-H100|FL-H100||SC",
            obr("H100", "US-ABD^US Abdomen^L", "US", "20270106090000"));
        assertThat(segment(orm, "MSA")).startsWith("MSA|AA|MSG001");

        List<String> omi = hl7(msh("OMI^O23^OMI_O23", "MSG002", "2.5.1"),
            "PID|1||PH200^^^HOSP||Omi^Otto||19550505|M",
            "ORC|NW|PL-H200|FL-H200||SC",
            "TQ1|1||||||20270106113000",
            "OBR|1|PL-H200|FL-H200|CT-HEAD^CT Head^L",
            "IPC|H200|RP-H200|1.2.826.0.1.3680043.2.1125.77|SPS-H200|CT|||CT ROOM 2|CT02");
        assertThat(segment(omi, "MSA")).startsWith("MSA|AA|MSG002");

        for (String accession : List.of("R100", "F100", "H100", "H200")) {
            awaitEntry(accession, "SCHEDULED");
        }
        List<DataSet> all = worklist();
        assertThat(accessions(all)).containsAll(List.of("R100", "F100", "H100", "H200"));
        DataSet rest = all.stream().filter(i -> "R100".equals(i.getString(Tag.AccessionNumber))).findFirst().orElseThrow();
        assertThat(rest.getString(Tag.PatientName)).isEqualTo("Rest^Rita");
        assertThat(step(rest).getString(Tag.Modality)).isEqualTo("CT");
        assertThat(step(rest).getString(Tag.ScheduledStationAETitle)).isEqualTo("CT11");
        assertThat(step(rest).getString(Tag.ScheduledProcedureStepStatus)).isEqualTo("SCHEDULED");
        assertThat(step(rest).get(Tag.ScheduledProtocolCodeSequence).items().get(0).getString(Tag.CodeValue))
            .isEqualTo("P1");
        assertThat(rest.get(Tag.RequestedProcedureCodeSequence).items().get(0).getString(Tag.CodingSchemeDesignator))
            .isEqualTo("LN");
        assertThat(rest.getString(Tag.StudyInstanceUID)).startsWith("2.25.");
        DataSet mr = all.stream().filter(i -> "F100".equals(i.getString(Tag.AccessionNumber))).findFirst().orElseThrow();
        assertThat(mr.getString(Tag.PatientName)).isEqualTo("Fhir^Fiona");
        assertThat(mr.getString(Tag.PatientBirthDate)).isEqualTo("19810203");
        assertThat(step(mr).getString(Tag.Modality)).isEqualTo("MR");
        assertThat(step(mr).getString(Tag.ScheduledStationAETitle)).isEqualTo("MR01");
        assertThat(step(mr).getString(Tag.ScheduledProcedureStepStartDate)).isEqualTo("20270105");
        assertThat(step(mr).getString(Tag.ScheduledProcedureStepStartTime)).startsWith("1015");
        DataSet us = all.stream().filter(i -> "H100".equals(i.getString(Tag.AccessionNumber))).findFirst().orElseThrow();
        assertThat(us.getString(Tag.PatientID)).isEqualTo("PH100");
        assertThat(us.getString(Tag.RequestedProcedureID)).isEqualTo("RP-H100");
        assertThat(step(us).getString(Tag.Modality)).isEqualTo("US");
        assertThat(step(us).getString(Tag.ScheduledProcedureStepID)).isEqualTo("SPS-H100");
        DataSet omiItem = all.stream().filter(i -> "H200".equals(i.getString(Tag.AccessionNumber))).findFirst()
            .orElseThrow();
        assertThat(omiItem.getString(Tag.StudyInstanceUID)).isEqualTo("1.2.826.0.1.3680043.2.1125.77");
        assertThat(step(omiItem).getString(Tag.ScheduledStationAETitle)).isEqualTo("CT02");

        // filters: a date range, a modality, an AE title, and the three together
        assertThat(accessions(worklist("ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartDate=20270105")))
            .contains("R100", "F100").doesNotContain("H100", "H200");
        assertThat(accessions(worklist("ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartDate="
            + "20270106-20270106"))).contains("H100", "H200").doesNotContain("R100", "F100");
        assertThat(accessions(worklist("ScheduledProcedureStepSequence[0].Modality=US"))).containsExactly("H100");
        assertThat(accessions(worklist("ScheduledProcedureStepSequence[0].ScheduledStationAETitle=CT11")))
            .containsExactly("R100");
        assertThat(accessions(worklist("ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartDate="
            + "20270101-20270131", "ScheduledProcedureStepSequence[0].Modality=CT",
            "ScheduledProcedureStepSequence[0].ScheduledStationAETitle=CT02"))).containsExactly("H200");
        assertThat(accessions(worklist("PatientName=omi*"))).containsExactly("H200");

        // cancelled through REST and through HL7: no longer offered
        assertThat(send("DELETE", "/api/worklist/R100?reason=duplicate", null, null).statusCode()).isEqualTo(200);
        List<String> ca = hl7(msh("ORM^O01", "MSG003", "2.3.1"), "PID|1||PH100^^^HOSP||Seven^Hanna",
            "ORC|CA|PL-H100|FL-H100||CA",
            obr("H100", "US-ABD^US Abdomen^L", "US", ""));
        assertThat(segment(ca, "MSA")).startsWith("MSA|AA|MSG003");
        awaitEntry("R100", "CANCELLED");
        awaitEntry("H100", "CANCELLED");
        assertThat(accessions(worklist())).doesNotContain("R100", "H100").contains("F100", "H200");
    }

    // ---- acceptance 2 ----

    @Test
    void badHl7IsAcknowledgedWithAnErrorAndSchedulesNothing() throws Exception {
        List<String> noMsh = hl7("PID|1||PX1^^^HOSP||Nobody^No", "ORC|NW|PL-X1|FL-X1");
        assertThat(segment(noMsh, "MSA")).matches("MSA\\|A[ER](\\|.*)?");
        assertThat(segment(noMsh, "ERR")).isNotEmpty();

        List<String> broken = hl7(msh("ORM^O01", "MSG101", "2.3.1"), "PID|1||PX2^^^HOSP||Broken^Bea",
            "this is not a segment", "ORC|NW|PL-X2|FL-X2",
            obr("X2", "CT^CT^L", "CT", "20270107090000"));
        assertThat(segment(broken, "MSA")).matches("MSA\\|A[ER]\\|MSG101.*");
        assertThat(segment(broken, "ERR")).isNotEmpty();

        List<String> unknownControl = hl7(msh("ORM^O01", "MSG102", "2.3.1"), "PID|1||PX3^^^HOSP||Odd^Olga",
            "ORC|ZZ|PL-X3|FL-X3", obr("X3", "CT^CT^L", "CT", "20270107090000"));
        assertThat(segment(unknownControl, "MSA")).matches("MSA\\|A[ER]\\|MSG102.*");
        assertThat(segment(unknownControl, "ERR")).isNotEmpty();

        List<String> noAccession = hl7(msh("ORM^O01", "MSG103", "2.3.1"), "PID|1||PX4^^^HOSP||Lost^Lou",
            "ORC|NW", fields("OBR", 1, "1", 24, "CT", 27, "^^^20270107090000"));
        assertThat(segment(noAccession, "MSA")).matches("MSA\\|A[ER]\\|MSG103.*");

        Thread.sleep(500); // anything wrongly scheduled would reach the view by now
        for (String accession : List.of("X1", "FL-X1", "X2", "X3", "FL-X3")) {
            assertThat(entry(accession)).as(accession).isNull();
        }
        assertThat(accessions(worklist("PatientID=PX*"))).isEmpty();
    }

    @Test
    void badFhirGets400WithAnOperationOutcome() throws Exception {
        HttpResponse<String> malformed = send("POST", "/fhir/ServiceRequest", "application/fhir+json", "{not json");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(malformed.body()).path("resourceType").asText()).isEqualTo("OperationOutcome");

        String noSubjectNoModality = """
            {"resourceType":"ServiceRequest","status":"active","intent":"order",
             "identifier":[{"value":"FX1"}],"code":{"coding":[{"system":"http://example.org","code":"X"}]},
             "occurrenceDateTime":"2027-01-05T10:15:00"}
            """;
        HttpResponse<String> invalid = send("POST", "/fhir/ServiceRequest", "application/fhir+json", noSubjectNoModality);
        assertThat(invalid.statusCode()).isEqualTo(400);
        JsonNode outcome = JSON.readTree(invalid.body());
        assertThat(outcome.path("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(outcome.path("issue").size()).isGreaterThanOrEqualTo(2);
        assertThat(outcome.path("issue").get(0).path("severity").asText()).isEqualTo("error");
        assertThat(entry("FX1")).isNull();
    }

    // ---- acceptance 3 ----

    ScuAssociation mppsAssociation() throws Exception {
        return scu.connect("127.0.0.1", node.dicomPort, AssociationRequest.to("CAIRN").from("CT01")
            .propose(MPPS, UID.ExplicitVRLittleEndian)).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    static DataSet mppsCreate(String accession, String studyUid) {
        DataSet ds = new DataSet().putString(Tag.SpecificCharacterSet, Vr.CS, "ISO_IR 100");
        DataElement ssa = DataElement.sequence(Tag.ScheduledStepAttributesSequence, Vr.SQ, false, false);
        ssa.items().add(new DataSet(ds).putString(Tag.StudyInstanceUID, Vr.UI, studyUid)
            .putString(Tag.AccessionNumber, Vr.SH, accession).putString(Tag.RequestedProcedureID, Vr.SH, "RP-" + accession)
            .putString(Tag.ScheduledProcedureStepID, Vr.SH, "SPS-" + accession));
        ds.put(ssa);
        ds.putString(Tag.PatientName, Vr.PN, "Mpps^Mia").putString(Tag.PatientID, Vr.LO, "PM1")
            .putString(Tag.PerformedProcedureStepID, Vr.SH, "PPS1").putString(Tag.PerformedStationAETitle, Vr.AE, "CT01")
            .putString(Tag.PerformedProcedureStepStartDate, Vr.DA, "20270105")
            .putString(Tag.PerformedProcedureStepStartTime, Vr.TM, "083000")
            .putString(Tag.PerformedProcedureStepStatus, Vr.CS, "IN PROGRESS").putString(Tag.Modality, Vr.CS, "CT")
            .putString(Tag.StudyID, Vr.SH, "1").putString(Tag.PerformedProcedureStepEndDate, Vr.DA, "")
            .putString(Tag.PerformedProcedureStepEndTime, Vr.TM, "");
        ds.put(DataElement.sequence(Tag.PerformedSeriesSequence, Vr.SQ, false, false));
        return ds;
    }

    static DataSet mppsComplete() {
        DataSet ds = new DataSet().putString(Tag.PerformedProcedureStepStatus, Vr.CS, "COMPLETED")
            .putString(Tag.PerformedProcedureStepEndDate, Vr.DA, "20270105")
            .putString(Tag.PerformedProcedureStepEndTime, Vr.TM, "084500");
        DataElement series = DataElement.sequence(Tag.PerformedSeriesSequence, Vr.SQ, false, false);
        series.items().add(new DataSet(ds).putString(Tag.SeriesInstanceUID, Vr.UI, "1.2.826.0.1.3680043.2.1125.9.1")
            .putString(Tag.ProtocolName, Vr.LO, "Chest").putString(Tag.RetrieveAETitle, Vr.AE, "CAIRN"));
        return ds.put(series);
    }

    static DimseResponse await(java.util.concurrent.CompletionStage<DimseResponse> r) throws Exception {
        return r.toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void mppsMovesTheOrderAndIllegalTransitionsGetTheirStatus() throws Exception {
        assertThat(send("POST", "/api/worklist", "application/json",
            restOrder("M100", "PM1", "Mpps^Mia", "CT", "CT01", "20270105", "0830")).statusCode()).isEqualTo(201);
        String studyUid = awaitEntry("M100", "SCHEDULED").path("order").path("studyInstanceUid").asText();
        String pps = "1.2.826.0.1.3680043.2.1125.9.100";
        ScuAssociation a = mppsAssociation();
        try {
            assertThat(await(a.create(MPPS, pps, mppsCreate("M100", studyUid))).status()).isEqualTo(0x0000);
            awaitEntry("M100", "IN_PROGRESS");
            List<DataSet> inProgress = worklist("AccessionNumber=M100");
            assertThat(step(inProgress.get(0)).getString(Tag.ScheduledProcedureStepStatus)).isEqualTo("STARTED");

            assertThat(await(a.create(MPPS, pps, mppsCreate("M100", studyUid))).status()).isEqualTo(0x0111);
            DimseResponse notAllowed = await(a.set(MPPS, pps, new DataSet().putString(Tag.PatientID, Vr.LO, "OTHER")));
            assertThat(notAllowed.status()).isEqualTo(0x0105);
            assertThat(notAllowed.command().get(Tag.AttributeIdentifierList)).isNotNull();
            DataSet noEnd = new DataSet().putString(Tag.PerformedProcedureStepStatus, Vr.CS, "COMPLETED");
            assertThat(await(a.set(MPPS, pps, noEnd)).status()).isIn(0x0120, 0x0121);
            assertThat(await(a.set(MPPS, "1.2.826.0.1.3680043.2.1125.9.404", mppsComplete())).status())
                .isEqualTo(0x0112);

            assertThat(await(a.set(MPPS, pps, mppsComplete())).status()).isEqualTo(0x0000);
            awaitEntry("M100", "COMPLETED");
            assertThat(accessions(worklist("AccessionNumber=M100"))).isEmpty();

            DimseResponse late = await(a.set(MPPS, pps, mppsComplete()));
            assertThat(late.status()).isEqualTo(0x0110);
            assertThat(late.command().getInt(Tag.ErrorID, -1)).isEqualTo(0xA710);

            // an unscheduled procedure: no Accession Number, a Study Instance UID no order handed out; kept all the same
            assertThat(await(a.create(MPPS, "1.2.826.0.1.3680043.2.1125.9.102",
                mppsCreate("", "1.2.826.0.1.3680043.2.1125.9.77"))).status()).isEqualTo(0x0000);

            DataSet completedAtCreate = mppsCreate("M100", studyUid)
                .putString(Tag.PerformedProcedureStepStatus, Vr.CS, "COMPLETED");
            assertThat(await(a.create(MPPS, "1.2.826.0.1.3680043.2.1125.9.101", completedAtCreate)).status())
                .isEqualTo(0x0106);
        } finally {
            a.release().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    // ---- acceptance 4 ----

    @Test
    void dciodvfyFindsNoErrorInTheWorklistResponses() throws Exception {
        send("POST", "/api/worklist", "application/json",
            restOrder("V100", "PV1", "Müller^Jürgen", "MR", "MR02", "20270108", "1400"));
        awaitEntry("V100", "SCHEDULED");
        List<Path> files = worklistFiles("AccessionNumber=V100");
        assertThat(files).hasSize(1);
        List<DataSet> items = new ArrayList<>();
        Path responses = Files.createTempDirectory(dir, "dciodvfy");
        for (Path file : files) {
            items.add(org.cairn.dicom.DicomReader.read(file).dataSet());
            // the response findscu wrote, without the file meta findscu adds (it names a DCMTK private SOP class and
            // no SOP instance, which dciodvfy reports as such): the data set as it came over the network
            Path bare = responses.resolve(file.getFileName());
            Process strip = new ProcessBuilder("dcmconv", "-F", file.toString(), bare.toString())
                .redirectErrorStream(true).start();
            String log = new String(strip.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(strip.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(strip.exitValue()).as(log).isZero();
            assertThat(dciodvfyErrors(bare)).as("dciodvfy on %s", file).isEmpty();
        }
        assertThat(items.get(0).getString(Tag.PatientName)).isEqualTo("Müller^Jürgen");
        // the check bites: a response with a malformed date and a lower-case modality is reported
        DataSet broken = items.get(0);
        broken.putString(Tag.PatientBirthDate, Vr.DA, "1970-01-01");
        Path bad = responses.resolve("broken.dcm");
        Files.write(bad, DicomWriter.toBytes(broken, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
        assertThat(dciodvfyErrors(bad)).anyMatch(line -> line.contains("Birth Date"));
    }

    /**
     * dciodvfy's error lines for a bare data set, less "Information Object Not found": dicom3tools has no module
     * definitions for worklist responses (nor any other C-FIND identifier), so it checks every value against its VR
     * and says that it found no IOD to check the attributes against.
     */
    List<String> dciodvfyErrors(Path file) throws Exception {
        Process p = new ProcessBuilder("dciodvfy", "-input-nometa", file.toString()).redirectErrorStream(true)
            .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out.lines().filter(l -> l.startsWith("Error"))
            .filter(l -> !l.contains("Information Object Not found")).toList();
    }

    // ---- linking and audit ----

    @Test
    void storedImagesLinkToTheirOrder() throws Exception {
        assertThat(send("POST", "/api/worklist", "application/json",
            restOrder("L100", "PL1", "Link^Lena", "CT", "CT01", "20270105", "0900")).statusCode()).isEqualTo(201);
        String studyUid = awaitEntry("L100", "SCHEDULED").path("order").path("studyInstanceUid").asText();
        DataSet image = new DataSet().putString(Tag.SOPClassUID, Vr.UI, UID.SecondaryCaptureImageStorage)
            .putString(Tag.SOPInstanceUID, Vr.UI, studyUid + ".1.1").putString(Tag.StudyInstanceUID, Vr.UI, studyUid)
            .putString(Tag.SeriesInstanceUID, Vr.UI, studyUid + ".1").putString(Tag.AccessionNumber, Vr.SH, "L100")
            .putString(Tag.PatientID, Vr.LO, "PL1").putString(Tag.PatientName, Vr.PN, "Link^Lena")
            .putString(Tag.Modality, Vr.CS, "OT");
        ScuAssociation a = scu.connect("127.0.0.1", node.dicomPort, AssociationRequest.to("CAIRN")
            .propose(UID.SecondaryCaptureImageStorage, UID.ExplicitVRLittleEndian)).toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
        try {
            // first an instance of no order and without an Accession Number: the linking goes past it
            DataSet unordered = new DataSet().putString(Tag.SOPClassUID, Vr.UI, UID.SecondaryCaptureImageStorage)
                .putString(Tag.SOPInstanceUID, Vr.UI, "1.2.826.0.1.3680043.2.1125.8.1.1.1")
                .putString(Tag.StudyInstanceUID, Vr.UI, "1.2.826.0.1.3680043.2.1125.8.1")
                .putString(Tag.SeriesInstanceUID, Vr.UI, "1.2.826.0.1.3680043.2.1125.8.1.1")
                .putString(Tag.PatientID, Vr.LO, "PX9").putString(Tag.Modality, Vr.CS, "OT");
            assertThat(await(a.store(UID.SecondaryCaptureImageStorage, "1.2.826.0.1.3680043.2.1125.8.1.1.1",
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, DicomWriter.toBytes(unordered,
                    TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN))).status()).isEqualTo(0x0000);
            assertThat(await(a.store(UID.SecondaryCaptureImageStorage, studyUid + ".1.1",
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, DicomWriter.toBytes(image,
                    TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN))).status()).isEqualTo(0x0000);
        } finally {
            a.release().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        long deadline = System.currentTimeMillis() + 20_000;
        JsonNode e = entry("L100");
        while (e.path("linkedStudies").size() == 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            e = entry("L100");
        }
        assertThat(e.path("linkedStudies").get(0).asText()).isEqualTo(studyUid);
        JsonNode study = JSON.readTree(node.get("/api/studies/" + studyUid).body());
        assertThat(study.path("orders").get(0).asText()).isEqualTo("L100");
    }

    @Test
    void everyWorklistQueryIsAudited() throws Exception {
        worklist("ScheduledProcedureStepSequence[0].Modality=NM");
        long deadline = System.currentTimeMillis() + 10_000;
        JsonNode latest = null;
        while (System.currentTimeMillis() < deadline) {
            JsonNode queries = JSON.readTree(node.get("/api/audit/worklist-queries?limit=5").body()).path("queries");
            if (queries.size() > 0 && queries.get(0).path("keys").toString().contains("\"NM\"")) {
                latest = queries.get(0);
                break;
            }
            Thread.sleep(100);
        }
        assertThat(latest).isNotNull();
        assertThat(latest.path("callingAeTitle").asText()).isEqualTo("FINDSCU");
        assertThat(latest.path("matches").asInt()).isZero();
        assertThat(latest.path("status").asText()).isEqualTo("0000");
        assertThat(latest.path("durationMs").asDouble()).isPositive();
    }

    @Test
    void patientUpdatesAndMergesReachScheduledOrders() throws Exception {
        assertThat(send("POST", "/api/worklist", "application/json",
            restOrder("P100", "PP1", "Before^Bert", "CR", "CR01", "20270109", "0800")).statusCode()).isEqualTo(201);
        awaitEntry("P100", "SCHEDULED");
        List<String> a08 = hl7(msh("ADT^A08", "MSG201", "2.5"), "EVN|A08|20270101", "PID|1||PP1^^^HOSP||After^Bert||19700101|M");
        assertThat(segment(a08, "MSA")).startsWith("MSA|AA|MSG201");
        long deadline = System.currentTimeMillis() + 20_000;
        while (!"After^Bert".equals(entry("P100").path("order").path("patient").path("name").asText())
            && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(worklist("AccessionNumber=P100").get(0).getString(Tag.PatientName)).isEqualTo("After^Bert");

        List<String> a40 = hl7(msh("ADT^A40", "MSG202", "2.5"), "EVN|A40|20270101",
            "PID|1||PP9^^^HOSP||Merged^Bert||19700101|M", "MRG|PP1^^^HOSP");
        assertThat(segment(a40, "MSA")).startsWith("MSA|AA|MSG202");
        deadline = System.currentTimeMillis() + 20_000;
        while (!"PP9".equals(entry("P100").path("order").path("patient").path("id").asText())
            && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(accessions(worklist("PatientID=PP9"))).containsExactly("P100");
    }
}
