package org.cairn.http.worklist;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.stream.Materializer;

/**
 * Reads a request body into memory with a ceiling. The feeds parse whole JSON documents, so the body has to be in
 * memory; the ceiling keeps one client from making the node buffer megabytes per request. Bodies over it fail with
 * {@link BodyTooLarge} whether the client declared a Content-Length or streamed chunks, so the routes can answer
 * 413 in their own error format rather than Pekko's plain-text one.
 */
public final class RequestBodies {
    /** Orders are a few kilobytes; 1 MiB leaves room for large contained resources. */
    public static final long MAX_BYTES = 1024 * 1024;

    private static final long READ_TIMEOUT_MILLIS = 30_000;

    private RequestBodies() {
    }

    /** Thrown (inside the stage) for a body over the ceiling. */
    public static final class BodyTooLarge extends RuntimeException {
        BodyTooLarge(long limit) {
            super("the request body is larger than " + limit + " bytes");
        }
    }

    /** The body's bytes, or a stage failed with {@link BodyTooLarge}. */
    public static CompletionStage<byte[]> read(HttpEntity entity, Materializer materializer, long maxBytes) {
        var declared = entity.getContentLengthOption();
        if (declared.isPresent() && declared.getAsLong() > maxBytes) {
            // Refused before reading a byte; Pekko drains or closes the connection for us.
            entity.discardBytes(materializer);
            return CompletableFuture.failedFuture(new BodyTooLarge(maxBytes));
        }
        return entity.toStrict(READ_TIMEOUT_MILLIS, maxBytes, materializer)
            .thenApply(strict -> strict.getData().toArray())
            .exceptionally(e -> {
                if (tooLarge(e)) {
                    throw new BodyTooLarge(maxBytes);
                }
                throw e instanceof CompletionException c ? c : new CompletionException(e);
            });
    }

    /** Whether {@code failure} (possibly wrapped) means the body was over the ceiling. */
    public static boolean tooLarge(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BodyTooLarge || t instanceof EntityStreamSizeException) {
                return true;
            }
        }
        return false;
    }
}
