package org.cairn.load.cluster;

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
import org.cairn.load.SyntheticStudies;

/**
 * Generated CT studies held in memory, and how they are spread over associations: every study's instances go
 * through every association, so that in a cluster each study arrives through every node at once, as when several
 * modalities or a router feed one archive.
 */
public final class StudyInstances {
    private StudyInstances() {
    }

    /** One instance: its study, its SOP Instance UID and its data set, explicit VR little endian. */
    public record Instance(String studyUid, String sopInstanceUid, byte[] dataSet) {
    }

    /** The Study Instance UID of study {@code study} of a benchmark {@code phase} (warm-up, measured, a round). */
    public static String studyUid(String run, int phase, int study) {
        return "2.25." + run + "." + phase + "." + (study + 1);
    }

    /**
     * {@code studies} studies of {@code perStudy} CT slices of {@code rows}×{@code rows} 16-bit pixels, returned
     * slice by slice across the studies (slice 1 of every study, then slice 2, …).
     */
    public static List<Instance> generate(String run, int phase, int studies, int perStudy, int rows) {
        SplittableRandom random = new SplittableRandom(31L * phase + studies);
        byte[] pixels = new byte[rows * rows * 2];
        List<Instance> all = new ArrayList<>(studies * perStudy);
        for (int slice = 0; slice < perStudy; slice++) {
            for (int study = 0; study < studies; study++) {
                for (int p = 0; p < pixels.length; p += 2) {
                    Values.putUint16(pixels, p, 1000 + random.nextInt(200), false);
                }
                all.add(instance(studyUid(run, phase, study), slice, rows, pixels));
            }
        }
        return all;
    }

    /** Slice {@code slice} (from 0) of a study, with these pixels. */
    public static Instance instance(String studyUid, int slice, int rows, byte[] pixels) {
        String series = studyUid + ".1";
        String sop = series + "." + (slice + 1);
        byte[] size = new byte[2];
        Values.putUint16(size, 0, rows, false);
        DataSet ds = SyntheticStudies.ctSlice(studyUid, series, sop, slice + 1, pixels)
            .put(DataElement.of(Tag.Rows, Vr.US, size))
            .put(DataElement.of(Tag.Columns, Vr.US, size.clone()));
        return new Instance(studyUid, sop, DicomWriter.toBytes(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
    }

    /**
     * Deals {@code instances} (as {@link #generate} orders them, {@code studies} per slice) to {@code associations}
     * associations: slice {@code i} of study {@code s} goes to association {@code (s + i) mod associations}, so
     * that each association carries every study in turn, and with association {@code a} on node
     * {@code a mod nodes} every study arrives through every node.
     */
    public static List<List<Instance>> deal(List<Instance> instances, int studies, int associations) {
        List<List<Instance>> shares = new ArrayList<>();
        for (int a = 0; a < associations; a++) {
            shares.add(new ArrayList<>());
        }
        for (int n = 0; n < instances.size(); n++) {
            int slice = n / studies;
            int study = n % studies;
            shares.get((study + slice) % associations).add(instances.get(n));
        }
        return shares;
    }
}
