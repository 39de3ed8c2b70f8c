package org.cairn.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.cairn.study.StudyEvent;
import org.cairn.study.StudyState;
import org.cairn.views.InstanceFiles;
import org.cairn.views.RetrievableInstance;

/**
 * A study as a ZIP of its served files, one entry per instance under its series ({@code series/sop.dcm}), written
 * instance by instance through a 64 KiB buffer: the download route streams it, the export job writes it to a file.
 */
public final class StudyArchive {
    private StudyArchive() {
    }

    /** The instances of a study as retrieval sees them. */
    public static List<RetrievableInstance> instances(StudyState study) {
        List<RetrievableInstance> all = new ArrayList<>();
        study.series().forEach((series, instances) -> {
            for (StudyEvent.StoredInstance i : instances.values()) {
                all.add(new RetrievableInstance(study.studyUid(), series, i.sopInstanceUid(), i.sopClassUid(),
                    i.transferSyntaxUid(), i.digest()));
            }
        });
        return all;
    }

    /** Writes the ZIP to {@code out} (not closed); returns the number of instances written. */
    public static int write(List<RetrievableInstance> instances, InstanceFiles files, OutputStream out,
                            JobWork.Progress progress) throws IOException, JobWork.Cancelled {
        ZipOutputStream zip = new ZipOutputStream(out);
        zip.setLevel(Deflater.BEST_SPEED); // uncompressed pixel data shrinks; the CPU stays for serving
        byte[] buffer = new byte[64 * 1024];
        int written = 0;
        for (RetrievableInstance instance : instances) {
            if (progress.cancelled()) {
                throw new JobWork.Cancelled();
            }
            zip.putNextEntry(new ZipEntry(instance.seriesUid() + "/" + instance.sopInstanceUid() + ".dcm"));
            try (InputStream in = files.open(instance)) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    zip.write(buffer, 0, n);
                }
            }
            zip.closeEntry();
            written++;
            progress.advance(1, null);
        }
        zip.finish();
        zip.flush();
        return written;
    }
}
