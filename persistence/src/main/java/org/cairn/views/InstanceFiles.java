package org.cairn.views;

import java.io.IOException;
import java.io.InputStream;
import org.cairn.blob.BlobStore;
import org.cairn.blob.Digest;

/**
 * Opens an instance's Part 10 file as Cairn serves it. Every path that hands a file out (WADO-RS, WADO-URI, C-GET,
 * C-MOVE, ZIP download, the router) goes through here, so changes made to a study after its files were stored are
 * applied to every copy that leaves the archive.
 */
@FunctionalInterface
public interface InstanceFiles {

    /** The file's bytes, from its preamble; the caller closes the stream. Fails when the blob is missing. */
    InputStream open(RetrievableInstance instance) throws IOException;

    /** The served bytes as a file; the default copies {@link #open} to a temporary file. */
    default ServedFile file(RetrievableInstance instance) throws IOException {
        java.nio.file.Path copy = java.nio.file.Files.createTempFile("cairn-served-", ".dcm");
        try (InputStream in = open(instance)) {
            java.nio.file.Files.copy(in, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            java.nio.file.Files.deleteIfExists(copy);
            throw e;
        }
        return new ServedFile(copy, true);
    }

    /** The stored bytes as they are: for a study without changes. */
    static InstanceFiles stored(BlobStore blobs) {
        return instance -> blobs.open(new Digest(instance.digest()))
            .orElseThrow(() -> new java.io.FileNotFoundException("the blob of " + instance.sopInstanceUid()
                + " (" + instance.digest() + ") is missing"));
    }
}
