package org.cairn.views;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.cairn.blob.BlobStore;
import org.cairn.blob.Digest;
import org.cairn.dicom.AttributePatch;

/**
 * The instance files Cairn serves: the stored blob, with the study's attribute corrections in force (from the
 * views) applied on the way out. A study without corrections is served straight from its blobs.
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
        return forStudy(instance.studyUid()).open(instance);
    }

    @Override
    public Optional<Path> storedFile(RetrievableInstance instance) throws IOException {
        return forStudy(instance.studyUid()).storedFile(instance);
    }

    @Override
    public InstanceFiles forStudy(String studyUid) throws IOException {
        return new StudyFiles(blobs, corrections(studyUid));
    }

    private List<AttributePatch.Change> corrections(String studyUid) throws IOException {
        try (Connection c = views.getConnection()) {
            c.setReadOnly(true);
            return StudyViewChanges.corrections(c, studyUid);
        } catch (SQLException e) {
            throw new IOException("cannot read the corrections of study " + studyUid + ": " + e.getMessage(), e);
        }
    }

    /** One study's files with its corrections, looked up once. */
    private record StudyFiles(BlobStore blobs, List<AttributePatch.Change> corrections) implements InstanceFiles {
        @Override
        public InputStream open(RetrievableInstance instance) throws IOException {
            InputStream stored = blobs.open(new Digest(instance.digest()))
                .orElseThrow(() -> InstanceFiles.missing(instance));
            return AttributePatch.apply(stored, corrections);
        }

        @Override
        public Optional<Path> storedFile(RetrievableInstance instance) throws IOException {
            if (!corrections.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(blobs.file(new Digest(instance.digest())).orElseThrow(() -> InstanceFiles.missing(instance)));
        }

        @Override
        public InstanceFiles forStudy(String studyUid) {
            return this;
        }
    }
}
