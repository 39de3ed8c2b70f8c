package org.cairn.http.worklist;

import static org.apache.pekko.http.javadsl.server.Directives.completeWithFuture;
import static org.apache.pekko.http.javadsl.server.Directives.extractMaterializer;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequestEntity;
import static org.apache.pekko.http.javadsl.server.Directives.pathEndOrSingleSlash;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.post;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaType;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.Materializer;
import org.cairn.worklist.FeedResult;
import org.cairn.worklist.OrderFeed;
import org.cairn.worklist.OrderStatus;

/**
 * The FHIR R4 feed: {@code POST /fhir/ServiceRequest} with a ServiceRequest as {@code application/fhir+json} (or
 * {@code application/json}), mapped by {@link ServiceRequestMapping} and handed to the {@link OrderFeed}.
 *
 * <p>Answers: 201 with the ServiceRequest echoed back ({@code id} set to the Accession Number when it had none, and
 * a {@code urn:dicom:uid} identifier added when Cairn made the Study Instance UID) and
 * {@code Location: /fhir/ServiceRequest/{id}} for a newly scheduled order; 200 with the same for an order that was
 * already scheduled identically, a cancel (revoked, entered-in-error) or a completion; otherwise an
 * {@code OperationOutcome}: 400 for a request that cannot be mapped (every problem listed) or malformed JSON
 * (code {@code structure}), 404 when a cancelled or completed order does not exist, 409 when the order's state
 * forbids the change, 413 over 1 MiB, 415 for another content type.
 */
public final class FhirRoutes {
    /** The source recorded on the events this feed causes. */
    public static final String SOURCE = "fhir";
    private static final ObjectMapper JSON = new ObjectMapper()
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final OrderFeed feed;
    private final ServiceRequestMapping mapping;

    private FhirRoutes(OrderFeed feed, ServiceRequestMapping mapping) {
        this.feed = feed;
        this.mapping = mapping;
    }

    /** The route over {@code feed}, with {@code mapping} for what the requests do not say. */
    public static Route create(OrderFeed feed, FhirMapping mapping) {
        return create(feed, new ServiceRequestMapping(mapping));
    }

    /** As {@link #create(OrderFeed, FhirMapping)}, with the mapping given whole (its UID source, in tests). */
    public static Route create(OrderFeed feed, ServiceRequestMapping mapping) {
        return new FhirRoutes(feed, mapping).route();
    }

    private Route route() {
        return pathPrefix("fhir", () -> pathPrefix("ServiceRequest", () -> pathEndOrSingleSlash(() -> post(() ->
            extractMaterializer(materializer -> extractRequestEntity(entity ->
                completeWithFuture(create(entity, materializer))))))));
    }

