package org.cairn.http.wado;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * WADO-RS frames: each frame's bytes equal what pydicom finds (native frames sliced by offset, big endian swapped,
 * 1-bit frames realigned; encapsulated frames from their fragments), with the media type of the transfer syntax.
 */
class WadoRsFramesTest {
    private static final String STUDY = "1.2.826.0.1.3680043.10.511.3";
    private static final String SERIES = STUDY + ".1";
    private static TestArchive archive;

    /** Test instance name -> corpus file. */
    private static final List<String[]> FILES = List.of(
        new String[] {"ct", "pydicom/CT_small.dcm"},
        new String[] {"mrbig", "pydicom/MR_small_bigendian.dcm"},
        new String[] {"rgbplanar", "pydicom/ExplVR_BigEnd.dcm"},
        new String[] {"ybr422", "pydicom/SC_ybr_full_422_uncompressed.dcm"},
        new String[] {"dose", "pydicom/rtdose.dcm"},
        new String[] {"dosebig", "pydicom/rtdose_expb.dcm"},
        new String[] {"mprage", "nibabel/philips_mprage.dcm"},
        new String[] {"liver", "pydicom/liver_1frame.dcm"},
        new String[] {"jpeg", "pydicom/SC_rgb_jpeg_dcmtk.dcm"},
        new String[] {"rle2", "pydicom/SC_rgb_rle_2frame.dcm"},
        new String[] {"uspal", "octave-dicom/US-PAL-8-10x-echo.dcm"},
        new String[] {"j2k", "pydicom/JPEG2000.dcm"},
        new String[] {"deflated", "pydicom/image_dfl.dcm"},
        new String[] {"sr", "pydicom/reportsi.dcm"});

    @BeforeAll
    static void start() throws Exception {
        archive = new TestArchive();
        int n = 1;
        for (String[] f : FILES) {
            archive.store(f[1], STUDY, SERIES, sop(f[0]), n++);
        }
        archive.start();
    }

    @AfterAll
    static void stop() throws Exception {
        archive.close();
    }

    private static String sop(String name) {
        return SERIES + "." + (FILES.stream().map(f -> f[0]).toList().indexOf(name) + 1);
    }

    private static String frames(String name, String list) {
        return "/dicom-web/studies/" + STUDY + "/series/" + SERIES + "/instances/" + sop(name) + "/frames/" + list;
    }

    private static MultipartBody ok(HttpResponse<byte[]> r) {
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return MultipartBody.parse(r.headers().firstValue("Content-Type").orElseThrow(), r.body());
    }

