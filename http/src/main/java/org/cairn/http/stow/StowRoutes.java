package org.cairn.http.stow;

import static org.apache.pekko.http.javadsl.server.Directives.completeWithFuture;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.extractMaterializer;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.pathEndOrSingleSlash;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.post;
import static org.apache.pekko.http.javadsl.server.Directives.withRequestTimeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.Materializer;
import org.cairn.dicom.DicomJson;
import org.cairn.dicom.Uids;
import org.cairn.ingest.InstanceIngest;

/**
 * STOW-RS, the Store Transaction of the Studies web service (PS3.18 10.5): {@code POST /dicom-web/studies} and
 * {@code POST /dicom-web/studies/{study}} with a {@code multipart/related; type="application/dicom"} body. Each part is
 * a Part 10 file, streamed as it arrives into the same ingest as C-STORE (one instance at a time, each durable and
 * journaled before the next is read), so a study of any size goes through with bounded memory. The answer is the Store
 * Instances Response Module as {@code application/dicom+json}: 200 every instance stored (or stored before), 202 some
 * failed, 409 none stored; 415 for another media type (metadata and bulk data requests are not supported), 400 for a
 * body that is not well-formed multipart. Each failed instance's reason is also given, for people, in a
 * {@code Warning} header (at most {@value #MAX_WARNINGS}).
 *
 * <p>Parts are taken as DICOM whatever their own Content-Type says; one that is not a Part 10 file fails with C000.
 * An instance of another study than the one addressed fails with
 * {@link org.cairn.ingest.IngestValidation#STUDY_INSTANCE_UID_MISMATCH}. A part longer than
 * {@code cairn.stow.max-instance-size} fails with A700 (and is read to its end); the request as a whole may take up to
 * {@code cairn.stow.request-timeout}.
 */
public final class StowRoutes {
    /** The instances' source when no sender is named: what their events record. */
    public static final String DEFAULT_SOURCE = "STOW-RS";
    static final ContentType DICOM_JSON = ContentTypes.create(
        MediaTypes.applicationWithFixedCharset("dicom+json", HttpCharsets.UTF_8));
    static final int MAX_WARNINGS = 20;

    private final InstanceIngest ingest;
    private final StowSettings settings;
    private final Function<HttpRequest, String> sourceName;

    private StowRoutes(InstanceIngest ingest, StowSettings settings, Function<HttpRequest, String> sourceName) {
        this.ingest = ingest;
        this.settings = settings;
        this.sourceName = sourceName;
    }

    /** The STOW-RS routes, recording every instance's source as {@value #DEFAULT_SOURCE}. */
    public static Route create(InstanceIngest ingest, StowSettings settings) {
        return create(ingest, settings, request -> DEFAULT_SOURCE);
    }

    /**
     * The STOW-RS routes, recording each instance's source as {@code sourceName} says for its request (e.g. the
     * authenticated user; at most 64 characters are kept).
     */
    public static Route create(InstanceIngest ingest, StowSettings settings, Function<HttpRequest, String> sourceName) {
        return new StowRoutes(ingest, settings, sourceName).route();
    }

    private Route route() {
        return pathPrefix("dicom-web", () -> pathPrefix("studies", () -> concat(
            pathEndOrSingleSlash(() -> post(() -> store(null))),
            pathPrefix(study -> pathEndOrSingleSlash(() -> post(() -> store(study)))))));
    }

    private Route store(String study) {
        return withRequestTimeout(settings.requestTimeout(), () -> extractRequest(request ->
            extractMaterializer(materializer -> completeWithFuture(store(request, study, materializer)))));
    }

    private CompletionStage<HttpResponse> store(HttpRequest request, String study, Materializer materializer) {
        ContentType type = request.entity().getContentType();
        Optional<String> root = MultipartBodies.parameter(type, "type");
        if (!MultipartBodies.mediaType(type).equals("multipart/related")
            || root.isPresent() && !root.get().equalsIgnoreCase("application/dicom")) {
            return CompletableFuture.completedFuture(plain(StatusCodes.UNSUPPORTED_MEDIA_TYPE,
                "STOW-RS takes multipart/related; type=\"application/dicom\" (Part 10 instances), not " + type));
        }
        if (study != null && !Uids.isValid(study)) {
            return CompletableFuture.completedFuture(plain(StatusCodes.BAD_REQUEST, "not a Study Instance UID: "
                + study));
        }
        String source = sourceName.apply(request);
        StoreInstancesResponse response = new StoreInstancesResponse(dicomWebBase(request), study);
        return MultipartBodies.parts(request.entity(), materializer)
            .thenCompose(multipart -> multipart.getParts()
                .mapAsync(1, part -> ingest.storeFile(part.getEntity().getDataBytes(), source, study,
                    settings.maxInstanceBytes()))
                .runForeach(response::add, materializer))
            .handle((done, failure) -> failure == null ? answer(response) : malformed(failure, response));
    }

    private static HttpResponse answer(StoreInstancesResponse response) {
        if (response.isEmpty()) {
            return plain(StatusCodes.BAD_REQUEST, "the multipart body has no part");
        }
        List<HttpHeader> warnings = new ArrayList<>();
        for (String reason : response.failureReasons()) {
            if (warnings.size() == MAX_WARNINGS) {
                break;
            }
            warnings.add(RawHeader.create("Warning", "299 Cairn \"" + headerText(reason) + "\""));
        }
        return HttpResponse.create().withStatus(response.httpStatus()).addHeaders(warnings)
            .withEntity(HttpEntities.create(DICOM_JSON, DicomJson.inline().toJsonBytes(response.dataSet())));
    }

    private static HttpResponse malformed(Throwable failure, StoreInstancesResponse response) {
        Throwable cause = failure instanceof CompletionException c && c.getCause() != null ? c.getCause() : failure;
        return plain(StatusCodes.BAD_REQUEST, "malformed multipart body: " + cause.getMessage()
            + (response.isEmpty() ? "" : " (" + response.storedCount() + " instances before it were stored)"));
    }

    private static HttpResponse plain(org.apache.pekko.http.javadsl.model.StatusCode status, String text) {
        return HttpResponse.create().withStatus(status).withEntity(ContentTypes.TEXT_PLAIN_UTF8, text);
    }

    /** Printable ASCII without quotes or backslashes, at most 200 characters: safe inside a quoted header value. */
    static String headerText(String text) {
        StringBuilder s = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (s.length() == 200) {
                break;
            }
            s.append(c >= 0x20 && c < 0x7F && c != '"' && c != '\\' ? c : '_');
        }
        return s.toString();
    }

    /** The URL of {@code /dicom-web} as the client reached it (the server makes the request URI absolute). */
    static String dicomWebBase(HttpRequest request) {
        Uri uri = request.getUri();
        String host = uri.host().address();
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return uri.scheme() + "://" + host + (uri.port() > 0 ? ":" + uri.port() : "") + "/dicom-web";
    }
}
