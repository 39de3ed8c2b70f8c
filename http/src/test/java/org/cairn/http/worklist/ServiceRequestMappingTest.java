package org.cairn.http.worklist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.cairn.worklist.Code;
import org.cairn.worklist.Order;
import org.cairn.worklist.Patient;
import org.cairn.worklist.ScheduledStep;
import org.junit.jupiter.api.Test;

class ServiceRequestMappingTest {
    private static final Map<String, String> SCHEMES = Map.of("http://loinc.org", "LN", "http://snomed.info/sct",
        "SCT", "http://www.radlex.org", "RADLEX", "http://dicom.nema.org/resources/ontology/DCM", "DCM");
    private static final FhirMapping MAPPING = new FhirMapping(SCHEMES,
        List.of(new FhirMapping.CodeRule("http://loinc.org", "24627-2", "CT", "CT-PROC"),
            new FhirMapping.CodeRule(null, "MRBRAIN", "MR", null),
            new FhirMapping.CodeRule("http://www.radlex.org", "RID10321", null, "XR01")),
        List.of(new FhirMapping.CodeRule(null, "CT-ROOM-2", null, "CT02"),
            new FhirMapping.CodeRule(null, "US room", "US", "US01")));
    private final ServiceRequestMapping mapping = new ServiceRequestMapping(MAPPING, () -> "2.25.42");

    private Order scheduled(ObjectNode resource) {
        MappedServiceRequest mapped = mapping.map(resource);
        assertThat(mapped).isInstanceOf(MappedServiceRequest.Schedule.class);
        return ((MappedServiceRequest.Schedule) mapped).order();
    }

    private List<FhirIssue> issues(ObjectNode resource) {
        MappedServiceRequest mapped = mapping.map(resource);
        assertThat(mapped).isInstanceOf(MappedServiceRequest.Rejected.class);
        return ((MappedServiceRequest.Rejected) mapped).issues();
    }

    @Test
    void aCompleteRequestWithAContainedPatient() {
        MappedServiceRequest mapped = mapping.map(ServiceRequests.full());

        assertThat(mapped).isEqualTo(new MappedServiceRequest.Schedule(new Order("ACC1",
            new Patient("PID-7", "urn:oid:1.2.3.4", "Smith^Anna^Maria Louise^Dr.^PhD", "19750309", "F"),
            "sr1", "CT chest with contrast", new Code("24627-2", "LN", "CT Chest"),
            "1.2.826.0.1.3680043.8.498.1", null, "House^Gregory", "PL-55", null, null, "STAT",
            new ScheduledStep("sr1", "CT02", "CT-ROOM-2", "CT", "20240502", "093015", "Cuddy^Lisa",
                "CT chest with contrast", null, "CT room 2")), false));
    }

    @Test
    void aReferencedPatientByIdentifierTakesTheNameFromTheDisplay() {
        ObjectNode sr = ServiceRequests.full();
        sr.set("subject", ServiceRequests.parse(
            "{\"identifier\": {\"system\": \"urn:oid:9.8\", \"value\": \"MRN1\"}, \"display\": \"Doe, John Q\"}"));
        assertThat(scheduled(sr).patient()).isEqualTo(new Patient("MRN1", "urn:oid:9.8", "Doe^John^Q", null, null));

        sr.set("subject", ServiceRequests.parse("{\"identifier\": {\"value\": \"MRN2\"}, \"display\": \"John Q Public\"}"));
        assertThat(scheduled(sr).patient()).isEqualTo(new Patient("MRN2", null, "Public^John^Q", null, null));

        sr.set("subject", ServiceRequests.parse("{\"identifier\": {\"value\": \"MRN3\"}}"));
        assertThat(scheduled(sr).patient()).isEqualTo(new Patient("MRN3", null, "", null, null));
    }

