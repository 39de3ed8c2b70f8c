package org.cairn.http.stow;

import static org.assertj.core.api.Assertions.assertThat;

import org.cairn.dicom.DataSet;
import org.cairn.dicom.DicomJson;
import org.cairn.dicom.dict.Tag;
import org.cairn.ingest.IngestOutcome;
import org.cairn.ingest.InstanceIds;
import org.cairn.net.dimse.Status;
import org.junit.jupiter.api.Test;

/** The Store Instances Response Module and its HTTP status, from instance outcomes (PS3.18 10.5.3, Annex I). */
class StoreInstancesResponseTest {
    private static final String BASE = "http://pacs.example:8080/dicom-web";
    private static final InstanceIds CT = new InstanceIds("1.2.840.10008.5.1.4.1.1.2", "1.2.3.1.1.1", "1.2.3", "1.2.3.1");
    private static final InstanceIds MR = new InstanceIds("1.2.840.10008.5.1.4.1.1.4", "1.2.4.1.1.1", "1.2.4", "1.2.4.1");

    @Test
    void allStoredIs200WithEachInstancesRetrieveUrl() {
        StoreInstancesResponse response = new StoreInstancesResponse(BASE, null);
        response.add(new IngestOutcome.Stored(CT, 1000, false));
        response.add(new IngestOutcome.AlreadyStored(CT));
        assertThat(response.httpStatus()).isEqualTo(200);
        DataSet module = response.dataSet();
        assertThat(module.getString(Tag.RetrieveURL)).isEqualTo(BASE + "/studies/1.2.3");
        assertThat(module.contains(Tag.FailedSOPSequence)).isFalse();
        DataSet item = module.get(Tag.ReferencedSOPSequence).items().get(0);
        assertThat(item.getString(Tag.ReferencedSOPClassUID)).isEqualTo(CT.sopClassUid());
        assertThat(item.getString(Tag.ReferencedSOPInstanceUID)).isEqualTo(CT.sopInstanceUid());
        assertThat(item.getString(Tag.RetrieveURL)).isEqualTo(BASE + "/studies/1.2.3/series/1.2.3.1/instances/1.2.3.1.1.1");
    }

    @Test
    void someFailedIs202AndNoneStored409() {
        StoreInstancesResponse mixed = new StoreInstancesResponse(BASE, null);
        mixed.add(new IngestOutcome.Stored(CT, 1000, false));
        mixed.add(new IngestOutcome.Stored(MR, 1000, false));
        mixed.add(new IngestOutcome.Refused(InstanceIds.UNKNOWN, Status.CANNOT_UNDERSTAND, "not DICOM"));
        assertThat(mixed.httpStatus()).isEqualTo(202);
        assertThat(mixed.dataSet().getString(Tag.RetrieveURL)).as("two studies: no one study URL").isNull();
        assertThat(mixed.failureReasons()).containsExactly("not DICOM");

        StoreInstancesResponse none = new StoreInstancesResponse(BASE, "1.2.3");
        none.add(new IngestOutcome.Refused(MR, 0xC409, "Study Instance UID 1.2.4 in the data set, 1.2.3 in the request"));
        none.add(new IngestOutcome.Refused(new InstanceIds("1.2.840.10008.5.1.4.1.1.2", "01.bad", null, null),
            Status.OUT_OF_RESOURCES, "too large"));
        assertThat(none.httpStatus()).isEqualTo(409);
        DataSet module = none.dataSet();
        assertThat(module.getString(Tag.RetrieveURL)).as("the study addressed").isEqualTo(BASE + "/studies/1.2.3");
        assertThat(module.contains(Tag.ReferencedSOPSequence)).isFalse();
        var failed = module.get(Tag.FailedSOPSequence).items();
        assertThat(failed.get(0).getInt(Tag.FailureReason, -1)).isEqualTo(0xC409);
        assertThat(failed.get(0).getString(Tag.ReferencedSOPInstanceUID)).isEqualTo(MR.sopInstanceUid());
        assertThat(failed.get(1).getInt(Tag.FailureReason, -1)).isEqualTo(0xA700);
        assertThat(failed.get(1).contains(Tag.ReferencedSOPInstanceUID)).as("not a valid UID: left out").isFalse();
        assertThat(DicomJson.inline().toJson(module)).contains("\"00081197\":{\"vr\":\"US\",\"Value\":[50185]}");
    }
}
