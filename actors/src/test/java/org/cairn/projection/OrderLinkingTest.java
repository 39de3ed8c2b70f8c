package org.cairn.projection;

import static org.assertj.core.api.Assertions.assertThat;

import org.cairn.dicom.DataSet;
import org.cairn.dicom.DicomJson;
import org.cairn.dicom.Vr;
import org.cairn.dicom.dict.Tag;
import org.junit.jupiter.api.Test;

/** The Accession Number read from a stored instance's DICOM JSON, as the linking projection reads it. */
class OrderLinkingTest {

    @Test
    void theAccessionNumberIsFoundAmongTheAttributesAroundIt() {
        DataSet instance = new DataSet().putString(Tag.SpecificCharacterSet, Vr.CS, "ISO_IR 100")
            .putString(Tag.SOPClassUID, Vr.UI, "1.2.840.10008.5.1.4.1.1.7").putString(Tag.StudyDate, Vr.DA, "20270105")
            .putString(Tag.AccessionNumber, Vr.SH, "A100 ").putString(Tag.PatientName, Vr.PN, "Doe^Jane");
        assertThat(OrderLinking.accessionNumber(DicomJson.inline().toJson(instance))).isEqualTo("A100");
    }

    @Test
    void noAccessionNumberIsNull() {
        DataSet withoutValue = new DataSet().putString(Tag.AccessionNumber, Vr.SH, "")
            .putString(Tag.PatientName, Vr.PN, "Doe^Jane");
        assertThat(OrderLinking.accessionNumber(DicomJson.inline().toJson(withoutValue))).isNull();
        DataSet without = new DataSet().putString(Tag.StudyDate, Vr.DA, "20270105")
            .putString(Tag.PatientName, Vr.PN, "Doe^Jane");
        assertThat(OrderLinking.accessionNumber(DicomJson.inline().toJson(without))).isNull();
        assertThat(OrderLinking.accessionNumber("not json")).isNull();
    }
}
