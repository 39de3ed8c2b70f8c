package org.cairn.fhirpublish;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cairn.study.StudyEvent;
import org.cairn.study.StudyState;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.ImagingStudy.ImagingStudySeriesComponent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ImagingStudy resources built from a study assembled from corpus files (two CT series, one holding two instances, and
 * an MR series) with corrections in force, checked against FHIR R4 ({@link R4Conformance}) and against the study.
 */
class ImagingStudyBuilderTest {
    static final String STUDY = "1.2.826.0.1.3680043.8.498.4242";
    static final String ACCESSION_SYSTEM = "http://sys-ids.kemkes.go.id/acsn/100000001";
    static final String PATIENT_SYSTEM = "https://fhir.kemkes.go.id/id/nik";
    private static final ImagingStudyBuilder BUILDER = new ImagingStudyBuilder(ACCESSION_SYSTEM, PATIENT_SYSTEM,
        ZoneId.of("Asia/Jakarta"));

    private static StudyEvent.StoredInstance ct;
    private static StudyEvent.StoredInstance headCt;
    private static StudyEvent.StoredInstance headCtToo;
    private static StudyEvent.StoredInstance mr;
    private static StudyState study;

    @BeforeAll
    static void assemble() {
        ct = CorpusStudy.instance("pydicom/CT_small.dcm", null);
        headCt = CorpusStudy.instance("pydicom/J2K_pixelrep_mismatch.dcm", null);
        headCtToo = CorpusStudy.instance("pydicom/693_J2KI.dcm", headCt.seriesUid());
        mr = CorpusStudy.instance("pydicom/MR_small.dcm", null);
        study = corrected(Map.of());
    }

    static StudyState corrected(Map<String, String> more) {
        Map<String, String> changes = new LinkedHashMap<>();
        changes.put("AccessionNumber", "ACC-2027-0001");
        changes.put("StudyDescription", "CT and MR of the head");
        changes.putAll(more);
        return CorpusStudy.study(STUDY, List.of(ct, headCt, headCtToo, mr), changes);
    }

    @Test
    void aStudyWithItsServiceRequestIsAValidImagingStudyOfThatStudy() {
        ObjectNode built = BUILDER.build(study, new ServiceRequestRef("sr-77", "Patient/P100"));

        assertThat(R4Conformance.errors(built.toString())).isEmpty();
        ImagingStudy parsed = R4Conformance.parse(built.toString());
        assertThat(parsed.getStatus()).isEqualTo(ImagingStudy.ImagingStudyStatus.AVAILABLE);
        assertThat(parsed.getIdentifier()).extracting(Identifier::getSystem, Identifier::getValue).containsExactly(
            org.assertj.core.groups.Tuple.tuple("urn:dicom:uid", "urn:oid:" + STUDY),
            org.assertj.core.groups.Tuple.tuple(ACCESSION_SYSTEM, "ACC-2027-0001"));
        Identifier accession = parsed.getIdentifier().get(1);
        assertThat(accession.getType().getCodingFirstRep().getSystem())
            .isEqualTo("http://terminology.hl7.org/CodeSystem/v2-0203");
        assertThat(accession.getType().getCodingFirstRep().getCode()).isEqualTo("ACSN");
        assertThat(parsed.getBasedOnFirstRep().getReference()).isEqualTo("ServiceRequest/sr-77");
        assertThat(parsed.getSubject().getReference()).isEqualTo("Patient/P100");
        assertThat(parsed.getDescription()).isEqualTo("CT and MR of the head");
        assertThat(built.path("started").asText()).isEqualTo("2004-01-19T07:27:30-05:00");
        assertThat(parsed.getModality()).extracting(Coding::getSystem)
            .containsOnly("http://dicom.nema.org/resources/ontology/DCM");
        assertThat(parsed.getModality()).extracting(Coding::getCode).containsExactlyInAnyOrder("CT", "MR");

        assertThat(parsed.getNumberOfSeries()).isEqualTo(3);
        assertThat(parsed.getNumberOfInstances()).isEqualTo(4);
        assertThat(parsed.getSeries()).extracting(ImagingStudySeriesComponent::getUid)
            .containsExactlyInAnyOrder(ct.seriesUid(), headCt.seriesUid(), mr.seriesUid());
        ImagingStudySeriesComponent head = series(parsed, headCt.seriesUid());
        assertThat(head.getModality().getCode()).isEqualTo("CT");
        assertThat(head.getNumber()).isEqualTo(4);
        assertThat(head.getDescription()).isEqualTo("Lv2");
        assertThat(head.getBodySite().getCode()).isEqualTo("HEAD");
        assertThat(head.getNumberOfInstances()).isEqualTo(2);
        assertThat(built.path("series").findValuesAsText("started")).contains("2019-10-19T09:38:20.480+07:00");
        assertThat(head.getInstance()).extracting(i -> i.getUid(), i -> i.getNumber()).containsExactly(
            org.assertj.core.groups.Tuple.tuple(headCt.sopInstanceUid(), 7),
            org.assertj.core.groups.Tuple.tuple(headCtToo.sopInstanceUid(), 21));
        assertThat(head.getInstanceFirstRep().getSopClass().getSystem()).isEqualTo("urn:ietf:rfc:3986");
        assertThat(head.getInstanceFirstRep().getSopClass().getCode()).isEqualTo("urn:oid:" + headCt.sopClassUid());
        assertThat(series(parsed, mr.seriesUid()).getModality().getCode()).isEqualTo("MR");
        assertThat(series(parsed, mr.seriesUid()).getInstanceFirstRep().getUid()).isEqualTo(mr.sopInstanceUid());
    }

