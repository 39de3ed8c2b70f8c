package org.cairn.views;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.cairn.blob.BlobStore;
import org.cairn.blob.Digest;

/**
 * Opens an instance's Part 10 file as Cairn serves it. Every path that hands a file out (WADO-RS, WADO-URI, C-GET,
 * C-MOVE, ZIP download, the router) goes through here, so changes made to a study after its files were stored are
 * applied to every copy that leaves the archive.
 */
public interface InstanceFiles {

    /** The file's bytes, from its preamble; the caller closes the stream. Fails when the blob is missing. */
    InputStream open(RetrievableInstance instance) throws IOException;

    /**
     * The stored file itself when it is served exactly as stored (its study has no corrections), so a sender may read
     * it directly (ranges, file channels); empty when the served bytes differ from the blob's.
     */
    default Optional<Path> storedFile(RetrievableInstance instance) throws IOException {
        return Optional.empty();
    }

    /**
     * These files for one study, with what the study's files need (its corrections) looked up once: for serving many
     * of its instances in one request.
     */
    default InstanceFiles forStudy(String studyUid) throws IOException {
        return this;
    }

    /** The served bytes as a file: the blob when served as stored, else a temporary copy of {@link #open}. */
    default ServedFile file(RetrievableInstance instance) throws IOException {
        Optional<Path> stored = storedFile(instance);
        if (stored.isPresent()) {
            return new ServedFile(stored.get(), false);
        }
        Path copy = Files.createTempFile("cairn-served-", ".dcm");
        try (InputStream in = open(instance)) {
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(copy);
            throw e;
        }
        return new ServedFile(copy, true);
    }

    /** The stored bytes as they are: for studies without changes. */
    static InstanceFiles stored(BlobStore blobs) {
        return new InstanceFiles() {
            @Override
            public InputStream open(RetrievableInstance instance) throws IOException {
                return blobs.open(new Digest(instance.digest())).orElseThrow(() -> missing(instance));
            }

            @Override
            public Optional<Path> storedFile(RetrievableInstance instance) throws IOException {
                return Optional.of(blobs.file(new Digest(instance.digest())).orElseThrow(() -> missing(instance)));
            }
        };
    }

    /** The failure for an instance whose blob is not in the store. */
    static java.io.FileNotFoundException missing(RetrievableInstance instance) {
        return new java.io.FileNotFoundException("the blob of " + instance.sopInstanceUid() + " ("
            + instance.digest() + ") is missing");
    }
}
