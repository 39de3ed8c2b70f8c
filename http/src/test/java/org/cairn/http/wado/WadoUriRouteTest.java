package org.cairn.http.wado;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** WADO-URI: the file or a rendered image by query parameters, and 400 for what the parameters get wrong. */
class WadoUriRouteTest {
    private static final String STUDY = "1.2.826.0.1.3680043.10.511.5";
    private static final String SERIES = STUDY + ".1";
    private static final String CT = SERIES + ".1";
    private static final String RLE = SERIES + ".2";
    private static final String SR = SERIES + ".3";
    private static TestArchive archive;

    @BeforeAll
    static void start() throws Exception {
        archive = new TestArchive()
            .store("pydicom/CT_small.dcm", STUDY, SERIES, CT, 1)
            .store("pydicom/SC_rgb_rle_2frame.dcm", STUDY, SERIES, RLE, 2)
            .store("pydicom/reportsi.dcm", STUDY, SERIES, SR, 3)
            .start();
    }

    @AfterAll
    static void stop() throws Exception {
        archive.close();
    }

    private static String wado(String object, String more) {
        return "/wado?requestType=WADO&studyUID=" + STUDY + "&seriesUID=" + SERIES + "&objectUID=" + object + more;
    }

    @Test
    void applicationDicomIsTheStoredFile() throws Exception {
        HttpResponse<byte[]> r = archive.get(wado(CT, "&contentType=application/dicom"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/dicom");
        assertThat(r.body()).isEqualTo(Files.readAllBytes(archive.file(CT)));
        assertThat(archive.get(wado(CT, "&contentType=application/dicom&transferSyntax=1.2.840.10008.1.2.1"))
            .statusCode()).isEqualTo(200);
        assertThat(archive.get(wado(CT, "&contentType=application/dicom&transferSyntax=1.2.840.10008.1.2.4.50"))
            .statusCode()).isEqualTo(406);
    }

    @Test
    void imagesRenderAsJpegOrPng() throws Exception {
        BufferedImage jpeg = WadoRenderedTest.image(archive.get(wado(CT, "&contentType=image/jpeg")), "image/jpeg");
        assertThat(jpeg.getWidth()).isEqualTo(128);
        WadoRenderedTest.assertNotBlank(jpeg, "jpeg");
        WadoRenderedTest.image(archive.get(wado(CT, "&contentType=image/png")), "image/png");
        WadoRenderedTest.image(archive.get(wado(CT, "&contentType=image/gif,image/png")), "image/png");
        WadoRenderedTest.image(archive.get(wado(RLE, "&contentType=image/jpeg&frameNumber=2&imageQuality=50")),
            "image/jpeg");
        BufferedImage scaled = WadoRenderedTest.image(archive.get(wado(CT, "&rows=64&columns=64")), "image/jpeg");
        assertThat(scaled.getWidth()).isEqualTo(64);
        assertThat(WadoRenderedTest.image(archive.get(wado(CT, "&rows=32")), "image/jpeg").getHeight()).isEqualTo(32);
        BufferedImage region = WadoRenderedTest.image(archive.get(wado(CT, "&region=0,0,0.5,0.25")), "image/jpeg");
        assertThat(region.getWidth()).isEqualTo(64);
        assertThat(region.getHeight()).isEqualTo(32);
        WadoRenderedTest.image(archive.get(wado(CT, "&windowCenter=40&windowWidth=400")), "image/jpeg");
    }

    @Test
    void withoutContentTypeAnImageIsJpegAndAReportTheFile() throws Exception {
        WadoRenderedTest.image(archive.get(wado(CT, "")), "image/jpeg");
        HttpResponse<byte[]> report = archive.get(wado(SR, ""));
        assertThat(report.headers().firstValue("Content-Type")).hasValue("application/dicom");
        assertThat(report.body()).isEqualTo(Files.readAllBytes(archive.file(SR)));
        assertThat(archive.get(wado(SR, "&contentType=image/jpeg")).statusCode()).isEqualTo(406);
    }

    @Test
    void missingOrBadParametersAre400AndUnknownObjects404() {
        assertThat(archive.get("/wado?studyUID=" + STUDY + "&seriesUID=" + SERIES + "&objectUID=" + CT).statusCode())
            .as("no requestType").isEqualTo(400);
        assertThat(archive.get(wado(CT, "").replace("requestType=WADO", "requestType=WADO2")).statusCode())
            .isEqualTo(400);
        assertThat(archive.get("/wado?requestType=WADO&studyUID=" + STUDY + "&seriesUID=" + SERIES).statusCode())
            .as("no objectUID").isEqualTo(400);
        assertThat(archive.get(wado("1.2.x", "")).statusCode()).isEqualTo(400);
        assertThat(archive.get(wado(CT, "&windowCenter=40")).statusCode()).isEqualTo(400);
        assertThat(archive.get(wado(CT, "&windowCenter=40&windowWidth=abc")).statusCode()).isEqualTo(400);
        assertThat(archive.get(wado(CT, "&contentType=application/dicom&rows=10")).statusCode()).isEqualTo(400);
        assertThat(archive.get(wado(CT, "&contentType=image/jpeg&transferSyntax=1.2.840.10008.1.2.1")).statusCode())
            .isEqualTo(400);
        assertThat(archive.get(wado(CT, "&frameNumber=0")).statusCode()).isEqualTo(400);
        assertThat(archive.get(wado(CT, "&region=0.5,0.5,0.2,0.2")).statusCode()).isEqualTo(400);
        assertThat(archive.get(wado(CT, "&anonymize=yes")).statusCode()).isEqualTo(400);
        assertThat(archive.get(wado(CT, "&contentType=nonsense")).statusCode()).isEqualTo(400);
        assertThat(archive.get(wado("1.2.3", "")).statusCode()).isEqualTo(404);
        assertThat(archive.get(wado(RLE, "&frameNumber=3")).statusCode()).isEqualTo(404);
        assertThat(archive.get(wado(CT, "").replace("seriesUID=" + SERIES, "seriesUID=1.2.3")).statusCode())
            .as("the object is not in that series").isEqualTo(404);
    }
}
