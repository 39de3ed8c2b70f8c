package org.cairn.dicom.deid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.cairn.dicom.DataElement;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.DicomReader;
import org.cairn.dicom.DicomWriter;
import org.cairn.dicom.TransferSyntax;
import org.cairn.dicom.Uids;
import org.cairn.dicom.Vr;
import org.cairn.dicom.dict.Tag;
import org.cairn.dicom.dict.UID;
import org.junit.jupiter.api.Test;

/** The pure function: each action of PS3.15 Table E.1-1 on a data set built here, at the top level and in items. */
class AnonymizerTest {

    static final byte[] SECRET = "the secret of one test job, 32 b".getBytes(StandardCharsets.US_ASCII);
    static final Replacements PSEUDONYM = new Replacements("SUBJECT^0042", "PSEUDO-0042");
    static final String STUDY = "1.2.3.4.5.100";
    static final String SERIES = "1.2.3.4.5.100.1";
    static final String FRAME_OF_REFERENCE = "1.2.3.4.5.100.9";
    static final byte[] PIXELS = {1, 2, 3, 4, 5, 6, 7, 8};

    /** A CT instance of the test study full of identifying attributes; {@code references} the instance it was derived from. */
    static DataSet instance(String sopInstanceUid, String references) {
        DataSet ds = new DataSet()
            .putString(Tag.SpecificCharacterSet, Vr.CS, "ISO_IR 100")
            .putString(Tag.InstanceCreationDate, Vr.DA, "20240131")
            .putString(Tag.InstanceCreationTime, Vr.TM, "101010")
            .putString(Tag.SOPClassUID, Vr.UI, UID.CTImageStorage)
            .putString(Tag.SOPInstanceUID, Vr.UI, sopInstanceUid)
            .putString(Tag.StudyDate, Vr.DA, "20240131")
            .putString(Tag.SeriesDate, Vr.DA, "20240131")
            .putString(Tag.AccessionNumber, Vr.SH, "ACC-991")
            .putString(Tag.Modality, Vr.CS, "CT")
            .putString(Tag.InstitutionName, Vr.LO, "General Hospital")
            .putString(Tag.InstitutionAddress, Vr.ST, "1 Main Street")
            .putString(Tag.ReferringPhysicianName, Vr.PN, "Doe^John")
            .putString(Tag.StationName, Vr.SH, "CT01")
            .putString(Tag.StudyDescription, Vr.LO, "Chest of Jane Doe")
            .putString(Tag.OperatorsName, Vr.PN, "Smith^Ann")
            .putString(Tag.PatientName, Vr.PN, "Doe^Jane")
            .putString(Tag.PatientID, Vr.LO, "PID-7731")
            .putString(Tag.PatientBirthDate, Vr.DA, "19700101")
            .putString(Tag.PatientSex, Vr.CS, "F")
            .putString(Tag.OtherPatientIDs, Vr.LO, "OLD-7")
            .putString(Tag.PatientAge, Vr.AS, "054Y")
            .putString(Tag.DeviceSerialNumber, Vr.LO, "SN-123456")
            .putString(Tag.ProtocolName, Vr.LO, "Jane's protocol")
            .putString(Tag.StudyInstanceUID, Vr.UI, STUDY)
            .putString(Tag.SeriesInstanceUID, Vr.UI, SERIES)
            .putString(Tag.StudyID, Vr.SH, "S-17")
            .putString(Tag.FrameOfReferenceUID, Vr.UI, FRAME_OF_REFERENCE)
            .putString(Tag.BurnedInAnnotation, Vr.CS, "NO");
        ds.put(DataElement.of(0x00080000, Vr.UL, new byte[] {0, 0, 0, 0}));
        ds.put(item(Tag.ReferencedStudySequence, new DataSet()
            .putString(Tag.ReferencedSOPClassUID, Vr.UI, "1.2.840.10008.3.1.2.3.1")
            .putString(Tag.ReferencedSOPInstanceUID, Vr.UI, "1.2.3.4.5.777")));
        ds.put(item(Tag.ReferencedPatientSequence, new DataSet()
            .putString(Tag.ReferencedSOPClassUID, Vr.UI, "1.2.840.10008.3.1.2.1.1")
            .putString(Tag.ReferencedSOPInstanceUID, Vr.UI, "1.2.3.4.5.888")));
        if (references != null) {
            ds.put(item(Tag.ReferencedImageSequence, new DataSet()
                .putString(0x00090010, Vr.LO, "ACME")
                .putString(0x00091001, Vr.LO, "private note on Jane Doe")
                .putString(Tag.ReferencedSOPClassUID, Vr.UI, UID.CTImageStorage)
                .putString(Tag.ReferencedSOPInstanceUID, Vr.UI, references)));
        }
        ds.put(item(Tag.RequestAttributesSequence, new DataSet().putString(Tag.RequestedProcedureID, Vr.SH, "RP-5")));
        ds.put(item(Tag.InstitutionCodeSequence, new DataSet()
            .putString(Tag.CodeValue, Vr.SH, "GH1")
            .putString(Tag.CodingSchemeDesignator, Vr.SH, "L")
            .putString(Tag.CodeMeaning, Vr.LO, "General Hospital")));
        ds.putString(0x00090010, Vr.LO, "ACME");
        ds.putString(0x00091001, Vr.LO, "Jane Doe, room 12");
        ds.put(DataElement.of(Tag.CurveDimensions, Vr.US, new byte[] {1, 0}));
        ds.put(DataElement.of(Tag.CurveData, Vr.OB, new byte[] {9, 9}));
        ds.put(DataElement.of(Tag.OverlayRows, Vr.US, new byte[] {2, 0}));
        ds.putString(Tag.OverlayDescription, Vr.LO, "Jane Doe");
        ds.put(DataElement.of(Tag.OverlayData, Vr.OW, new byte[] {1, 1}));
        ds.put(DataElement.of(Tag.PixelData, Vr.OW, PIXELS));
        return ds;
    }

