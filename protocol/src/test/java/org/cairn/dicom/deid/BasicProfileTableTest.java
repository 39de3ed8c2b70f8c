package org.cairn.dicom.deid;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.cairn.dicom.dict.ElementDictionary;
import org.cairn.dicom.dict.ElementInfo;
import org.cairn.dicom.dict.Tag;
import org.junit.jupiter.api.Test;

/** The Basic Profile table as transcribed: complete rows, real tags, and the rows a PACS user would look for. */
class BasicProfileTableTest {

    @Test
    void everyRowNamesTheAttributeThatPs36GivesThatTag() {
        assertThat(BasicProfile.rows()).hasSize(459);
        Set<String> tags = new HashSet<>();
        for (BasicProfile.Row row : BasicProfile.rows()) {
            assertThat(tags.add(row.tag())).as("duplicate row %s", row.tag()).isTrue();
            // (50xx,xxxx) is the whole curve group; PS3.6 names its data element (50xx,3000) "Curve Data"
            String tag = row.tag().equals("50xxxxxx") ? "50003000" : row.tag().replace('x', '0');
            ElementInfo info = ElementDictionary.lookup((int) Long.parseLong(tag, 16));
            assertThat(info).as("tag %s (%s) in PS3.6", row.tag(), row.name()).isNotNull();
            assertThat(normalized(info.name())).as(row.tag()).isEqualTo(normalized(row.name()));
        }
    }

    private static String normalized(String name) {
        return name.toLowerCase().replaceAll("[^a-z0-9]", "");
    }

    @Test
    void coversTheIdentifyingAttributesAPacsShows() {
        assertThat(BasicProfile.actionFor(Tag.PatientName)).isEqualTo(ProfileAction.Z);
        assertThat(BasicProfile.actionFor(Tag.PatientID)).isEqualTo(ProfileAction.Z);
        assertThat(BasicProfile.actionFor(Tag.PatientBirthDate)).isEqualTo(ProfileAction.Z);
        assertThat(BasicProfile.actionFor(Tag.PatientAge)).isEqualTo(ProfileAction.X);
        assertThat(BasicProfile.actionFor(Tag.OtherPatientIDs)).isEqualTo(ProfileAction.X);
        assertThat(BasicProfile.actionFor(Tag.OtherPatientIDsSequence)).isEqualTo(ProfileAction.X);
        assertThat(BasicProfile.actionFor(Tag.PatientAddress)).isEqualTo(ProfileAction.X);
        assertThat(BasicProfile.actionFor(Tag.AccessionNumber)).isEqualTo(ProfileAction.Z);
        assertThat(BasicProfile.actionFor(Tag.StudyID)).isEqualTo(ProfileAction.Z);
        assertThat(BasicProfile.actionFor(Tag.StudyDate)).isEqualTo(ProfileAction.Z);
        assertThat(BasicProfile.actionFor(Tag.InstitutionName)).isEqualTo(ProfileAction.X_Z_D);
        assertThat(BasicProfile.actionFor(Tag.InstitutionAddress)).isEqualTo(ProfileAction.X);
        assertThat(BasicProfile.actionFor(Tag.ReferringPhysicianName)).isEqualTo(ProfileAction.Z);
        assertThat(BasicProfile.actionFor(Tag.PerformingPhysicianName)).isEqualTo(ProfileAction.X);
        assertThat(BasicProfile.actionFor(Tag.OperatorsName)).isEqualTo(ProfileAction.X_Z_D);
        assertThat(BasicProfile.actionFor(Tag.DeviceSerialNumber)).isEqualTo(ProfileAction.X_Z_D);
        assertThat(BasicProfile.actionFor(Tag.StationName)).isEqualTo(ProfileAction.X_Z_D);
        assertThat(BasicProfile.actionFor(Tag.StudyInstanceUID)).isEqualTo(ProfileAction.U);
        assertThat(BasicProfile.actionFor(Tag.SeriesInstanceUID)).isEqualTo(ProfileAction.U);
        assertThat(BasicProfile.actionFor(Tag.SOPInstanceUID)).isEqualTo(ProfileAction.U);
        assertThat(BasicProfile.actionFor(Tag.FrameOfReferenceUID)).isEqualTo(ProfileAction.U);
        assertThat(BasicProfile.actionFor(Tag.ReferencedSOPInstanceUID)).isEqualTo(ProfileAction.U);
        assertThat(BasicProfile.actionFor(Tag.ImageComments)).isEqualTo(ProfileAction.X);
        assertThat(BasicProfile.actionFor(Tag.RequestAttributesSequence)).isEqualTo(ProfileAction.X);
        assertThat(BasicProfile.actionFor(Tag.ReferencedPatientSequence)).isEqualTo(ProfileAction.X);
        assertThat(BasicProfile.actionFor(Tag.ReferencedStudySequence)).isEqualTo(ProfileAction.X_Z);
        assertThat(BasicProfile.actionFor(Tag.ReferencedImageSequence)).isEqualTo(ProfileAction.X_Z_U);
        assertThat(BasicProfile.actionFor(Tag.DigitalSignaturesSequence)).isEqualTo(ProfileAction.X);
        assertThat(BasicProfile.actionFor(Tag.DataSetTrailingPadding)).isEqualTo(ProfileAction.X);
    }

    @Test
    void privateCurveAndOverlayRowsApplyToWholeRanges() {
        assertThat(BasicProfile.actionFor(0x00090010)).as("private creator").isEqualTo(ProfileAction.X);
        assertThat(BasicProfile.actionFor(0x7FE11010)).as("private after pixel data").isEqualTo(ProfileAction.X);
        assertThat(BasicProfile.actionFor(0x50003000)).as("curve data").isEqualTo(ProfileAction.X);
        assertThat(BasicProfile.actionFor(0x501E0005)).as("curve dimensions").isEqualTo(ProfileAction.X);
        assertThat(BasicProfile.actionFor(0x60023000)).as("overlay data").isEqualTo(ProfileAction.X);
        assertThat(BasicProfile.actionFor(0x601E4000)).as("overlay comments").isEqualTo(ProfileAction.X);
        assertThat(BasicProfile.actionFor(0x60000010)).as("overlay rows: no row of its own").isNull();
        assertThat(BasicProfile.actionFor(Tag.Modality)).as("not in the table").isNull();
        assertThat(BasicProfile.actionFor(Tag.PixelData)).isNull();
        assertThat(BasicProfile.actionFor(Tag.BurnedInAnnotation)).isNull();
    }

    @Test
    void compoundActionsResolveToTheAlternativeThatKeepsEveryIodConformant() {
        assertThat(ProfileAction.of("X/Z/U*")).isEqualTo(ProfileAction.X_Z_U);
        assertThat(ProfileAction.Z_D.resolved()).isEqualTo(ProfileAction.D);
        assertThat(ProfileAction.X_D.resolved()).isEqualTo(ProfileAction.D);
        assertThat(ProfileAction.X_Z_D.resolved()).isEqualTo(ProfileAction.D);
        assertThat(ProfileAction.X_Z.resolved()).isEqualTo(ProfileAction.Z);
        assertThat(ProfileAction.X_Z_U.resolved()).isEqualTo(ProfileAction.K);
        for (ProfileAction simple : new ProfileAction[] {ProfileAction.D, ProfileAction.Z, ProfileAction.X,
            ProfileAction.K, ProfileAction.C, ProfileAction.U}) {
            assertThat(simple.resolved()).isEqualTo(simple);
        }
    }
}
