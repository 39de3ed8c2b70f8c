package org.cairn.http.worklist;

import static org.apache.pekko.http.javadsl.server.Directives.completeWithFuture;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.delete;
import static org.apache.pekko.http.javadsl.server.Directives.extractMaterializer;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequestEntity;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.parameterMap;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;
import static org.apache.pekko.http.javadsl.server.Directives.pathEndOrSingleSlash;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.post;
import static org.apache.pekko.http.javadsl.server.Directives.put;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.server.Route;
import org.cairn.dicom.Uids;
import org.cairn.worklist.FeedResult;
import org.cairn.worklist.Order;
import org.cairn.worklist.OrderFeed;

/**
 * The worklist's REST feed and listing, JSON throughout:
 * <ul>
 *   <li>{@code POST /api/worklist}: schedule an order; 201 with the entry and a Location, 200 if the same order was
 *       already scheduled, 400, 409 (another order under that Accession Number), 413 (body over 1 MiB);</li>
 *   <li>{@code PUT /api/worklist/{accession}}: replace the order; 200, 400, 404, 409 (no longer scheduled);</li>
 *   <li>{@code DELETE /api/worklist/{accession}?reason=}: cancel; 200 with the entry, 404, 409;</li>
 *   <li>{@code GET /api/worklist?status=&modality=&station=&patientId=&from=&to=&limit=&offset=}: a page of
 *       entries (see {@link WorklistQueryParameters});</li>
 *   <li>{@code GET /api/worklist/{accession}}: one entry, or 404.</li>
 * </ul>
 * Errors are {@code {"error": "..."}}. Writes are answered from the feed's result, which is authoritative; the
 * directory (a projection that may lag by a moment) only contributes the linked studies and, for an order sent
 * without one, the Study Instance UID it was first given.
 */
public final class WorklistRoutes {
    /** The source recorded on the events this feed causes. */
    public static final String SOURCE = "rest";
    static final String BASE_PATH = "/api/worklist";
    private static final String DEFAULT_CANCEL_REASON = "cancelled through the REST API";

    private final OrderFeed feed;
    private final WorklistDirectory directory;
    private final Clock clock;

    private WorklistRoutes(OrderFeed feed, WorklistDirectory directory, Clock clock) {
        this.feed = feed;
        this.directory = directory;
        this.clock = clock;
    }

    /** The routes over {@code feed} (writes) and {@code directory} (reads). */
    public static Route create(OrderFeed feed, WorklistDirectory directory) {
        return create(feed, directory, Clock.systemUTC());
    }

    /** As {@link #create(OrderFeed, WorklistDirectory)}, with the clock that stamps entries changed by a write. */
    public static Route create(OrderFeed feed, WorklistDirectory directory, Clock clock) {
        return new WorklistRoutes(feed, directory, clock).route();
    }

    private Route route() {
        return pathPrefix("api", () -> pathPrefix("worklist", () -> concat(
            pathEndOrSingleSlash(() -> concat(
                post(() -> withBody(this::schedule)),
                get(() -> parameterMap(params -> completeWithFuture(guard(() -> list(params))))))),
            pathPrefix(accession -> pathEndOrSingleSlash(() -> concat(
                get(() -> completeWithFuture(guard(() -> one(accession)))),
                put(() -> withBody(body -> update(accession, body))),
                delete(() -> parameterOptional("reason", reason ->
                    completeWithFuture(guard(() -> cancel(accession, reason)))))))))));
    }

    /** Reads the body (at most {@link RequestBodies#MAX_BYTES}) and hands it to {@code handler}. */
    private Route withBody(Function<byte[], CompletionStage<HttpResponse>> handler) {
        return extractMaterializer(materializer -> extractRequestEntity(entity -> completeWithFuture(
            guard(() -> RequestBodies.read(entity, materializer, RequestBodies.MAX_BYTES).thenCompose(handler)))));
    }

    private CompletionStage<HttpResponse> schedule(byte[] body) {
        Order sent;
        try {
            sent = WorklistJson.readOrder(body);
        } catch (WorklistJson.BadOrderJson e) {
            return done(error(StatusCodes.BAD_REQUEST, e.getMessage()));
        }
        List<String> problems = RestOrders.problems(sent);
        if (!problems.isEmpty()) {
            return done(error(StatusCodes.BAD_REQUEST, String.join("; ", problems)));
        }
        String accession = sent.accessionNumber();
        // Without a UID of its own, a repeated POST must get the UID the first one was given, or the feed would
        // see a different order under the same Accession Number and refuse it as a conflict.
        CompletionStage<String> uid = RestOrders.blank(sent.studyInstanceUid())
            ? existing(accession).thenApply(e -> e.map(v -> v.order() == null ? null : v.order().studyInstanceUid())
                .filter(u -> !u.isBlank()).orElseGet(Uids::random))
            : CompletableFuture.completedFuture(sent.studyInstanceUid());
        return uid.thenCompose(u -> {
            Order order = RestOrders.withDefaults(sent, accession, u);
            return feed.schedule(order, SOURCE).thenCompose(result -> answer(result, order, true));
        });
    }

