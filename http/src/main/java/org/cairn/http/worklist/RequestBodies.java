package org.cairn.http.worklist;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.extractMaterializer;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequestEntity;
import static org.apache.pekko.http.javadsl.server.Directives.onComplete;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
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
    private static final ObjectMapper JSON = new ObjectMapper();

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

    /**
     * The request body parsed as a JSON object for {@code inner}; otherwise the answer {@code error} makes: 413 over
     * {@code maxBytes}, 400 for a body that cannot be read, is not JSON, or is JSON but not an object.
     */
    public static Route jsonObject(long maxBytes, BiFunction<StatusCode, String, HttpResponse> error,
                                   Function<JsonNode, Route> inner) {
        return extractMaterializer(materializer -> extractRequestEntity(entity ->
            onComplete(read(entity, materializer, maxBytes), bytes -> {
                if (bytes.isFailure()) {
                    return tooLarge(bytes.failed().get())
                        ? complete(error.apply(StatusCodes.CONTENT_TOO_LARGE, "the body is larger than " + maxBytes
                            + " bytes"))
                        : complete(error.apply(StatusCodes.BAD_REQUEST, "the body could not be read"));
                }
                JsonNode json;
                try {
                    json = JSON.readTree(bytes.get());
                } catch (IOException e) {
                    return complete(error.apply(StatusCodes.BAD_REQUEST, "the body is not JSON"));
                }
                if (json == null || !json.isObject()) {
                    return complete(error.apply(StatusCodes.BAD_REQUEST, "the body must be a JSON object"));
                }
                return inner.apply(json);
            })));
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
