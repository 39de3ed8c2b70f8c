package org.cairn.http.wado;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rendered frames and thumbnails: decodable JPEG or PNG of the right size, with grey levels that follow the Modality
 * LUT, the VOI window and MONOCHROME1 inversion (checked pixel by pixel against pydicom's stored values), and
 * colour that matches between the uncompressed, RLE and JPEG encodings of the same picture.
 */
class WadoRenderedTest {
    private static final String STUDY = "1.2.826.0.1.3680043.10.511.4";
    private static final String SERIES = STUDY + ".1";
    private static final String OTHER_SERIES = STUDY + ".2";
    private static TestArchive archive;

    private static final List<String[]> FILES = List.of(
        new String[] {"ct", "pydicom/CT_small.dcm", "128", "128"},
        new String[] {"mr", "pydicom/MR_small.dcm", "64", "64"},
        new String[] {"mrbig", "pydicom/MR_small_bigendian.dcm", "64", "64"},
        new String[] {"cr", "pydicom/dicomdirtests/77654033/CR1/6154", "", ""},
        new String[] {"rgbplanar", "pydicom/ExplVR_BigEnd.dcm", "", ""},
        new String[] {"ybr422", "pydicom/SC_ybr_full_422_uncompressed.dcm", "100", "100"},
        new String[] {"rgbrle", "pydicom/SC_rgb_rle.dcm", "100", "100"},
        new String[] {"rle2", "pydicom/SC_rgb_rle_2frame.dcm", "100", "100"},
        new String[] {"jpegybr", "pydicom/SC_rgb_jpeg_dcmtk.dcm", "100", "100"},
        new String[] {"jpegrgb", "pydicom/SC_rgb_dcmtk_+eb+cr.dcm", "100", "100"},
        new String[] {"jpeggdcm", "pydicom/SC_rgb_jpeg_lossy_gdcm.dcm", "100", "100"},
        new String[] {"uspal", "octave-dicom/US-PAL-8-10x-echo.dcm", "", ""},
        new String[] {"liver", "pydicom/liver_1frame.dcm", "", ""},
        new String[] {"dose", "pydicom/rtdose.dcm", "", ""},
        new String[] {"mono1", "octave-dicom/simple-test.dcm", "5", "10"},
        new String[] {"j2k", "pydicom/JPEG2000.dcm", "", ""},
        new String[] {"jpeg12", "pydicom/JPGExtended.dcm", "", ""},
        new String[] {"sr", "pydicom/reportsi.dcm", "", ""});

    @BeforeAll
    static void start() throws Exception {
        archive = new TestArchive();
        int n = 1;
        for (String[] f : FILES) {
            archive.store(f[1], STUDY, f[0].equals("sr") ? OTHER_SERIES : SERIES, sop(f[0]), n++);
        }
        archive.start();
    }

    @AfterAll
    static void stop() throws Exception {
        archive.close();
    }

    private static String sop(String name) {
        return STUDY + ".9." + (FILES.stream().map(f -> f[0]).toList().indexOf(name) + 1);
    }

    private static String instance(String name) {
        return "/dicom-web/studies/" + STUDY + "/series/" + (name.equals("sr") ? OTHER_SERIES : SERIES)
            + "/instances/" + sop(name);
    }

    static BufferedImage image(HttpResponse<byte[]> r, String mediaType) throws Exception {
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue(mediaType);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(r.body()));
        assertThat(image).as("decodable " + mediaType).isNotNull();
        return image;
    }

    /** Whether the image shows something: more than a handful of distinct grey or colour values. */
    static void assertNotBlank(BufferedImage image, String what) {
        java.util.Set<Integer> values = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y += Math.max(1, image.getHeight() / 64)) {
            for (int x = 0; x < image.getWidth(); x += Math.max(1, image.getWidth() / 64)) {
                values.add(image.getRGB(x, y));
            }
        }
        assertThat(values.size()).as(what + " distinct values").isGreaterThan(1);
    }

    @Test
    void everyDecodableImageRendersAsJpegOfItsSize() throws Exception {
        for (String[] f : FILES) {
            if (List.of("j2k", "jpeg12", "sr", "mono1").contains(f[0])) {
                continue;
            }
            BufferedImage image = image(archive.get(instance(f[0]) + "/rendered"), "image/jpeg");
            if (!f[2].isEmpty()) {
                assertThat(image.getWidth()).as(f[0]).isEqualTo(Integer.parseInt(f[2]));
                assertThat(image.getHeight()).as(f[0]).isEqualTo(Integer.parseInt(f[3]));
            }
            assertNotBlank(image, f[0]);
        }
    }

    @Test
    void pngFromTheAcceptHeaderOrParameter() throws Exception {
        assertThat(image(archive.get(instance("ct") + "/rendered", "Accept", "image/png"), "image/png").getWidth())
            .isEqualTo(128);
        image(archive.get(instance("ct") + "/rendered?accept=image/png", "Accept", "image/jpeg"), "image/png");
        image(archive.get(instance("ct") + "/rendered", "Accept", "image/*"), "image/jpeg");
        image(archive.get(instance("ct") + "/rendered", "Accept", "image/gif;q=1, image/png;q=0.5"), "image/png");
        assertThat(archive.get(instance("ct") + "/rendered", "Accept", "image/gif").statusCode()).isEqualTo(406);
    }

    /** pydicom's stored values of frame 1 (16-bit little endian, signed as the file says). */
    private static int[] stored(String name, boolean signed) throws Exception {
        byte[] frame = WadoRsRetrieveTest.pythonFrames(archive.file(sop(name)), "1").get(0);
        int[] values = new int[frame.length / 2];
        for (int i = 0; i < values.length; i++) {
            int v = (frame[2 * i] & 0xFF) | (frame[2 * i + 1] & 0xFF) << 8;
            values[i] = signed ? (short) v : v;
        }
        return values;
    }

    /** PS3.3 C.11.2.1.2.1 LINEAR, to 8 bits. */
    private static int linear(double x, double center, double width) {
        if (x <= center - 0.5 - (width - 1) / 2) {
            return 0;
        }
        if (x > center - 0.5 + (width - 1) / 2) {
            return 255;
        }
        return (int) Math.round(((x - (center - 0.5)) / (width - 1) + 0.5) * 255);
    }

    @Test
    void greyLevelsFollowRescaleAndTheRequestedWindow() throws Exception {
        // CT_small: signed, Rescale Slope 1 and Intercept -1024 (read from the file by pydicom below)
        BufferedImage png = image(archive.get(instance("ct") + "/rendered?window=40,400", "Accept", "image/png"),
            "image/png");
        int[] values = stored("ct", true);
        double intercept = rescale("ct", "RescaleIntercept");
        double slope = rescale("ct", "RescaleSlope");
        int checked = 0;
        for (int p = 0; p < values.length; p += 97) {
            int expected = linear(values[p] * slope + intercept, 40, 400);
            int actual = png.getRaster().getSample(p % 128, p / 128, 0);
            assertThat(actual).as("pixel " + p).isBetween(expected - 1, expected + 1);
            checked++;
        }
        assertThat(checked).isGreaterThan(100);
        BufferedImage wide = image(archive.get(instance("ct") + "/rendered?window=40,4000,linear", "Accept",
            "image/png"), "image/png");
        assertThat(wide.getRaster().getSample(64, 64, 0)).isNotEqualTo(png.getRaster().getSample(64, 64, 0));
        image(archive.get(instance("ct") + "/rendered?window=40,400,sigmoid"), "image/jpeg");
    }

    @Test
    void monochrome1IsInvertedUnderTheFilesWindow() throws Exception {
        BufferedImage png = image(archive.get(instance("cr") + "/rendered", "Accept", "image/png"), "image/png");
        int[] values = stored("cr", false);
        double center = rescale("cr", "WindowCenter");
        double width = rescale("cr", "WindowWidth");
        double slope = rescale("cr", "RescaleSlope");
        double intercept = rescale("cr", "RescaleIntercept");
        int columns = png.getWidth();
        for (int p = 0; p < values.length; p += 13) {
            int expected = 255 - linear(values[p] * slope + intercept, center, width);
            assertThat(png.getRaster().getSample(p % columns, p / columns, 0)).as("pixel " + p)
                .isBetween(expected - 1, expected + 1);
        }
    }

    @Test
    void aBlankMonochrome1ImageIsWhite() throws Exception {
        // octave's simple-test.dcm: 5x10 zeros, MONOCHROME1, no window: the range window maps 0 to black, inverted
        BufferedImage png = image(archive.get(instance("mono1") + "/rendered", "Accept", "image/png"), "image/png");
        assertThat(png.getWidth()).isEqualTo(5);
        assertThat(png.getHeight()).isEqualTo(10);
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 5; x++) {
                assertThat(png.getRaster().getSample(x, y, 0)).isEqualTo(255);
            }
        }
    }

    /** A numeric attribute (first value) as pydicom reads it. */
    private static double rescale(String name, String keyword) throws Exception {
        Process p = new ProcessBuilder(TestArchive.PYTHON, "-c", "import pydicom,sys; ds=pydicom.dcmread(sys.argv[1]);"
            + " v=ds.get(sys.argv[2]); v=v[0] if isinstance(v, pydicom.multival.MultiValue) else v;"
            + " print(float(v) if v is not None else {'RescaleSlope': 1.0}.get(sys.argv[2], 0.0))",
            archive.file(sop(name)).toString(), keyword).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        assertThat(p.waitFor()).isZero();
        return Double.parseDouble(out);
    }

    @Test
    void colourMatchesAcrossUncompressedRleAndJpegEncodings() throws Exception {
        BufferedImage reference = image(archive.get(instance("rgbrle") + "/rendered", "Accept", "image/png"),
            "image/png");
        for (String name : List.of("ybr422", "jpegybr", "jpegrgb", "jpeggdcm")) {
            BufferedImage other = image(archive.get(instance(name) + "/rendered", "Accept", "image/png"), "image/png");
            assertThat(meanDifference(reference, other)).as(name).isLessThan(12);
        }
    }

    @Test
    void planarBigEndianRgbTakesEachColourFromItsPlane() throws Exception {
        BufferedImage png = image(archive.get(instance("rgbplanar") + "/rendered", "Accept", "image/png"), "image/png");
        byte[] frame = WadoRsRetrieveTest.pythonFrames(archive.file(sop("rgbplanar")), "1").get(0);
        int pixels = png.getWidth() * png.getHeight();
        for (int p = 0; p < pixels; p += 37) {
            int rgb = png.getRGB(p % png.getWidth(), p / png.getWidth()) & 0xFFFFFF;
            int expected = (frame[p] & 0xFF) << 16 | (frame[pixels + p] & 0xFF) << 8 | (frame[2 * pixels + p] & 0xFF);
            assertThat(Integer.toHexString(rgb)).as("pixel " + p).isEqualTo(Integer.toHexString(expected));
        }
    }

    private static double meanDifference(BufferedImage a, BufferedImage b) {
        assertThat(b.getWidth()).isEqualTo(a.getWidth());
        assertThat(b.getHeight()).isEqualTo(a.getHeight());
        long sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    sum += Math.abs((p >> shift & 0xFF) - (q >> shift & 0xFF));
                }
            }
        }
        return sum / (3.0 * a.getWidth() * a.getHeight());
    }

    @Test
    void viewportFitsTheImageKeepingItsAspectRatio() throws Exception {
        BufferedImage square = image(archive.get(instance("ct") + "/rendered?viewport=64,64"), "image/jpeg");
        assertThat(square.getWidth()).isEqualTo(64);
        assertThat(square.getHeight()).isEqualTo(64);
        BufferedImage wide = image(archive.get(instance("ct") + "/rendered?viewport=100,50"), "image/jpeg");
        assertThat(wide.getWidth()).isEqualTo(50);
        assertThat(wide.getHeight()).isEqualTo(50);
        BufferedImage region = image(archive.get(instance("ct") + "/rendered?viewport=32,32,0,0,64,64"), "image/jpeg");
        assertThat(region.getWidth()).isEqualTo(32);
    }

    @Test
    void framesOfAMultiFrameInstanceRenderOnTheirOwn() throws Exception {
        BufferedImage first = image(archive.get(instance("uspal") + "/frames/1/rendered", "Accept", "image/png"),
            "image/png");
        BufferedImage last = image(archive.get(instance("uspal") + "/frames/10/rendered", "Accept", "image/png"),
            "image/png");
        assertThat(meanDifference(first, last)).as("different frames").isGreaterThan(0);
        assertThat(archive.get(instance("uspal") + "/frames/11/rendered").statusCode()).isEqualTo(404);
        assertThat(archive.get(instance("uspal") + "/frames/1,2/rendered").statusCode()).isEqualTo(400);
    }

    @Test
    void whatCannotBeRenderedIs406WithAReasonAndBadParameters400() {
        HttpResponse<byte[]> j2k = archive.get(instance("j2k") + "/rendered");
        assertThat(j2k.statusCode()).isEqualTo(406);
        assertThat(new String(j2k.body(), StandardCharsets.UTF_8)).contains("1.2.840.10008.1.2.4.91");
        HttpResponse<byte[]> twelveBit = archive.get(instance("jpeg12") + "/rendered");
        assertThat(twelveBit.statusCode()).isEqualTo(406);
        assertThat(new String(twelveBit.body(), StandardCharsets.UTF_8)).contains("JPEG");
        assertThat(archive.get(instance("sr") + "/rendered").statusCode()).isEqualTo(406);
        assertThat(archive.get(instance("ct") + "/rendered?window=40").statusCode()).isEqualTo(400);
        assertThat(archive.get(instance("ct") + "/rendered?window=40,0").statusCode()).isEqualTo(400);
        assertThat(archive.get(instance("ct") + "/rendered?window=40,400,curvy").statusCode()).isEqualTo(400);
        assertThat(archive.get(instance("ct") + "/rendered?viewport=0,10").statusCode()).isEqualTo(400);
        assertThat(archive.get(instance("ct") + "/rendered?viewport=a,b").statusCode()).isEqualTo(400);
        assertThat(archive.get(instance("ct") + "/rendered?quality=101").statusCode()).isEqualTo(400);
    }

    @Test
    void thumbnailsAreSmallJpegsOfAMiddleImage() throws Exception {
        for (String url : List.of("/dicom-web/studies/" + STUDY + "/thumbnail",
            "/dicom-web/studies/" + STUDY + "/series/" + SERIES + "/thumbnail",
            instance("mr") + "/thumbnail", instance("uspal") + "/frames/3/thumbnail")) {
            BufferedImage thumbnail = image(archive.get(url), "image/jpeg");
            assertThat(Math.max(thumbnail.getWidth(), thumbnail.getHeight())).as(url).isEqualTo(128);
            assertNotBlank(thumbnail, url);
        }
        assertThat(image(archive.get(instance("ct") + "/thumbnail?viewport=40,40"), "image/jpeg").getWidth())
            .isEqualTo(40);
        assertThat(archive.get("/dicom-web/studies/" + STUDY + "/series/" + OTHER_SERIES + "/thumbnail").statusCode())
            .as("a series without images").isEqualTo(404);
    }
}
