package org.cairn.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.DicomWriter;
import org.cairn.dicom.TransferSyntax;
import org.cairn.dicom.Values;
import org.cairn.dicom.Vr;
import org.cairn.dicom.dict.Tag;
import org.cairn.dicom.dict.UID;

/** Part 10 files made for tests, and the byte-level facts about them the tests check. */
final class Part10Files {
    private Part10Files() {
    }

    /** A small Secondary Capture data set with the identifying UIDs given (any of them null: left out). */
    static DataSet instance(String study, String series, String sop) {
        DataSet ds = new DataSet().putString(Tag.SOPClassUID, Vr.UI, UID.SecondaryCaptureImageStorage);
        if (sop != null) {
            ds.putString(Tag.SOPInstanceUID, Vr.UI, sop);
        }
        ds.putString(Tag.PatientName, Vr.PN, "Test^Ingest").putString(Tag.PatientID, Vr.LO, "INGEST-1");
        if (study != null) {
            ds.putString(Tag.StudyInstanceUID, Vr.UI, study);
        }
        if (series != null) {
            ds.putString(Tag.SeriesInstanceUID, Vr.UI, series);
        }
        return ds;
    }

    /** {@code dataSet} as a Part 10 file in {@code ts}, with a meta made of {@code meta} completed from the data set. */
    static byte[] file(DataSet meta, DataSet dataSet, TransferSyntax ts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            DicomWriter.writeFile(null, DicomWriter.completeMeta(meta, dataSet, ts), dataSet, ts, out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] file(DataSet dataSet) {
        return file(new DataSet(), dataSet, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
    }

    /** Where a file's data set starts: after the preamble, "DICM" and the meta its group length measures. */
    static int dataSetOffset(byte[] file) {
        if (file[128] != 'D' || file[129] != 'I' || file[130] != 'C' || file[131] != 'M'
            || Values.uint16(file, 132, false) != 0x0002 || Values.uint16(file, 134, false) != 0x0000) {
            throw new IllegalArgumentException("not a Part 10 file with a File Meta group length");
        }
        return 132 + 12 + Values.int32(file, 140, false);
    }

    /** The data set bytes of a Part 10 file, as they follow its File Meta Information. */
    static byte[] dataSetBytes(byte[] file) {
        return Arrays.copyOfRange(file, dataSetOffset(file), file.length);
    }

    /** {@code bytes} as a stream of chunks of {@code size} bytes (the last one shorter). */
    static Source<ByteString, ?> chunked(byte[] bytes, int size) {
        List<ByteString> chunks = new ArrayList<>();
        for (int at = 0; at < bytes.length; at += size) {
            chunks.add(ByteString.fromArray(bytes, at, Math.min(size, bytes.length - at)));
        }
        return Source.from(chunks);
    }
}
