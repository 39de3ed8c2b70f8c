package org.cairn.http.events;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.completeWithFuture;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.delete;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathEndOrSingleSlash;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.post;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.cairn.http.auth.Access;
import org.cairn.http.auth.Permission;
import org.cairn.http.worklist.RequestBodies;
import org.cairn.webhook.NewWebhook;
import org.cairn.webhook.WebhookSubscription;
import org.cairn.webhook.Webhooks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Webhook subscriptions over REST (admin), JSON throughout, the secret never in a response ({@code "secretSet": true}
 * instead):
 * <ul>
 *   <li>{@code GET /api/webhooks}: {@code {"webhooks": [...]}}, oldest first;</li>
 *   <li>{@code POST /api/webhooks} {@code {"url", "secret", "eventTypes"?: [...], "description"?, "from"?}}: 201 with
 *       the subscription and a Location, or 400; {@code from} is {@code "latest"} (the default: what happens from now
 *       on) or a seq to deliver the events after ({@code 0}: the whole feed);</li>
 *   <li>{@code GET /api/webhooks/{id}}: 200 or 404;</li>
 *   <li>{@code DELETE /api/webhooks/{id}}: 204 or 404; its delivery stops;</li>
 *   <li>{@code POST /api/webhooks/{id}/resume}: 200 with the subscription, active again and delivering from its
 *       cursor, or 404.</li>
 * </ul>
 * Errors are {@code {"error": "..."}}; the database being unavailable is a 503.
 */
public final class WebhookRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookRoutes.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A subscription is a URL, a secret and a few types. */
    private static final long MAX_BODY = 64 * 1024;

    private final Webhooks webhooks;

    private WebhookRoutes(Webhooks webhooks) {
        this.webhooks = webhooks;
    }

    /** The routes under {@code /api/webhooks}, each requiring {@link Permission#ADMIN}. */
    public static Route create(Webhooks webhooks) {
        return new WebhookRoutes(webhooks).route();
    }

    private Route route() {
        return pathPrefix("api", () -> pathPrefix("webhooks", () -> Access.require(Permission.ADMIN, principal ->
            concat(
                pathEndOrSingleSlash(() -> concat(
                    get(() -> answer(webhooks.list(), all -> {
                        ObjectNode body = JSON.createObjectNode();
                        ArrayNode list = body.putArray("webhooks");
                        all.forEach(s -> list.add(json(s)));
                        return ok(StatusCodes.OK, body);
                    })),
                    post(() -> body(body -> {
                        NewWebhook request;
                        try {
                            request = request(body);
                        } catch (IllegalArgumentException e) {
                            return complete(error(StatusCodes.BAD_REQUEST, e.getMessage()));
                        }
                        return answer(webhooks.create(request, principal.name()), created ->
                            ok(StatusCodes.CREATED, json(created))
                                .addHeader(Location.create("/api/webhooks/" + created.id())));
                    })))),
                pathPrefix(PathMatchers.segment(), id -> concat(
                    pathEndOrSingleSlash(() -> concat(
                        get(() -> answer(webhooks.get(id), found -> found(id, found))),
                        delete(() -> answer(webhooks.delete(id), deleted -> deleted
                            ? HttpResponse.create().withStatus(StatusCodes.NO_CONTENT)
                            : notFound(id))))),
                    path("resume", () -> post(() -> answer(webhooks.resume(id), resumed -> found(id, resumed))))))))));
    }

    /** The subscription as the API shows it: everything but the secret. */
    static ObjectNode json(WebhookSubscription s) {
        ObjectNode node = JSON.createObjectNode().put("id", s.id()).put("url", s.url().toString());
        ArrayNode types = node.putArray("eventTypes");
        s.eventTypes().stream().sorted().forEach(types::add);
        node.put("description", s.description()).put("secretSet", true).put("createdBy", s.createdBy())
            .put("createdAt", s.createdAt().toString()).put("state", s.state().name()).put("cursor", s.cursor())
            .put("delivered", s.delivered()).put("consecutiveFailures", s.consecutiveFailures())
            .put("lastError", s.lastError());
        instant(node, "lastAttemptAt", s.lastAttemptAt());
        instant(node, "lastSuccessAt", s.lastSuccessAt());
        return node;
    }

    private NewWebhook request(JsonNode body) {
        JsonNode from = body.get("from");
        String fromText;
        if (from == null || from.isNull()) {
            fromText = null;
        } else if (from.isTextual() || from.isIntegralNumber()) {
            fromText = from.asText();
        } else {
            throw new IllegalArgumentException("from must be \"latest\" or a seq");
        }
        return webhooks.validate(text(body, "url"), types(body), text(body, "secret"), text(body, "description"),
            fromText);
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(field + " must be a string");
        }
        return value.asText();
    }

    private static List<String> types(JsonNode body) {
        JsonNode value = body.get("eventTypes");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            throw new IllegalArgumentException("eventTypes must be an array of event types");
        }
        List<String> types = new ArrayList<>();
        for (JsonNode type : value) {
            if (!type.isTextual()) {
                throw new IllegalArgumentException("eventTypes must be an array of strings");
            }
            types.add(type.asText());
        }
        return types;
    }

    private static HttpResponse found(String id, Optional<WebhookSubscription> subscription) {
        return subscription.map(s -> ok(StatusCodes.OK, json(s))).orElseGet(() -> notFound(id));
    }

    private static HttpResponse notFound(String id) {
        return error(StatusCodes.NOT_FOUND, "no webhook subscription " + id);
    }

    /** The response {@code toResponse} makes of the stage's value; its failure (the database) a 503. */
    private static <T> Route answer(CompletionStage<T> stage, Function<T, HttpResponse> toResponse) {
        return completeWithFuture(stage.handle((value, failure) -> {
            if (failure != null) {
                LOG.error("Webhook subscriptions failed", failure);
                return error(StatusCodes.SERVICE_UNAVAILABLE, "the webhook database is not available");
            }
            return toResponse.apply(value);
        }));
    }

    /** The request body as a JSON object, or 400/413. */
    private static Route body(Function<JsonNode, Route> inner) {
        return RequestBodies.jsonObject(MAX_BODY, WebhookRoutes::error, inner);
    }

    private static void instant(ObjectNode node, String field, Instant value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value.toString());
        }
    }

    private static HttpResponse ok(StatusCode status, JsonNode body) {
        return HttpResponse.create().withStatus(status)
            .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, body.toString()));
    }

    private static HttpResponse error(StatusCode status, String message) {
        return ok(status, JSON.createObjectNode().put("error", message));
    }
}
