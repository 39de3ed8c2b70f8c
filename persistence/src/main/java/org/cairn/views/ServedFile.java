package org.cairn.views;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A served instance as a file on disk, for senders that read files (the DIMSE SCU sends from a file channel): the
 * blob itself, or a temporary corrected copy that closing deletes.
 */
public record ServedFile(Path path, boolean temporary) implements AutoCloseable {

    @Override
    public void close() throws IOException {
        if (temporary) {
            Files.deleteIfExists(path);
        }
    }
}
