package org.cairn.blob;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Content-addressed storage of instances: a blob is named by the SHA-256 of its bytes, written once, never
 * changed. Implementations must make {@link BlobWriter#commit()} durable before it returns and keep a crash from
 * leaving a partial blob under a content address.
 */
public interface BlobStore {

    /** Starts a new blob. */
    BlobWriter newBlob() throws IOException;

    boolean contains(Digest digest);

    /** The blob's length, if stored. */
    Optional<Long> size(Digest digest) throws IOException;

    /** Reads a stored blob; empty if there is none. */
    Optional<InputStream> open(Digest digest) throws IOException;

    /**
     * The blob as a file, for readers that stream from a path (the SCU sending it on); empty if it is not stored
     * or the store is not a file system.
     */
    Optional<Path> file(Digest digest);

    /** Re-reads a stored blob and checks that its bytes still hash to its name. */
    boolean verify(Digest digest) throws IOException;

    /** Removes a blob nothing refers to (e.g. an instance refused after its blob was committed); true if it was there. */
    boolean delete(Digest digest) throws IOException;
}