    /** A structured-report style data set: a D sequence holding names, text, codes and references. */
    static DataSet report() {
        DataSet observer = new DataSet()
            .putString(Tag.VerifyingOrganization, Vr.LO, "General Hospital")
            .putString(Tag.VerificationDateTime, Vr.DT, "20240131120000")
            .putString(Tag.VerifyingObserverName, Vr.PN, "Smith^Ann");
        observer.put(item(Tag.VerifyingObserverIdentificationCodeSequence, new DataSet()
            .putString(Tag.CodeValue, Vr.SH, "EMP-12")
            .putString(Tag.CodingSchemeDesignator, Vr.SH, "L")
            .putString(Tag.CodeMeaning, Vr.LO, "Smith, Ann")));
        DataSet text = new DataSet()
            .putString(Tag.ValueType, Vr.CS, "TEXT")
            .putString(Tag.TextValue, Vr.UT, "Jane Doe, born 1970-01-01, seen by Dr Smith");
        text.put(item(Tag.ConceptNameCodeSequence, new DataSet()
            .putString(Tag.CodeValue, Vr.SH, "121071")
            .putString(Tag.CodingSchemeDesignator, Vr.SH, "DCM")
            .putString(Tag.CodeMeaning, Vr.LO, "Finding")));
        DataSet person = new DataSet()
            .putString(Tag.ValueType, Vr.CS, "PNAME")
            .putString(Tag.PersonName, Vr.PN, "Doe^Jane");
        DataSet image = new DataSet().putString(Tag.ValueType, Vr.CS, "IMAGE");
        image.put(item(Tag.ReferencedSOPSequence, new DataSet()
            .putString(Tag.ReferencedSOPClassUID, Vr.UI, UID.CTImageStorage)
            .putString(Tag.ReferencedSOPInstanceUID, Vr.UI, "1.2.3.4.5.100.1.1")));
        DataSet ds = new DataSet()
            .putString(Tag.SOPClassUID, Vr.UI, UID.ComprehensiveSRStorage)
            .putString(Tag.SOPInstanceUID, Vr.UI, "1.2.3.4.5.100.2.1")
            .putString(Tag.StudyInstanceUID, Vr.UI, STUDY);
        ds.put(item(Tag.VerifyingObserverSequence, observer));
        DataElement content = DataElement.sequence(Tag.ContentSequence, Vr.SQ, false, true);
        content.items().addAll(List.of(text, person, image));
        ds.put(content);
        return ds;
    }

    static DataElement item(int tag, DataSet item) {
        DataElement sequence = DataElement.sequence(tag, Vr.SQ, false, false);
        sequence.items().add(item);
        return sequence;
    }

