package org.cairn.http.events;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.completeOK;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.handleWebSocketMessages;
import static org.apache.pekko.http.javadsl.server.Directives.onSuccess;
import static org.apache.pekko.http.javadsl.server.Directives.optionalHeaderValueByName;
import static org.apache.pekko.http.javadsl.server.Directives.parameterMultiMap;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathEnd;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.marshalling.sse.EventStreamMarshalling;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.sse.ServerSentEvent;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.cairn.events.ChangeFeed;
import org.cairn.events.EventTypes;
import org.cairn.events.FeedEvent;
import org.cairn.events.FeedFilter;
import org.cairn.http.auth.Access;
import org.cairn.http.auth.Permission;

/**
 * The public study event feed over HTTP (read permission):
 * <ul>
 * <li>{@code GET /api/changefeed?after=&limit=&types=&from=&to=}: events after a cursor in commit order, as
 * {@code {"events": [...], "next": cursor, "latest": seq}}; {@code next} is where to read on even when a filter
 * left the page short.</li>
 * <li>{@code GET /api/changefeed/latest}: {@code {"latest": seq}}.</li>
 * <li>{@code GET /api/events/stream}: Server-Sent Events (id = seq, event = type, data = the event), from
 * {@code Last-Event-ID}, else {@code after}, else from now.</li>
 * <li>{@code GET /api/events/ws}: the same as WebSocket text messages, from {@code after} or from now.</li>
 * </ul>
 */
public final class ChangeFeedRoutes {
    private static final int DEFAULT_PAGE = 100;
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
        new com.fasterxml.jackson.databind.ObjectMapper();

    private final ChangeFeed feed;
    private final int maxPage;
    private final Duration keepAlive;

    private ChangeFeedRoutes(ChangeFeed feed, int maxPage, Duration keepAlive) {
        this.feed = feed;
        this.maxPage = maxPage;
        this.keepAlive = keepAlive;
    }

    public static Route create(ChangeFeed feed, int maxPage, Duration keepAlive) {
        return new ChangeFeedRoutes(feed, maxPage, keepAlive).route();
    }

    private Route route() {
        return pathPrefix("api", () -> concat(
            pathPrefix("changefeed", () -> get(() -> Access.require(Permission.READ, () -> concat(
                pathEnd(() -> parameterMultiMap(this::page)),
                path("latest", () -> onSuccess(feed.latestNow(), latest ->
                    complete(json("{\"latest\":" + latest + "}")))))))),
            pathPrefix("events", () -> get(() -> Access.require(Permission.READ, () -> concat(
                path("stream", () -> parameterMultiMap(parameters ->
                    optionalHeaderValueByName("Last-Event-ID", lastEventId -> stream(parameters, lastEventId)))),
                path("ws", () -> parameterMultiMap(this::webSocket))))))));
    }

    private Route page(Map<String, List<String>> parameters) {
        FeedFilter filter;
        long after;
        int limit;
        try {
            filter = filter(parameters);
            after = number(parameters, "after", 0);
            limit = (int) number(parameters, "limit", DEFAULT_PAGE);
            if (limit < 1 || limit > maxPage) {
                throw new IllegalArgumentException("limit must be 1 to " + maxPage);
            }
        } catch (IllegalArgumentException e) {
            return complete(problem(e.getMessage()));
        }
        return onSuccess(feed.page(after, limit, filter), page -> {
            StringBuilder body = new StringBuilder(256 + page.events().size() * 512).append("{\"events\":[");
            for (int i = 0; i < page.events().size(); i++) {
                body.append(i == 0 ? "" : ",").append(page.events().get(i).json());
            }
            body.append("],\"next\":").append(page.next()).append(",\"latest\":").append(page.latest()).append('}');
            return complete(json(body.toString()));
        });
    }

    private Route stream(Map<String, List<String>> parameters, Optional<String> lastEventId) {
        FeedFilter filter;
        Optional<Long> from;
        try {
            filter = filter(parameters);
            from = lastEventId.isPresent() ? Optional.of(cursor("Last-Event-ID", lastEventId.get()))
                : first(parameters, "after").map(a -> cursor("after", a));
        } catch (IllegalArgumentException e) {
            return complete(problem(e.getMessage()));
        }
        return onSuccess(start(from), after -> {
            Source<ServerSentEvent, org.apache.pekko.NotUsed> events = feed.follow(after, filter)
                .map(e -> ServerSentEvent.create(e.json(), e.type(), Long.toString(e.seq())))
                .keepAlive(keepAlive, ServerSentEvent::heartbeat).mapMaterializedValue(m -> org.apache.pekko.NotUsed.getInstance());
            return completeOK(events, EventStreamMarshalling.toEventStream());
        });
    }

    private Route webSocket(Map<String, List<String>> parameters) {
        FeedFilter filter;
        Optional<Long> from;
        try {
            filter = filter(parameters);
            from = first(parameters, "after").map(a -> cursor("after", a));
        } catch (IllegalArgumentException e) {
            return complete(problem(e.getMessage()));
        }
        return extractRequest(request -> request.getAttribute(AttributeKeys.webSocketUpgrade).isEmpty()
            ? complete(problem("expected a WebSocket upgrade request (Connection: Upgrade, Upgrade: websocket)"))
            : onSuccess(start(from), after -> {
            Source<Message, ?> events = feed.follow(after, filter).map(FeedEvent::json).map(TextMessage::create);
            // what the client sends is read and dropped; its closing ends the stream
            return handleWebSocketMessages(Flow.fromSinkAndSourceCoupled(Sink.<Message>ignore(), events));
        }));
    }

    private CompletionStage<Long> start(Optional<Long> from) {
        return from.<CompletionStage<Long>>map(CompletableFuture::completedFuture).orElseGet(feed::latestNow);
    }

    static FeedFilter filter(Map<String, List<String>> parameters) {
        Set<String> types = new LinkedHashSet<>();
        for (String value : parameters.getOrDefault("types", List.of())) {
            for (String type : value.split(",")) {
                String t = type.trim();
                if (t.isEmpty()) {
                    continue;
                }
                if (!EventTypes.ALL.contains(t)) {
                    throw new IllegalArgumentException("unknown event type " + t + "; known: "
                        + String.join(", ", EventTypes.ALL));
                }
                types.add(t);
            }
        }
        Instant from = first(parameters, "from").map(v -> instant("from", v)).orElse(null);
        Instant to = first(parameters, "to").map(v -> instant("to", v)).orElse(null);
        return new FeedFilter(types, from, to);
    }

    private static Optional<String> first(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    private static long number(Map<String, List<String>> parameters, String name, long fallback) {
        return first(parameters, name).map(v -> cursor(name, v)).orElse(fallback);
    }

    private static long cursor(String name, String value) {
        try {
            long n = Long.parseLong(value.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number of 0 or more, not " + value);
        }
    }

    private static Instant instant(String name, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 instant such as 2027-01-05T00:00:00Z");
        }
    }

    private static HttpResponse json(String body) {
        return HttpResponse.create().withStatus(StatusCodes.OK)
            .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, body));
    }

    private static HttpResponse problem(String message) {
        String body = JSON.createObjectNode().put("error", message).toString();
        return HttpResponse.create().withStatus(StatusCodes.BAD_REQUEST)
            .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, body));
    }
}
