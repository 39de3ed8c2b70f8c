package org.cairn.load;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.cairn.dicom.DataElement;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.DicomWriter;
import org.cairn.dicom.TransferSyntax;
import org.cairn.dicom.Values;
import org.cairn.dicom.Vr;
import org.cairn.dicom.dict.Tag;
import org.cairn.dicom.dict.UID;

/** Generated, realistic-looking instances for benchmarks and load tests. */
public final class SyntheticStudies {
    private SyntheticStudies() {
    }

    /**
     * Writes a CT series of {@code slices} 512×512 16-bit slices (explicit VR little endian, about 512 KB each)
     * into {@code dir}, reusing files already there. Returns the paths in slice order.
     */
    public static List<Path> ctSeries(Path dir, int slices) throws IOException {
        Files.createDirectories(dir);
        String study = "2.25.31415926535897932384626433" + (slices == 200 ? "" : "." + slices);
        String series = study + ".1";
        List<Path> files = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(42);
        byte[] pixels = new byte[512 * 512 * 2];
        for (int i = 0; i < slices; i++) {
            Path file = dir.resolve(String.format("ct-%04d.dcm", i + 1));
            files.add(file);
            if (Files.exists(file)) {
                continue;
            }
            for (int p = 0; p < pixels.length; p += 2) {
                Values.putUint16(pixels, p, 1000 + random.nextInt(200), false);
            }
            DataSet ds = ctSlice(study, series, series + "." + (i + 1), i + 1, pixels);
            DataSet meta = new DataSet()
                .putString(Tag.MediaStorageSOPClassUID, Vr.UI, UID.CTImageStorage)
                .putString(Tag.MediaStorageSOPInstanceUID, Vr.UI, series + "." + (i + 1))
                .putString(Tag.TransferSyntaxUID, Vr.UI, UID.ExplicitVRLittleEndian)
                .putString(Tag.ImplementationClassUID, Vr.UI, "2.25.1000");
            try (OutputStream out = Files.newOutputStream(file)) {
                DicomWriter.writeFile(null, meta, ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, out);
            }
        }
        return files;
    }

    /** One CT slice with the attributes a modality sends and an archive indexes. */
    public static DataSet ctSlice(String study, String series, String sop, int number, byte[] pixels) {
        DataSet ds = new DataSet()
            .putString(Tag.SpecificCharacterSet, Vr.CS, "ISO_IR 100")
            .putString(Tag.ImageType, Vr.CS, "ORIGINAL", "PRIMARY", "AXIAL")
            .putString(Tag.SOPClassUID, Vr.UI, UID.CTImageStorage)
            .putString(Tag.SOPInstanceUID, Vr.UI, sop)
            .putString(Tag.StudyDate, Vr.DA, "20261124")
            .putString(Tag.StudyTime, Vr.TM, "101500")
            .putString(Tag.AccessionNumber, Vr.SH, "ACC" + Math.abs(study.hashCode() % 100000))
            .putString(Tag.Modality, Vr.CS, "CT")
            .putString(Tag.Manufacturer, Vr.LO, "Cairn Synthetic")
            .putString(Tag.InstitutionName, Vr.LO, "Cairn Imaging Centre")
            .putString(Tag.ReferringPhysicianName, Vr.PN, "Referrer^Rita")
            .putString(Tag.StudyDescription, Vr.LO, "CT CHEST W/O CONTRAST")
            .putString(Tag.SeriesDescription, Vr.LO, "AXIAL 1.25mm")
            .putString(Tag.PatientName, Vr.PN, "Müller^Jürgen")
            .putString(Tag.PatientID, Vr.LO, "PID-" + Math.abs(study.hashCode() % 1000000))
            .putString(Tag.PatientBirthDate, Vr.DA, "19610712")
            .putString(Tag.PatientSex, Vr.CS, "M")
            .putString(Tag.SliceThickness, Vr.DS, "1.25")
            .putString(Tag.KVP, Vr.DS, "120")
            .putString(Tag.StudyInstanceUID, Vr.UI, study)
            .putString(Tag.SeriesInstanceUID, Vr.UI, series)
            .putString(Tag.StudyID, Vr.SH, "1")
            .putString(Tag.SeriesNumber, Vr.IS, "2")
            .putString(Tag.InstanceNumber, Vr.IS, Integer.toString(number))
            .putString(Tag.ImagePositionPatient, Vr.DS, "-250", "-250", String.format("%.2f", -number * 1.25))
            .putString(Tag.ImageOrientationPatient, Vr.DS, "1", "0", "0", "0", "1", "0")
            .putString(Tag.FrameOfReferenceUID, Vr.UI, study + ".9")
            .putString(Tag.SliceLocation, Vr.DS, String.format("%.2f", -number * 1.25))
            .putString(Tag.PhotometricInterpretation, Vr.CS, "MONOCHROME2")
            .putString(Tag.PixelSpacing, Vr.DS, "0.976562", "0.976562")
            .putString(Tag.WindowCenter, Vr.DS, "40")
            .putString(Tag.WindowWidth, Vr.DS, "400")
            .putString(Tag.RescaleIntercept, Vr.DS, "-1024")
            .putString(Tag.RescaleSlope, Vr.DS, "1");
        for (int[] us : new int[][] {{Tag.SamplesPerPixel, 1}, {Tag.Rows, 512}, {Tag.Columns, 512},
            {Tag.BitsAllocated, 16}, {Tag.BitsStored, 12}, {Tag.HighBit, 11}, {Tag.PixelRepresentation, 0}}) {
            byte[] v = new byte[2];
            Values.putUint16(v, 0, us[1], false);
            ds.put(DataElement.of(us[0], Vr.US, v));
        }
        return ds.put(DataElement.of(Tag.PixelData, Vr.OW, pixels.clone()));
    }
}
