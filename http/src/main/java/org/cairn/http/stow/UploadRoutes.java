package org.cairn.http.stow;

import static org.apache.pekko.http.javadsl.server.Directives.completeWithFuture;
import static org.apache.pekko.http.javadsl.server.Directives.extractMaterializer;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.pathEndOrSingleSlash;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.post;
import static org.apache.pekko.http.javadsl.server.Directives.withRequestTimeout;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.ContentDisposition;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.stream.Materializer;
import org.cairn.ingest.InstanceIngest;

/**
 * {@code POST /api/uploads}: instances sent as files, through the same ingest as C-STORE and STOW-RS. The body is one
 * Part 10 file ({@code application/dicom}; its name from a Content-Disposition filename), a form of files
 * ({@code multipart/form-data}; a part that is a ZIP archive is expanded), or a ZIP archive ({@code application/zip});
 * everything streams, one instance at a time.
 *
 * <p>The answer is JSON (see {@link UploadResults}): 200 once the body was read to its end, whatever each file's
 * status; 400 when the body broke off or is not what its type says (a malformed form, an unreadable archive), 413 when
 * an archive exceeded a limit (an entry inflating beyond {@code cairn.stow.max-instance-size}, more than
 * {@code cairn.stow.max-zip-entries} entries), both with the files handled before; 415 for another media type.
 */
public final class UploadRoutes {
    /** The instances' source when no sender is named: what their events record. */
    public static final String DEFAULT_SOURCE = "UPLOAD";

    private final InstanceIngest ingest;
    private final Executor blocking;
    private final StowSettings settings;
    private final Function<HttpRequest, String> sourceName;

    private UploadRoutes(InstanceIngest ingest, Executor blocking, StowSettings settings,
                         Function<HttpRequest, String> sourceName) {
        this.ingest = ingest;
        this.blocking = blocking;
        this.settings = settings;
        this.sourceName = sourceName;
    }

    /** The upload route, recording every instance's source as {@value #DEFAULT_SOURCE}. */
    public static Route create(InstanceIngest ingest, Executor blocking, StowSettings settings) {
        return create(ingest, blocking, settings, request -> DEFAULT_SOURCE);
    }

    /**
     * The upload route, recording each instance's source as {@code sourceName} says for its request (e.g. the
     * authenticated user; at most 64 characters are kept).
     *
     * @param blocking where ZIP archives are read (blocking reads over the streamed body)
     */
    public static Route create(InstanceIngest ingest, Executor blocking, StowSettings settings,
                               Function<HttpRequest, String> sourceName) {
        return new UploadRoutes(ingest, blocking, settings, sourceName).route();
    }

    private Route route() {
        return pathPrefix("api", () -> pathPrefix("uploads", () -> pathEndOrSingleSlash(() -> post(() ->
            withRequestTimeout(settings.requestTimeout(), () -> extractRequest(request ->
                extractMaterializer(materializer -> completeWithFuture(upload(request, materializer)))))))));
    }

    private CompletionStage<HttpResponse> upload(HttpRequest request, Materializer materializer) {
        HttpEntity entity = request.entity().withoutSizeLimit();
        String type = MultipartBodies.mediaType(entity.getContentType());
        Upload upload = new Upload(ingest, settings, sourceName.apply(request), blocking, materializer);
        CompletionStage<Void> work;
        if (type.equals("application/dicom")) {
            String name = request.getHeader(ContentDisposition.class)
                .map(disposition -> disposition.getParams().get("filename"))
                .orElse("(request body)");
            work = upload.file(name, entity.getDataBytes());
        } else if (type.equals("application/zip") || type.equals("application/x-zip-compressed")) {
            work = upload.zip("", entity.getDataBytes());
        } else if (type.equals("multipart/form-data")) {
            work = Unmarshaller.entityToMultipartFormData().unmarshal(entity, materializer).thenCompose(upload::form);
        } else {
            return CompletableFuture.completedFuture(json(StatusCodes.UNSUPPORTED_MEDIA_TYPE, new UploadResults().json(
                "uploads take application/dicom (one Part 10 file), multipart/form-data (files) or application/zip, "
                    + "not " + entity.getContentType())));
        }
        return work.handle((done, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException c && c.getCause() != null ? c.getCause()
                    : failure;
                return json(StatusCodes.BAD_REQUEST, upload.results.json(String.valueOf(cause.getMessage())));
            }
            return upload.stopped()
                .map(why -> json(StatusCodes.PAYLOAD_TOO_LARGE, upload.results.json(why)))
                .orElseGet(() -> json(StatusCodes.OK, upload.results.json(null)));
        });
    }

    private static HttpResponse json(StatusCode status, byte[] body) {
        return HttpResponse.create().withStatus(status).withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON,
            body));
    }
}