    @Test
    void aReferencedPatientByReferenceUsesItsIdAsPatientId() {
        ObjectNode sr = ServiceRequests.full();
        sr.set("subject", ServiceRequests.parse("{\"reference\": \"Patient/123\", \"display\": \"Jane Roe\"}"));
        assertThat(scheduled(sr).patient()).isEqualTo(new Patient("123", null, "Roe^Jane", null, null));

        sr.set("subject", ServiceRequests.parse("{\"reference\": \"https://ehr.example/fhir/Patient/77/_history/3\"}"));
        assertThat(scheduled(sr).patient().id()).isEqualTo("77");

        sr.set("subject", ServiceRequests.parse("{\"reference\": \"Group/5\"}"));
        assertThat(issues(sr)).containsExactly(FhirIssue.invalid("ServiceRequest.subject.reference",
            "the subject must be a Patient (\"#id\" of a contained Patient or \"Patient/{id}\"), not Group/5"));
    }

    @Test
    void aReferenceToAMissingContainedResourceIsNotFound() {
        ObjectNode sr = ServiceRequests.full();
        sr.set("subject", ServiceRequests.parse("{\"reference\": \"#nobody\"}"));
        assertThat(issues(sr)).containsExactly(FhirIssue.notFound("ServiceRequest.subject.reference",
            "the subject refers to #nobody, which is not a contained resource"));

        sr.set("subject", ServiceRequests.parse("{\"reference\": \"#dr\"}"));
        assertThat(issues(sr)).extracting(FhirIssue::code, FhirIssue::expression)
            .containsExactly(org.assertj.core.groups.Tuple.tuple("invalid", "ServiceRequest.subject.reference"));
    }

