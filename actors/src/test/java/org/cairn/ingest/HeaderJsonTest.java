package org.cairn.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.cairn.dicom.DataSet;
import org.cairn.dicom.DicomJson;
import org.cairn.dicom.Vr;
import org.cairn.dicom.dict.Tag;
import org.junit.jupiter.api.Test;

class HeaderJsonTest {
    @Test
    void anAttributeJsonCannotCarryIsLeftOutAlone() {
        // pydicom's badVR.dcm: Number of Frames "1A"
        DataSet ds = new DataSet().putString(Tag.SpecificCharacterSet, Vr.CS, "ISO_IR 100")
            .putString(Tag.StudyDate, Vr.DA, "20030805").putString(Tag.NumberOfFrames, Vr.IS, "1A")
            .putString(Tag.PatientName, Vr.PN, "Müller^Jörg");
        DataSet back = DicomJson.fromJson(InstanceIngest.headerJson(ds), uri -> null);
        assertThat(back.getString(Tag.StudyDate)).isEqualTo("20030805");
        assertThat(back.getString(Tag.PatientName)).isEqualTo("Müller^Jörg");
        assertThat(back.contains(Tag.NumberOfFrames)).isFalse();
    }
}