    private static void assertFramesEqualPydicom(String name, String list, String partType) throws Exception {
        MultipartBody body = ok(archive.get(frames(name, list)));
        List<byte[]> expected = WadoRsRetrieveTest.pythonFrames(archive.file(sop(name)), list);
        assertThat(body.parts()).as(name).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(body.parts().get(i).body()).as(name + " frame " + list.split(",")[i]).isEqualTo(expected.get(i));
            assertThat(body.parts().get(i).contentType()).as(name).isEqualTo(partType);
        }
    }

    private static final String NATIVE = "application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1";

    @Test
    void nativeFramesAreSlicedByOffsetAndServedLittleEndian() throws Exception {
        assertFramesEqualPydicom("ct", "1", NATIVE);
        assertFramesEqualPydicom("mrbig", "1", NATIVE);
        assertFramesEqualPydicom("rgbplanar", "1", NATIVE);
        assertFramesEqualPydicom("ybr422", "1", NATIVE);
        assertFramesEqualPydicom("dose", "1,15,7,7", NATIVE);
        assertFramesEqualPydicom("dosebig", "3,1", NATIVE);
        assertFramesEqualPydicom("mprage", "176,1,88", NATIVE);
        assertFramesEqualPydicom("liver", "1", NATIVE);
    }

    @Test
    void bigEndianFramesEqualTheLittleEndianTwin() throws Exception {
        MultipartBody big = ok(archive.get(frames("dosebig", "2")));
        MultipartBody little = ok(archive.get(frames("dose", "2")));
        assertThat(big.parts().get(0).body()).isEqualTo(little.parts().get(0).body());
    }

    @Test
    void encapsulatedFramesAreTheirFragmentsWithTheirMediaType() throws Exception {
        assertFramesEqualPydicom("jpeg", "1", "image/jpeg; transfer-syntax=1.2.840.10008.1.2.4.50");
        assertFramesEqualPydicom("rle2", "2,1", "image/dicom-rle; transfer-syntax=1.2.840.10008.1.2.5");
        assertFramesEqualPydicom("uspal", "1,10,5", "image/dicom-rle; transfer-syntax=1.2.840.10008.1.2.5");
        assertFramesEqualPydicom("j2k", "1", "image/jp2; transfer-syntax=1.2.840.10008.1.2.4.91");
        HttpResponse<byte[]> r = archive.get(frames("jpeg", "1"));
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("multipart/related")
            .contains("type=\"image/jpeg\"");
    }

    @Test
    void acceptIsNegotiatedWithoutTranscoding() {
        assertThat(archive.get(frames("ct", "1"), "Accept", "multipart/related; type=\"application/octet-stream\"")
            .statusCode()).isEqualTo(200);
        assertThat(archive.get(frames("ct", "1"), "Accept", "multipart/related; type=\"image/jpeg\"").statusCode())
            .as("Cairn does not compress").isEqualTo(406);
        assertThat(archive.get(frames("jpeg", "1"), "Accept", "multipart/related; type=\"image/jpeg\"").statusCode())
            .isEqualTo(200);
        assertThat(archive.get(frames("jpeg", "1"), "Accept",
            "multipart/related; type=\"image/jpeg\"; transfer-syntax=1.2.840.10008.1.2.4.50").statusCode())
            .isEqualTo(200);
        assertThat(archive.get(frames("jpeg", "1"), "Accept", "multipart/related; type=\"application/octet-stream\"")
            .statusCode()).as("Cairn does not decompress").isEqualTo(406);
        assertThat(archive.get(frames("jpeg", "1"), "Accept",
            "multipart/related; type=\"application/octet-stream\"; transfer-syntax=*").statusCode())
            .as("as stored").isEqualTo(200);
        assertThat(archive.get(frames("jpeg", "1"), "Accept", "multipart/related; type=\"image/jp2\"").statusCode())
            .isEqualTo(406);
        assertThat(archive.get(frames("jpeg", "1"), "Accept", "*/*").statusCode()).isEqualTo(200);
    }

    @Test
    void badFrameListsAre400AndMissingFrames404() {
        assertThat(archive.get(frames("ct", "0")).statusCode()).isEqualTo(400);
        assertThat(archive.get(frames("ct", "a")).statusCode()).isEqualTo(400);
        assertThat(archive.get(frames("ct", "1,,2")).statusCode()).isEqualTo(400);
        assertThat(archive.get(frames("ct", "-1")).statusCode()).isEqualTo(400);
        HttpResponse<byte[]> beyond = archive.get(frames("dose", "1,16"));
        assertThat(beyond.statusCode()).isEqualTo(404);
        assertThat(new String(beyond.body(), StandardCharsets.UTF_8)).contains("frame 16").contains("15 frames");
        assertThat(archive.get(frames("sr", "1")).statusCode()).as("no pixel data").isEqualTo(404);
        assertThat(archive.get(frames("ct", "1").replace(sop("ct"), "1.2.3")).statusCode()).isEqualTo(404);
    }

    @Test
    void framesOfADeflatedDataSetAreRefusedWithAReason() {
        HttpResponse<byte[]> r = archive.get(frames("deflated", "1"));
        assertThat(r.statusCode()).isEqualTo(406);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("deflated");
    }
}
