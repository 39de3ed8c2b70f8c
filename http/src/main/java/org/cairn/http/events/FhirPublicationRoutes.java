package org.cairn.http.events;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.completeWithFuture;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathEndOrSingleSlash;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.post;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.cairn.fhirpublish.FhirPublisher;
import org.cairn.fhirpublish.Publication;
import org.cairn.http.auth.Access;
import org.cairn.http.auth.Permission;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FHIR ImagingStudy publications (admin):
 * <ul>
 *   <li>{@code GET /api/fhir/publications?state=&limit=}: the publications, the most recently changed first;
 *       {@code state} is pending, published, retrying or abandoned (any if absent), {@code limit} 1 to 1000 (100);</li>
 *   <li>{@code GET /api/fhir/publications/{studyUid}}: one study's publication (404 if never published);</li>
 *   <li>{@code POST /api/fhir/publications/{studyUid}/retry}: makes it pending again with no attempts counted and
 *       publishes it (202 with the publication as marked; 404 if never published).</li>
 * </ul>
 * The permission is asked only once the path is one of these, so other paths stay 404 whoever asks.
 */
public final class FhirPublicationRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(FhirPublicationRoutes.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_LIMIT = 1000;
    private static final int DEFAULT_LIMIT = 100;

    private final FhirPublisher publisher;

    private FhirPublicationRoutes(FhirPublisher publisher) {
        this.publisher = publisher;
    }

    /** The routes over {@code publisher}'s publications. */
    public static Route create(FhirPublisher publisher) {
        return new FhirPublicationRoutes(publisher).route();
    }

    /** The same routes on a node that publishes nothing: an empty list, and no publication of any study. */
    public static Route disabled() {
        return new FhirPublicationRoutes(null).route();
    }

    private static final String OFF = "FHIR publication is off (cairn.events.fhir-publisher.enabled)";

    private Route route() {
        return pathPrefix("api", () -> pathPrefix("fhir", () -> pathPrefix("publications", () -> concat(
            pathEndOrSingleSlash(() -> get(() -> Access.require(Permission.ADMIN, () ->
                parameterOptional("state", state -> parameterOptional("limit", limit -> list(state, limit)))))),
            path(PathMatchers.segment(), study -> get(() -> Access.require(Permission.ADMIN, () -> one(study)))),
            path(PathMatchers.segment().slash("retry"), study ->
                post(() -> Access.require(Permission.ADMIN, () -> retry(study))))))));
    }

    private Route list(Optional<String> state, Optional<String> limit) {
        Publication.State wanted = null;
        if (state.isPresent() && !state.get().isBlank()) {
            Optional<Publication.State> known = Publication.State.of(state.get());
            if (known.isEmpty()) {
                return complete(error(StatusCodes.BAD_REQUEST,
                    "state must be pending, published, retrying or abandoned, not " + state.get()));
            }
            wanted = known.get();
        }
        int max;
        try {
            max = limit.map(l -> Integer.parseInt(l.strip())).orElse(DEFAULT_LIMIT);
        } catch (NumberFormatException e) {
            max = -1;
        }
        if (max < 1 || max > MAX_LIMIT) {
            return complete(error(StatusCodes.BAD_REQUEST, "limit must be a whole number from 1 to " + MAX_LIMIT));
        }
        if (publisher == null) {
            return complete(page(List.of(), false));
        }
        return answer(publisher.publications(wanted, max).thenApply(found -> page(found, true)));
    }

    private Route one(String studyUid) {
        if (publisher == null) {
            return complete(error(StatusCodes.NOT_FOUND, OFF));
        }
        return answer(publisher.publication(studyUid).thenApply(found -> found
            .map(p -> json(StatusCodes.OK, publication(p)))
            .orElseGet(() -> error(StatusCodes.NOT_FOUND, "no FHIR publication of study " + studyUid))));
    }

    private Route retry(String studyUid) {
        if (publisher == null) {
            return complete(error(StatusCodes.NOT_FOUND, OFF));
        }
        return answer(publisher.retry(studyUid).thenApply(marked -> marked
            .map(p -> json(StatusCodes.ACCEPTED, publication(p)))
            .orElseGet(() -> error(StatusCodes.NOT_FOUND, "no FHIR publication of study " + studyUid))));
    }

    private static Route answer(CompletionStage<HttpResponse> response) {
        return completeWithFuture(response.exceptionally(failure -> {
            LOG.error("Reading the FHIR publications failed", failure);
            return error(StatusCodes.SERVICE_UNAVAILABLE, "the publications database is not available");
        }));
    }

    private static HttpResponse page(List<Publication> publications, boolean enabled) {
        ObjectNode body = JSON.createObjectNode().put("enabled", enabled);
        ArrayNode all = body.putArray("publications");
        publications.forEach(p -> all.add(publication(p)));
        return json(StatusCodes.OK, body);
    }

    static ObjectNode publication(Publication p) {
        ObjectNode node = JSON.createObjectNode().put("studyInstanceUid", p.studyUid()).put("state", p.state().id())
            .put("attempts", p.attempts()).put("lastError", p.lastError()).put("serviceRequest", p.serviceRequest())
            .put("resourceId", p.resourceId()).put("stableSeq", p.stableSeq())
            .put("updatedAt", p.updatedAt().toString());
        if (p.nextAttemptAt() == null) {
            node.putNull("nextAttemptAt");
        } else {
            node.put("nextAttemptAt", p.nextAttemptAt().toString());
        }
        return node;
    }

    private static HttpResponse json(StatusCode status, ObjectNode body) {
        return HttpResponse.create().withStatus(status)
            .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, body.toString()));
    }

    private static HttpResponse error(StatusCode status, String message) {
        return json(status, JSON.createObjectNode().put("error", message));
    }
}