    @Test
    void withoutAServiceRequestTheSubjectIsTheCorrectedPatientIdAndNothingIsBasedOn() {
        StudyState withPatient = corrected(Map.of("PatientID", "3171234567890001"));
        ObjectNode built = BUILDER.build(withPatient, null);

        assertThat(R4Conformance.errors(built.toString())).isEmpty();
        ImagingStudy parsed = R4Conformance.parse(built.toString());
        assertThat(parsed.hasBasedOn()).isFalse();
        assertThat(parsed.getSubject().getIdentifier().getSystem()).isEqualTo(PATIENT_SYSTEM);
        assertThat(parsed.getSubject().getIdentifier().getValue()).isEqualTo("3171234567890001");
        assertThat(ImagingStudyBuilder.accessionNumber(withPatient)).isEqualTo("ACC-2027-0001");
    }

    @Test
    void aStudyWithoutAccessionNumberHasOnlyItsUidAsIdentifier() {
        StudyState plain = CorpusStudy.study(STUDY, List.of(mr), Map.of());
        ObjectNode built = BUILDER.build(plain, null);

        assertThat(R4Conformance.errors(built.toString())).isEmpty();
        assertThat(ImagingStudyBuilder.accessionNumber(plain)).isNull();
        assertThat(built.path("identifier")).hasSize(1);
        assertThat(built.path("started").asText()).isEqualTo("2004-08-26T18:50:59-04:00");
    }

    @Test
    void theConformanceCheckFindsWhatIsWrong() {
        ObjectNode broken = BUILDER.build(study, new ServiceRequestRef("sr-77", "Patient/P100"));
        ((ObjectNode) broken.path("series").get(0)).remove("modality");
        assertThat(R4Conformance.errors(broken.toString())).isNotEmpty();

        ObjectNode badStatus = BUILDER.build(study, null).put("status", "finished");
        assertThat(R4Conformance.errors(badStatus.toString())).isNotEmpty();

        ObjectNode emptyExtension = BUILDER.build(study, null);
        emptyExtension.putArray("extension").addObject().put("url", "http://example.org/fhir/empty");
        assertThat(R4Conformance.errors(emptyExtension.toString())).anyMatch(e -> e.contains("ext-1"));

        ObjectNode unknown = BUILDER.build(study, null).put("modalityName", "CT");
        assertThat(R4Conformance.errors(unknown.toString())).isNotEmpty();
    }

    @Test
    void datesAndTimesBecomeFhirDateTimes() {
        assertThat(BUILDER.dateTime("20270105", null, null)).isEqualTo("2027-01-05");
        assertThat(BUILDER.dateTime("20270105", "0930", null)).isEqualTo("2027-01-05T09:30:00+07:00");
        assertThat(BUILDER.dateTime("20270105", "093015.5", "+0100")).isEqualTo("2027-01-05T09:30:15.500+01:00");
        assertThat(BUILDER.dateTime("20270105", "09:30:15", "+0000")).isEqualTo("2027-01-05T09:30:15Z");
        assertThat(BUILDER.dateTime("20270105", "not a time", null)).isEqualTo("2027-01-05");
        assertThat(BUILDER.dateTime("20270230", "0930", null)).isNull();
        assertThat(BUILDER.dateTime(null, "0930", null)).isNull();
    }

    private static ImagingStudySeriesComponent series(ImagingStudy study, String uid) {
        return study.getSeries().stream().filter(s -> s.getUid().equals(uid)).findFirst().orElseThrow();
    }
}