    private CompletionStage<HttpResponse> create(HttpEntity entity, Materializer materializer) {
        MediaType media = entity.getContentType().mediaType();
        if (!media.mainType().equals("application")
            || !(media.subType().equals("fhir+json") || media.subType().equals("json"))) {
            entity.discardBytes(materializer);
            return done(OperationOutcomes.response(StatusCodes.UNSUPPORTED_MEDIA_TYPE, new FhirIssue("not-supported",
                "a ServiceRequest must be sent as application/fhir+json or application/json, not " + media, null)));
        }
        CompletionStage<HttpResponse> answer;
        try {
            answer = RequestBodies.read(entity, materializer, RequestBodies.MAX_BYTES).thenCompose(this::handle);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        return answer.exceptionally(FhirRoutes::failure);
    }

    private CompletionStage<HttpResponse> handle(byte[] body) {
        JsonNode resource;
        try {
            resource = body.length == 0 ? null : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return done(OperationOutcomes.response(StatusCodes.BAD_REQUEST,
                new FhirIssue("structure", "malformed JSON: " + e.getOriginalMessage(), null)));
        } catch (IOException e) {
            return done(OperationOutcomes.response(StatusCodes.BAD_REQUEST,
                new FhirIssue("structure", "unreadable JSON: " + e.getMessage(), null)));
        }
        if (resource == null || !resource.isObject()) {
            return done(OperationOutcomes.response(StatusCodes.BAD_REQUEST,
                new FhirIssue("structure", "the body must be a JSON object (a FHIR ServiceRequest)", null)));
        }
        MappedServiceRequest mapped = mapping.map(resource);
        if (mapped instanceof MappedServiceRequest.Rejected rejected) {
            return done(OperationOutcomes.response(StatusCodes.BAD_REQUEST, rejected.issues()));
        }
        if (mapped instanceof MappedServiceRequest.Schedule schedule) {
            ObjectNode echo = echo((ObjectNode) resource, schedule.order().accessionNumber());
            if (schedule.studyUidGenerated()) {
                ArrayNode identifiers = echo.withArray("identifier");
                identifiers.addObject().put("system", ServiceRequestMapping.DICOM_UID_SYSTEM)
                    .put("value", "urn:oid:" + schedule.order().studyInstanceUid());
            }
            return feed.schedule(schedule.order(), SOURCE).thenApply(result -> answer(result, echo, true));
        }
        if (mapped instanceof MappedServiceRequest.Cancel cancel) {
            ObjectNode echo = echo((ObjectNode) resource, cancel.accessionNumber());
            return feed.cancel(cancel.accessionNumber(), cancel.reason(), SOURCE)
                .thenApply(result -> answer(result, echo, false));
        }
        MappedServiceRequest.Complete complete = (MappedServiceRequest.Complete) mapped;
        ObjectNode echo = echo((ObjectNode) resource, complete.accessionNumber());
        return feed.statusChanged(complete.accessionNumber(), OrderStatus.COMPLETED, SOURCE)
            .thenApply(result -> answer(result, echo, false));
    }

    /** The request as the answer's body, with {@code id} set to the Accession Number when the sender gave none. */
    private static ObjectNode echo(ObjectNode resource, String accession) {
        ObjectNode echo = resource.deepCopy();
        if (!echo.path("id").isTextual()) {
            echo.put("id", accession);
        }
        return echo;
    }

    private static HttpResponse answer(FeedResult result, ObjectNode echo, boolean scheduling) {
        if (result instanceof FeedResult.Accepted accepted) {
            StatusCode status = scheduling && accepted.changed() ? StatusCodes.CREATED : StatusCodes.OK;
            return HttpResponse.create().withStatus(status)
                .withEntity(HttpEntities.create(OperationOutcomes.FHIR_JSON, echo.toString()))
                .addHeader(Location.create("/fhir/ServiceRequest/" + WorklistRoutes.pathSegment(echo.path("id").asText())));
        }
        if (result instanceof FeedResult.NotFound notFound) {
            return OperationOutcomes.response(StatusCodes.NOT_FOUND,
                FhirIssue.notFound("ServiceRequest.identifier", notFound.reason()));
        }
        if (result instanceof FeedResult.Conflict conflict) {
            return OperationOutcomes.response(StatusCodes.CONFLICT,
                new FhirIssue("conflict", conflict.reason(), "ServiceRequest.identifier"));
        }
        if (result instanceof FeedResult.Invalid invalid) {
            return OperationOutcomes.response(StatusCodes.BAD_REQUEST, FhirIssue.invalid(null, invalid.reason()));
        }
        return OperationOutcomes.response(StatusCodes.INTERNAL_SERVER_ERROR,
            new FhirIssue("exception", "unexpected feed result " + result, null));
    }

    private static HttpResponse failure(Throwable e) {
        if (RequestBodies.tooLarge(e)) {
            return OperationOutcomes.response(StatusCodes.CONTENT_TOO_LARGE, new FhirIssue("too-costly",
                "the request body is larger than " + RequestBodies.MAX_BYTES + " bytes", null));
        }
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return OperationOutcomes.response(StatusCodes.INTERNAL_SERVER_ERROR,
            new FhirIssue("exception", "the request failed: " + cause, null));
    }

    private static CompletionStage<HttpResponse> done(HttpResponse response) {
        return CompletableFuture.completedFuture(response);
    }
}
