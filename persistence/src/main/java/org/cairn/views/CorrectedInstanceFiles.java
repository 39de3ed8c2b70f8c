package org.cairn.views;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.cairn.blob.BlobStore;
import org.cairn.blob.Digest;
import org.cairn.dicom.AttributePatch;

/**
 * The instance files Cairn serves: the stored blob, with the study's attribute corrections in force (from the
 * views) applied on the way out. A study without corrections is served straight from its blobs, at no cost.
 */
public final class CorrectedInstanceFiles implements InstanceFiles {
    private final BlobStore blobs;
    private final DataSource views;

    public CorrectedInstanceFiles(BlobStore blobs, DataSource views) {
        this.blobs = blobs;
        this.views = views;
    }

    @Override
    public InputStream open(RetrievableInstance instance) throws IOException {
        List<AttributePatch.Change> corrections = corrections(instance.studyUid());
        InputStream stored = blobs.open(new Digest(instance.digest())).orElseThrow(() -> missing(instance));
        return AttributePatch.apply(stored, corrections);
    }

    @Override
    public ServedFile file(RetrievableInstance instance) throws IOException {
        if (!corrections(instance.studyUid()).isEmpty()) {
            return InstanceFiles.super.file(instance);
        }
        Path blob = blobs.file(new Digest(instance.digest())).orElseThrow(() -> missing(instance));
        return new ServedFile(blob, false);
    }

    private List<AttributePatch.Change> corrections(String studyUid) throws IOException {
        try (Connection c = views.getConnection()) {
            c.setReadOnly(true);
            return StudyViewChanges.corrections(c, studyUid);
        } catch (SQLException e) {
            throw new IOException("cannot read the corrections of study " + studyUid + ": " + e.getMessage(), e);
        }
    }

    private static FileNotFoundException missing(RetrievableInstance instance) {
        return new FileNotFoundException("the blob of " + instance.sopInstanceUid() + " (" + instance.digest()
            + ") is missing");
    }
}