    static DataSet anonymized(DataSet ds) {
        return Anonymizer.anonymize(ds, UidMapper.withSecret(SECRET), PSEUDONYM);
    }

    @Test
    void removesTheAttributesMarkedX() {
        DataSet out = anonymized(instance("1.2.3.4.5.100.1.2", "1.2.3.4.5.100.1.1"));
        for (int tag : new int[] {Tag.OtherPatientIDs, Tag.PatientAge, Tag.InstitutionAddress, Tag.StudyDescription,
            Tag.ReferencedPatientSequence, Tag.RequestAttributesSequence}) {
            assertThat(out.contains(tag)).as("%08X", tag).isFalse();
        }
    }

    @Test
    void emptiesTheAttributesMarkedZAndXZ() {
        DataSet out = Anonymizer.anonymize(instance("1.2.3.4.5.100.1.2", null), UidMapper.withSecret(SECRET),
            Replacements.NONE);
        for (int tag : new int[] {Tag.PatientName, Tag.PatientID, Tag.PatientBirthDate, Tag.PatientSex,
            Tag.AccessionNumber, Tag.StudyID, Tag.ReferringPhysicianName, Tag.StudyDate}) {
            assertThat(out.get(tag)).as("%08X", tag).isNotNull();
            assertThat(out.get(tag).length()).as("%08X", tag).isZero();
        }
        assertThat(out.get(Tag.ReferencedStudySequence).items()).as("X/Z sequence emptied").isEmpty();
    }

    @Test
    void replacesTheAttributesMarkedDAndTheCompoundDsWithDummiesOfTheirVr() {
        DataSet out = anonymized(instance("1.2.3.4.5.100.1.2", null));
        assertThat(out.getString(Tag.InstitutionName)).isEqualTo(Anonymizer.DUMMY_TEXT);
        assertThat(out.getString(Tag.StationName)).isEqualTo(Anonymizer.DUMMY_TEXT);
        assertThat(out.getString(Tag.DeviceSerialNumber)).isEqualTo(Anonymizer.DUMMY_TEXT);
        assertThat(out.getString(Tag.ProtocolName)).isEqualTo(Anonymizer.DUMMY_TEXT);
        assertThat(out.getString(Tag.OperatorsName)).isEqualTo(Anonymizer.DUMMY_PERSON_NAME);
        assertThat(out.getString(Tag.SeriesDate)).isEqualTo(Anonymizer.DUMMY_DATE);
        assertThat(out.getString(Tag.InstanceCreationDate)).as("a date the table omits").isEqualTo(Anonymizer.DUMMY_DATE);
        assertThat(out.getString(Tag.InstanceCreationTime)).as("times of day are kept").isEqualTo("101010");
        DataSet institution = out.get(Tag.InstitutionCodeSequence).items().get(0);
        assertThat(institution.getString(Tag.CodeValue)).isEqualTo(Anonymizer.DUMMY_TEXT);
        assertThat(institution.getString(Tag.CodeMeaning)).isEqualTo(Anonymizer.DUMMY_TEXT);
    }

    @Test
    void keepsWhatTheTableDoesNotListAndPutsThePseudonyms() {
        DataSet in = instance("1.2.3.4.5.100.1.2", null);
        DataSet out = anonymized(in);
        assertThat(out.getString(Tag.Modality)).isEqualTo("CT");
        assertThat(out.getString(Tag.SOPClassUID)).isEqualTo(UID.CTImageStorage);
        assertThat(out.getString(Tag.BurnedInAnnotation)).isEqualTo("NO");
        assertThat(BurnedInAnnotation.of(out)).isEqualTo(BurnedInAnnotation.NO);
        assertThat(out.get(Tag.PixelData).bytes()).isSameAs(in.get(Tag.PixelData).bytes());
        assertThat(out.getString(Tag.PatientName)).isEqualTo("SUBJECT^0042");
        assertThat(out.getString(Tag.PatientID)).isEqualTo("PSEUDO-0042");
    }

