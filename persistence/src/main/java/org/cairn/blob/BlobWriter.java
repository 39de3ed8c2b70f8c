package org.cairn.blob;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A blob being written: bytes are hashed as they go to a temporary file; {@link #commit()} makes it durable under
 * its digest, {@link #close()} without a commit discards it. Not thread-safe: one writer, one stream.
 */
public interface BlobWriter extends AutoCloseable {

    void write(ByteBuffer bytes) throws IOException;

    default void write(byte[] bytes, int offset, int length) throws IOException {
        write(ByteBuffer.wrap(bytes, offset, length));
    }

    /** Bytes written so far. */
    long size();

    /**
     * Makes the blob durable: its bytes are on disk (fsync) under its content address (atomic rename, directory
     * synced) before this returns. Content already stored is not written twice.
     */
    StoredBlob commit() throws IOException;

    /** Discards the blob unless it was committed. */
    @Override
    void close() throws IOException;
}