    private CompletionStage<HttpResponse> update(String accession, byte[] body) {
        Order sent;
        try {
            sent = WorklistJson.readOrder(body);
        } catch (WorklistJson.BadOrderJson e) {
            return done(error(StatusCodes.BAD_REQUEST, e.getMessage()));
        }
        if (sent.accessionNumber() != null && !sent.accessionNumber().equals(accession)) {
            return done(error(StatusCodes.BAD_REQUEST, "the body's accessionNumber (" + sent.accessionNumber()
                + ") is not the one in the path (" + accession + ")"));
        }
        Order withAccession = RestOrders.withDefaults(sent, accession, null);
        List<String> problems = RestOrders.problems(withAccession);
        if (!problems.isEmpty()) {
            return done(error(StatusCodes.BAD_REQUEST, String.join("; ", problems)));
        }
        // An update that leaves the UID out keeps the one the order has; the feed decides if there is none.
        CompletionStage<Order> order = RestOrders.blank(withAccession.studyInstanceUid())
            ? existing(accession).thenApply(e -> e.map(WorklistEntryView::order)
                .map(o -> withAccession.withStudyInstanceUid(o.studyInstanceUid())).orElse(withAccession))
            : CompletableFuture.completedFuture(withAccession);
        return order.thenCompose(o -> feed.update(o, SOURCE).thenCompose(result -> answer(result, o, false)));
    }

    private CompletionStage<HttpResponse> cancel(String accession, Optional<String> reason) {
        String why = reason.filter(r -> !r.isBlank()).orElse(DEFAULT_CANCEL_REASON);
        return feed.cancel(accession, why, SOURCE).thenCompose(result -> answer(result, null, false));
    }

    private CompletionStage<HttpResponse> one(String accession) {
        return directory.get(accession).thenApply(entry -> entry
            .map(e -> json(StatusCodes.OK, WorklistJson.entry(e)))
            .orElseGet(() -> error(StatusCodes.NOT_FOUND, "no worklist entry with accession number " + accession)));
    }

    private CompletionStage<HttpResponse> list(Map<String, String> params) {
        WorklistFilter filter;
        try {
            filter = WorklistQueryParameters.parse(params);
        } catch (IllegalArgumentException e) {
            return done(error(StatusCodes.BAD_REQUEST, e.getMessage()));
        }
        return directory.list(filter).thenApply(entries ->
            json(StatusCodes.OK, WorklistJson.page(entries, filter.limit(), filter.offset())));
    }

    /**
     * The HTTP answer to a feed result. An accepted change is shown as the entry: the order as sent (or, for a
     * cancel, as the directory has it), the status from the feed, the linked studies from the directory.
     */
    private CompletionStage<HttpResponse> answer(FeedResult result, Order sent, boolean creating) {
        if (result instanceof FeedResult.Accepted accepted) {
            return existing(accepted.accessionNumber()).thenApply(view -> {
                boolean fresh = accepted.changed() || view.isEmpty();
                WorklistEntryView entry = new WorklistEntryView(accepted.accessionNumber(), accepted.status(),
                    sent != null ? sent : view.map(WorklistEntryView::order).orElse(null),
                    view.map(WorklistEntryView::linkedStudies).orElse(List.of()),
                    fresh ? Instant.now(clock) : view.get().updatedAt(),
                    fresh ? SOURCE : view.get().source());
                StatusCode status = creating && accepted.changed() ? StatusCodes.CREATED : StatusCodes.OK;
                return json(status, WorklistJson.entry(entry))
                    .addHeader(Location.create(BASE_PATH + "/" + pathSegment(accepted.accessionNumber())));
            });
        }
        if (result instanceof FeedResult.NotFound notFound) {
            return done(error(StatusCodes.NOT_FOUND, notFound.reason()));
        }
        if (result instanceof FeedResult.Conflict conflict) {
            return done(error(StatusCodes.CONFLICT, conflict.reason()));
        }
        if (result instanceof FeedResult.Invalid invalid) {
            return done(error(StatusCodes.BAD_REQUEST, invalid.reason()));
        }
        return done(error(StatusCodes.INTERNAL_SERVER_ERROR, "unexpected feed result " + result));
    }

    /** The directory's entry, or empty if it has none or cannot say: a write's answer must not fail on a read. */
    private CompletionStage<Optional<WorklistEntryView>> existing(String accession) {
        try {
            return directory.get(accession).exceptionally(e -> Optional.empty());
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
    }

    /** Runs {@code work}, turning a failure (thrown or in the stage) into a JSON error response. */
    static CompletionStage<HttpResponse> guard(Supplier<CompletionStage<HttpResponse>> work) {
        CompletionStage<HttpResponse> stage;
        try {
            stage = work.get();
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        return stage.exceptionally(WorklistRoutes::failure);
    }

    private static HttpResponse failure(Throwable e) {
        if (RequestBodies.tooLarge(e)) {
            return error(StatusCodes.CONTENT_TOO_LARGE,
                "the request body is larger than " + RequestBodies.MAX_BYTES + " bytes");
        }
        Throwable cause = e.getCause() != null && e instanceof java.util.concurrent.CompletionException
            ? e.getCause() : e;
        return error(StatusCodes.INTERNAL_SERVER_ERROR, "the request failed: " + cause);
    }

    static String pathSegment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static CompletionStage<HttpResponse> done(HttpResponse response) {
        return CompletableFuture.completedFuture(response);
    }

    private static HttpResponse json(StatusCode status, JsonNode body) {
        return HttpResponse.create().withStatus(status)
            .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, body.toString()));
    }

    private static HttpResponse error(StatusCode status, String message) {
        return json(status, WorklistJson.error(message));
    }
}