    @Test
    void addsPatientIdentityRemovedAndTheProfileCodeOnceEvenWhenRunTwice() {
        DataSet once = anonymized(instance("1.2.3.4.5.100.1.2", null));
        DataSet twice = anonymized(once);
        for (DataSet out : List.of(once, twice)) {
            assertThat(out.getString(Tag.PatientIdentityRemoved)).isEqualTo("YES");
            assertThat(out.getStrings(Tag.DeidentificationMethod)).containsExactly(Anonymizer.METHOD);
            List<DataSet> codes = out.get(Tag.DeidentificationMethodCodeSequence).items();
            assertThat(codes).hasSize(1);
            assertThat(codes.get(0).getString(Tag.CodeValue)).isEqualTo("113100");
            assertThat(codes.get(0).getString(Tag.CodingSchemeDesignator)).isEqualTo("DCM");
            assertThat(codes.get(0).getString(Tag.CodeMeaning)).isEqualTo("Basic Application Confidentiality Profile");
        }
    }

    @Test
    void removesPrivateAttributesCurvesOverlaysAndGroupLengthsAtEveryLevel() {
        DataSet out = anonymized(instance("1.2.3.4.5.100.1.2", "1.2.3.4.5.100.1.1"));
        List<Integer> tags = new ArrayList<>();
        collectTags(out, tags);
        assertThat(tags).noneMatch(tag -> (tag >>> 16 & 1) == 1);
        assertThat(tags).noneMatch(tag -> tag >>> 16 == 0x5000 || tag >>> 16 == 0x6000);
        assertThat(tags).noneMatch(tag -> (tag & 0xFFFF) == 0);
        DataSet reference = out.get(Tag.ReferencedImageSequence).items().get(0);
        assertThat(reference.size()).as("the item keeps its two standard attributes").isEqualTo(2);
    }

    private static void collectTags(DataSet ds, List<Integer> tags) {
        for (DataElement e : ds) {
            tags.add(e.tag());
            for (DataSet item : e.items()) {
                collectTags(item, tags);
            }
        }
    }

    @Test
    void dummiesEverythingInADSequenceButItsCodesNumbersAndStructure() {
        UidMapper job = UidMapper.withSecret(SECRET);
        DataSet out = Anonymizer.anonymize(report(), job, PSEUDONYM);

        DataSet observer = out.get(Tag.VerifyingObserverSequence).items().get(0);
        assertThat(observer.getString(Tag.VerifyingObserverName)).isEqualTo(Anonymizer.DUMMY_PERSON_NAME);
        assertThat(observer.getString(Tag.VerifyingOrganization)).isEqualTo(Anonymizer.DUMMY_TEXT);
        assertThat(observer.getString(Tag.VerificationDateTime)).isEqualTo(Anonymizer.DUMMY_DATE_TIME);
        assertThat(observer.get(Tag.VerifyingObserverIdentificationCodeSequence).items()).as("its own row is Z").isEmpty();

        List<DataSet> content = out.get(Tag.ContentSequence).items();
        assertThat(content).hasSize(3);
        assertThat(content.get(0).getString(Tag.ValueType)).isEqualTo("TEXT");
        assertThat(content.get(0).getString(Tag.TextValue)).isEqualTo(Anonymizer.DUMMY_TEXT);
        DataSet concept = content.get(0).get(Tag.ConceptNameCodeSequence).items().get(0);
        assertThat(concept.getString(Tag.CodeValue)).as("a code sequence without a row of its own").isEqualTo("121071");
        assertThat(concept.getString(Tag.CodeMeaning)).isEqualTo("Finding");
        assertThat(content.get(1).getString(Tag.PersonName)).isEqualTo(Anonymizer.DUMMY_PERSON_NAME);
        DataSet referenced = content.get(2).get(Tag.ReferencedSOPSequence).items().get(0);
        assertThat(referenced.getString(Tag.ReferencedSOPClassUID)).isEqualTo(UID.CTImageStorage);
        assertThat(referenced.getString(Tag.ReferencedSOPInstanceUID)).isEqualTo(job.map("1.2.3.4.5.100.1.1"));
    }

