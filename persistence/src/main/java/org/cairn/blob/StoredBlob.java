package org.cairn.blob;

/**
 * A blob that is durable under its content address.
 *
 * @param digest        its SHA-256
 * @param size          its length in bytes
 * @param deduplicated  whether the same content was already stored, so nothing new was written
 */
public record StoredBlob(Digest digest, long size, boolean deduplicated) {
}