    @Test
    void containedPatientDetails() {
        ObjectNode sr = ServiceRequests.full();
        ObjectNode patient = (ObjectNode) sr.path("contained").get(1);
        for (Map.Entry<String, String> g : Map.of("male", "M", "female", "F", "other", "O").entrySet()) {
            patient.put("gender", g.getKey());
            assertThat(scheduled(sr).patient().sex()).isEqualTo(g.getValue());
        }
        patient.put("gender", "unknown");
        assertThat(scheduled(sr).patient().sex()).isNull();
        patient.remove("gender");
        patient.put("birthDate", "1975");
        assertThat(scheduled(sr).patient().birthDate()).as("a partial date DA cannot hold").isNull();
        patient.set("name", ServiceRequests.parse("{\"n\": [{\"text\": \"Erika Mustermann\"}]}").path("n"));
        assertThat(scheduled(sr).patient().name()).isEqualTo("Mustermann^Erika");
        patient.set("name", ServiceRequests.parse("{\"n\": [{\"family\": \"O^Brien\", \"given\": [\"Se=an\"]}]}").path("n"));
        assertThat(scheduled(sr).patient().name()).isEqualTo("O Brien^Se an");

        patient.put("gender", "f");
        patient.put("birthDate", "1975-02-30");
        patient.remove("identifier");
        assertThat(issues(sr)).extracting(FhirIssue::code, FhirIssue::expression).containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("required", "ServiceRequest.contained[1].identifier"),
            org.assertj.core.groups.Tuple.tuple("invalid", "ServiceRequest.contained[1].birthDate"),
            org.assertj.core.groups.Tuple.tuple("invalid", "ServiceRequest.contained[1].gender"));
    }

    @Test
    void codeSystemsMapToCodingSchemeDesignators() {
        Map<String, String> expected = Map.of("http://loinc.org", "LN", "http://snomed.info/sct", "SCT",
            "http://www.radlex.org", "RADLEX", "urn:oid:1.2.840.10008.2.16.4", "urn:oid:1.2.840.",
            "http://hospital.example/codes", "http://hospital.");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            ObjectNode sr = ServiceRequests.full();
            sr.set("code", ServiceRequests.parse("{\"coding\": [{\"system\": \"" + e.getKey()
                + "\", \"code\": \"X1\", \"display\": \"Thing\"}]}"));
            sr.set("extension", ServiceRequests.parse("[{\"url\": \"modality\", \"valueCode\": \"CT\"}]"));
            Order order = scheduled(sr);
            assertThat(order.requestedProcedureCode()).isEqualTo(new Code("X1", e.getValue(), "Thing"));
            assertThat(order.requestedProcedureDescription()).isEqualTo("Thing");
        }
        // A DICOM code that is not a modality is a procedure code like any other.
        ObjectNode sr = ServiceRequests.full();
        sr.set("code", ServiceRequests.parse("{\"coding\": [{\"system\": \"http://dicom.nema.org/resources/ontology/DCM\","
            + " \"code\": \"CT\"}, {\"system\": \"http://dicom.nema.org/resources/ontology/DCM\", \"code\": \"113691\"}]}"));
        Order order = scheduled(sr);
        assertThat(order.requestedProcedureCode()).isEqualTo(new Code("113691", "DCM", "113691"));
        assertThat(order.step().modality()).isEqualTo("CT");
    }

    @Test
    void codeProblems() {
        ObjectNode sr = ServiceRequests.full();
        sr.remove("code");
        assertThat(issues(sr)).extracting(FhirIssue::code, FhirIssue::expression).containsExactly(
            org.assertj.core.groups.Tuple.tuple("required", "ServiceRequest.code"),
            org.assertj.core.groups.Tuple.tuple("required", "ServiceRequest.code"));

        sr.set("code", ServiceRequests.parse("{\"coding\": [{\"code\": \"X1\"}]}"));
        sr.set("extension", ServiceRequests.parse("[{\"url\": \"http://x.example/modality\", \"valueString\": \"MR\"}]"));
        assertThat(issues(sr)).containsExactly(FhirIssue.required("ServiceRequest.code.coding[0].system",
            "the procedure code X1 has no system, so it has no coding scheme"));

        sr.set("code", ServiceRequests.parse("{\"text\": \"Knee MRI\"}"));
        Order textOnly = scheduled(sr);
        assertThat(textOnly.requestedProcedureCode()).isNull();
        assertThat(textOnly.requestedProcedureDescription()).isEqualTo("Knee MRI");
        assertThat(textOnly.step().modality()).isEqualTo("MR");
    }

    @Test
    void occurrenceIsKeptAsWrittenWithoutItsOffset() {
        ObjectNode sr = ServiceRequests.full();
        Map<String, String[]> cases = Map.of(
            "2024-05-02T23:30:00-05:00", new String[] {"20240502", "233000"},
            "2024-12-31T00:05:59Z", new String[] {"20241231", "000559"},
            "2024-05-02T09:30:15.123456789+01:00", new String[] {"20240502", "093015.123456"},
            "2024-05-02", new String[] {"20240502", null});
        for (Map.Entry<String, String[]> c : cases.entrySet()) {
            sr.put("occurrenceDateTime", c.getKey());
            ScheduledStep step = scheduled(sr).step();
            assertThat(step.startDate()).as(c.getKey()).isEqualTo(c.getValue()[0]);
            assertThat(step.startTime()).as(c.getKey()).isEqualTo(c.getValue()[1]);
        }
        sr.remove("occurrenceDateTime");
        sr.set("occurrencePeriod", ServiceRequests.parse(
            "{\"start\": \"2024-06-01T14:00:00+02:00\", \"end\": \"2024-06-01T15:00:00+02:00\"}"));
        assertThat(scheduled(sr).step().startTime()).isEqualTo("140000");
        assertThat(scheduled(sr).step().startDate()).isEqualTo("20240601");

        sr.remove("occurrencePeriod");
        assertThat(issues(sr)).extracting(FhirIssue::code, FhirIssue::expression)
            .containsExactly(org.assertj.core.groups.Tuple.tuple("required", "ServiceRequest.occurrence[x]"));
        for (String bad : List.of("2024-05", "2024-13-01", "2024-05-02T25:00:00Z", "02.05.2024", "2024-05-02T09:30:00+2")) {
            sr.put("occurrenceDateTime", bad);
            assertThat(issues(sr)).as(bad).extracting(FhirIssue::code, FhirIssue::expression)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("invalid", "ServiceRequest.occurrenceDateTime"));
        }
    }

    @Test
    void priorities() {
        ObjectNode sr = ServiceRequests.full();
        Map<String, String> expected = Map.of("routine", "ROUTINE", "urgent", "HIGH", "asap", "HIGH", "stat", "STAT");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            sr.put("priority", e.getKey());
            assertThat(scheduled(sr).priority()).isEqualTo(e.getValue());
        }
        sr.remove("priority");
        assertThat(scheduled(sr).priority()).isNull();
        sr.put("priority", "whenever");
        assertThat(issues(sr)).containsExactly(FhirIssue.invalid("ServiceRequest.priority",
            "priority must be routine, urgent, asap or stat, not whenever"));
    }

    @Test
    void modalityAndStationFromTheMapping() {
        ObjectNode sr = ServiceRequests.full();
        // Procedure rule: LOINC 24627-2 -> CT, CT-PROC; the location rule's AE title (CT02) comes first.
        sr.set("code", ServiceRequests.parse("{\"coding\": [{\"system\": \"http://loinc.org\", \"code\": \"24627-2\"}]}"));
        assertThat(scheduled(sr).step()).extracting(ScheduledStep::modality, ScheduledStep::stationAeTitle)
            .containsExactly("CT", "CT02");
        sr.remove("locationCode");
        assertThat(scheduled(sr).step()).extracting(ScheduledStep::modality, ScheduledStep::stationAeTitle,
            ScheduledStep::stationName).containsExactly("CT", "CT-PROC", null);

        // A rule without a system matches the code in any system; the location gives the AE title only.
        sr.set("code", ServiceRequests.parse("{\"coding\": [{\"system\": \"urn:local\", \"code\": \"MRBRAIN\"}]}"));
        sr.set("locationReference", ServiceRequests.parse("[{\"reference\": \"Location/1\", \"display\": \"US room\"}]"));
        Order order = scheduled(sr);
        assertThat(order.step()).extracting(ScheduledStep::modality, ScheduledStep::stationAeTitle,
            ScheduledStep::stationName, ScheduledStep::location).containsExactly("MR", "US01", "US room", "US room");

        // The location's modality when the procedure has none; the procedure rule's AE title is not used then.
        sr.set("code", ServiceRequests.parse("{\"coding\": [{\"system\": \"urn:local\", \"code\": \"OTHER\"}]}"));
        assertThat(scheduled(sr).step()).extracting(ScheduledStep::modality, ScheduledStep::stationAeTitle)
            .containsExactly("US", "US01");

        // The extension names the modality before any rule.
        sr.set("extension", ServiceRequests.parse(
            "[{\"url\": \"http://cairn.example/fhir/StructureDefinition/modality\", \"valueCoding\": {\"code\": \"XA\"}}]"));
        assertThat(scheduled(sr).step().modality()).isEqualTo("XA");
        sr.set("extension", ServiceRequests.parse("[{\"url\": \"modality\", \"valueCode\": \"c t\"}]"));
        assertThat(issues(sr)).extracting(FhirIssue::code, FhirIssue::expression)
            .containsExactly(org.assertj.core.groups.Tuple.tuple("invalid", "ServiceRequest.extension"));
    }

    @Test
    void aRequestWhoseModalityCannotBeFoundIsRefused() {
        ObjectNode sr = ServiceRequests.full();
        sr.set("code", ServiceRequests.parse("{\"coding\": [{\"system\": \"http://snomed.info/sct\", \"code\": \"77477000\"}]}"));
        sr.remove("locationCode");
        List<FhirIssue> issues = issues(sr);
        assertThat(issues).hasSize(1);
        assertThat(issues.get(0).code()).isEqualTo("required");
        assertThat(issues.get(0).expression()).isEqualTo("ServiceRequest.code");
        assertThat(issues.get(0).diagnostics()).contains("modality cannot be determined").contains("cairn.fhir");
    }

    @Test
    void theAccessionNumberFallsBackOnTheFirstIdentifier() {
        ObjectNode sr = ServiceRequests.full();
        sr.set("identifier", ServiceRequests.parse(
            "[{\"system\": \"urn:dicom:uid\", \"value\": \"urn:oid:1.2.3\"}, {\"system\": \"urn:ris\", \"value\": \"R-9\"},"
                + " {\"value\": \"R-10\"}]"));
        Order order = scheduled(sr);
        assertThat(order.accessionNumber()).isEqualTo("R-9");
        assertThat(order.studyInstanceUid()).isEqualTo("1.2.3");

        sr.set("identifier", ServiceRequests.parse("[{\"value\": \"THIS-IS-SEVENTEEN\"}]"));
        assertThat(issues(sr)).extracting(FhirIssue::code, FhirIssue::expression)
            .containsExactly(org.assertj.core.groups.Tuple.tuple("invalid", "ServiceRequest.identifier[0].value"));

        sr.remove("identifier");
        assertThat(issues(sr)).extracting(FhirIssue::code, FhirIssue::expression)
            .containsExactly(org.assertj.core.groups.Tuple.tuple("required", "ServiceRequest.identifier"));
    }

    @Test
    void aStudyUidIsMadeWhenNoneIsGivenAndCheckedWhenOneIs() {
        ObjectNode sr = ServiceRequests.full();
        ((com.fasterxml.jackson.databind.node.ArrayNode) sr.path("identifier")).remove(2);
        MappedServiceRequest mapped = mapping.map(sr);
        assertThat(mapped).isInstanceOf(MappedServiceRequest.Schedule.class);
        assertThat(((MappedServiceRequest.Schedule) mapped).order().studyInstanceUid()).isEqualTo("2.25.42");
        assertThat(((MappedServiceRequest.Schedule) mapped).studyUidGenerated()).isTrue();

        for (String bad : List.of("1.2.3", "urn:oid:1.02.3", "urn:oid:1.2.x", "urn:uuid:1234")) {
            ((com.fasterxml.jackson.databind.node.ArrayNode) sr.path("identifier")).addObject()
                .put("system", "urn:dicom:uid").put("value", bad);
            assertThat(issues(sr)).as(bad).extracting(FhirIssue::code, FhirIssue::expression)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("invalid", "ServiceRequest.identifier[2].value"));
            ((com.fasterxml.jackson.databind.node.ArrayNode) sr.path("identifier")).remove(2);
        }
    }

    @Test
    void theRequestedProcedureIdIsTheResourceIdWhenItFits() {
        ObjectNode sr = ServiceRequests.full();
        sr.put("id", "0b6d1c8e-3f0a-4c5e-9a7d-2f1e8b9c0d11");
        assertThat(scheduled(sr).requestedProcedureId()).isEqualTo("ACC1");
        assertThat(scheduled(sr).step().stepId()).isEqualTo("ACC1");
        sr.remove("id");
        assertThat(scheduled(sr).requestedProcedureId()).isEqualTo("ACC1");
        sr.put("id", "not valid!");
        assertThat(issues(sr)).extracting(FhirIssue::code, FhirIssue::expression)
            .containsExactly(org.assertj.core.groups.Tuple.tuple("invalid", "ServiceRequest.id"));
    }

    @Test
    void statusesOtherThanActiveCancelOrComplete() {
        ObjectNode sr = ServiceRequests.full();
        for (String s : List.of("draft", "on-hold")) {
            sr.put("status", s);
            assertThat(mapping.map(sr)).isInstanceOf(MappedServiceRequest.Schedule.class);
        }
        sr.put("status", "revoked");
        assertThat(mapping.map(sr)).isEqualTo(new MappedServiceRequest.Cancel("ACC1", "FHIR ServiceRequest revoked"));
        sr.put("status", "entered-in-error");
        assertThat(mapping.map(sr)).isEqualTo(new MappedServiceRequest.Cancel("ACC1",
            "FHIR ServiceRequest entered-in-error"));
        sr.put("status", "completed");
        assertThat(mapping.map(sr)).isEqualTo(new MappedServiceRequest.Complete("ACC1"));

        // A cancel needs only the Accession Number, not a schedulable order.
        ObjectNode bare = ServiceRequests.parse("{\"resourceType\": \"ServiceRequest\", \"status\": \"revoked\", "
            + "\"intent\": \"original-order\", \"identifier\": [{\"value\": \"ACC9\"}]}");
        assertThat(mapping.map(bare)).isEqualTo(new MappedServiceRequest.Cancel("ACC9", "FHIR ServiceRequest revoked"));
        bare.remove("identifier");
        assertThat(issues(bare)).extracting(FhirIssue::expression).containsExactly("ServiceRequest.identifier");
    }

    @Test
    void statusAndIntentProblems() {
        ObjectNode sr = ServiceRequests.full();
        sr.put("status", "unknown");
        sr.put("intent", "proposal");
        assertThat(issues(sr)).extracting(FhirIssue::code, FhirIssue::expression).containsExactly(
            org.assertj.core.groups.Tuple.tuple("invalid", "ServiceRequest.status"),
            org.assertj.core.groups.Tuple.tuple("invalid", "ServiceRequest.intent"));
        for (String intent : List.of("order", "original-order", "instance-order", "filler-order")) {
            sr.put("status", "active");
            sr.put("intent", intent);
            assertThat(mapping.map(sr)).isInstanceOf(MappedServiceRequest.Schedule.class);
        }
        sr.remove("status");
        sr.remove("intent");
        assertThat(issues(sr)).extracting(FhirIssue::code, FhirIssue::expression).containsExactly(
            org.assertj.core.groups.Tuple.tuple("required", "ServiceRequest.status"),
            org.assertj.core.groups.Tuple.tuple("required", "ServiceRequest.intent"));
    }

    @Test
    void anotherResourceTypeIsRefusedOutright() {
        assertThat(issues(ServiceRequests.parse("{\"resourceType\": \"Patient\", \"id\": \"x\"}"))).containsExactly(
            FhirIssue.invalid("resourceType", "resourceType must be ServiceRequest, not Patient"));
        assertThat(issues(ServiceRequests.parse("{\"status\": \"active\"}"))).containsExactly(
            FhirIssue.invalid("resourceType", "resourceType must be ServiceRequest, not absent"));
    }

    @Test
    void everyProblemIsListedAtOnce() {
        ObjectNode sr = ServiceRequests.parse("""
            {"resourceType": "ServiceRequest", "status": "active", "intent": "order", "priority": "soon",
             "subject": {"reference": "#missing"}, "code": {"coding": [{"system": "http://loinc.org", "code": "1-1"}]},
             "occurrenceDateTime": "tomorrow"}
            """);
        assertThat(issues(sr)).extracting(FhirIssue::code, FhirIssue::expression).containsExactly(
            org.assertj.core.groups.Tuple.tuple("required", "ServiceRequest.identifier"),
            org.assertj.core.groups.Tuple.tuple("not-found", "ServiceRequest.subject.reference"),
            org.assertj.core.groups.Tuple.tuple("invalid", "ServiceRequest.occurrenceDateTime"),
            org.assertj.core.groups.Tuple.tuple("invalid", "ServiceRequest.priority"),
            org.assertj.core.groups.Tuple.tuple("required", "ServiceRequest.code"));
    }
}