    @Test
    void cleanAndKeepActionsOfOtherRules() {
        ProfileRules rules = tag -> switch (tag) {
            case Tag.StudyDescription -> ProfileAction.C;
            case Tag.ReferencedImageSequence -> ProfileAction.C;
            case Tag.InstitutionName -> ProfileAction.K;
            case Tag.FrameOfReferenceUID -> ProfileAction.C;
            default -> BasicProfile.actionFor(tag);
        };
        DataSet out = Anonymizer.anonymize(instance("1.2.3.4.5.100.1.2", "1.2.3.4.5.100.1.1"),
            UidMapper.withSecret(SECRET), PSEUDONYM, rules);
        assertThat(out.getString(Tag.StudyDescription)).as("C on text").isEqualTo(Anonymizer.DUMMY_TEXT);
        assertThat(out.getString(Tag.InstitutionName)).as("K").isEqualTo("General Hospital");
        DataSet reference = out.get(Tag.ReferencedImageSequence).items().get(0);
        assertThat(reference.getString(Tag.ReferencedSOPInstanceUID)).as("C on a sequence: its items by the rules")
            .isEqualTo(UidMapper.withSecret(SECRET).map("1.2.3.4.5.100.1.1"));
        assertThat(reference.contains(0x00091001)).isFalse();
    }

    @Test
    void uidsAreConsistentAcrossTheInstancesOfOneJobAndDifferentInAnotherJob() {
        DataSet first = instance("1.2.3.4.5.100.1.1", null);
        DataSet derived = instance("1.2.3.4.5.100.1.2", "1.2.3.4.5.100.1.1");
        UidMapper job = UidMapper.newJob();
        DataSet a = Anonymizer.anonymize(first, job, PSEUDONYM);
        DataSet b = Anonymizer.anonymize(derived, job, PSEUDONYM);

        for (int tag : new int[] {Tag.StudyInstanceUID, Tag.SeriesInstanceUID, Tag.FrameOfReferenceUID}) {
            assertThat(b.getString(tag)).isEqualTo(a.getString(tag)).isNotEqualTo(first.getString(tag));
        }
        assertThat(b.get(Tag.ReferencedImageSequence).items().get(0).getString(Tag.ReferencedSOPInstanceUID))
            .as("the reference follows the referenced instance").isEqualTo(a.getString(Tag.SOPInstanceUID));
        assertThat(a.getString(Tag.SOPInstanceUID)).isNotEqualTo(b.getString(Tag.SOPInstanceUID));
        for (DataSet out : List.of(a, b)) {
            for (int tag : new int[] {Tag.StudyInstanceUID, Tag.SeriesInstanceUID, Tag.SOPInstanceUID}) {
                assertThat(out.getString(tag)).startsWith("2.25.").matches(Uids::isValid);
            }
            assertThat(out.getString(Tag.SOPClassUID)).as("registered UIDs identify nobody").isEqualTo(UID.CTImageStorage);
        }

        DataSet otherJob = Anonymizer.anonymize(first, UidMapper.newJob(), PSEUDONYM);
        assertThat(otherJob.getString(Tag.StudyInstanceUID)).isNotEqualTo(a.getString(Tag.StudyInstanceUID));
        assertThat(otherJob.getString(Tag.SOPInstanceUID)).isNotEqualTo(a.getString(Tag.SOPInstanceUID));
        DataSet sameSecret = Anonymizer.anonymize(first, UidMapper.withSecret(job.secret()), PSEUDONYM);
        assertThat(sameSecret).as("the job resumed with its secret").isEqualTo(a);
    }

    @Test
    void replacesEveryValueOfAMultiValuedUid() {
        DataSet in = new DataSet().putString(Tag.FailedSOPInstanceUIDList, Vr.UI, "1.2.3.1", "1.2.3.2");
        UidMapper job = UidMapper.withSecret(SECRET);
        DataSet out = Anonymizer.anonymize(in, job, Replacements.NONE);
        assertThat(out.getStrings(Tag.FailedSOPInstanceUIDList)).containsExactly(job.map("1.2.3.1"), job.map("1.2.3.2"));
    }

    @Test
    void leavesItsInputUnchanged() {
        DataSet in = instance("1.2.3.4.5.100.1.2", "1.2.3.4.5.100.1.1");
        DataSet copy = DicomReader.readDataSet(DicomWriter.toBytes(in, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN),
            TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        anonymized(in);
        assertThat(in).isEqualTo(copy);
    }

    @Test
    void refusesWeakSecretsAndPseudonymsOutsideTheDefaultRepertoire() {
        assertThatThrownBy(() -> UidMapper.withSecret(new byte[8])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Replacements("Müller^Jan", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Replacements(null, "A\\B")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Replacements(null, "x".repeat(65))).isInstanceOf(IllegalArgumentException.class);
    }
}
