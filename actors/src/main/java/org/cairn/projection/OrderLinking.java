package org.cairn.projection;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.projection.ProjectionBehavior;
import org.apache.pekko.projection.ProjectionId;
import org.cairn.journal.TagSlices;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;
import org.apache.pekko.projection.javadsl.SourceProvider;
import org.apache.pekko.projection.jdbc.javadsl.JdbcProjection;
import org.cairn.study.StudyEntity;
import org.cairn.study.StudyEvent;
import org.cairn.study.StudyStore;
import org.cairn.views.WorklistView;
import org.cairn.worklist.OrderState;
import org.cairn.worklist.ShardedOrders;

/**
 * Links arriving images to their orders: a projection of the Study events that, for each stored instance, looks up
 * the orders with its Accession Number or its Study Instance UID in the worklist view, then records
 * {@code LinkedToOrder} on the study and {@code ImagesArrived} on each order. Both are idempotent, so the projection
 * is at least once; a small memory of studies already linked keeps a 500-instance study to one look-up.
 */
public final class OrderLinking {
    /** The projection's name; its keys are the slice tags of Study events. */
    public static final String NAME = "order-linking";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int REMEMBERED = 10_000;

    private OrderLinking() {
    }

    /** Runs the projection's slices on the cluster. */
    public static void start(ActorSystem<?> system, DataSource views, StudyStore studies, ShardedOrders orders)
        throws Exception {
        Executor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
        ViewProjections.createOffsetTables(system, views);
        TagSlices slices = TagSlices.from(system.settings().config());
        ViewProjections.runSliced(system, NAME, slice -> {
            String tag = slices.tag(StudyEntity.TAG, slice);
            SourceProvider<Offset, EventEnvelope<StudyEvent>> events = ViewProjections.events(system, views, tag,
                StudyEvent.class);
            return JdbcProjection.atLeastOnceAsync(ProjectionId.of(NAME, tag), events, () -> new ViewSession(views),
                () -> new LinkHandler(views, blocking, studies, orders), system);
        });
    }

    private static final class LinkHandler extends Handler<EventEnvelope<StudyEvent>> {
        private final DataSource views;
        private final Executor blocking;
        private final StudyStore studies;
        private final ShardedOrders orders;
        private final Set<String> linked = Collections.newSetFromMap(new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > REMEMBERED;
            }
        });

        LinkHandler(DataSource views, Executor blocking, StudyStore studies, ShardedOrders orders) {
            this.views = views;
            this.blocking = blocking;
            this.studies = studies;
            this.orders = orders;
        }

        @Override
        public CompletionStage<Done> process(EventEnvelope<StudyEvent> envelope) {
            StudyEvent event = envelope.event();
            StudyEvent.StoredInstance instance = event.stored();
            if (instance == null) {
                return CompletableFuture.completedFuture(Done.getInstance());
            }
            String accession = accessionNumber(instance.attributesJson());
            String key = event.studyUid() + "|" + accession;
            if (linked.contains(key)) {
                return CompletableFuture.completedFuture(Done.getInstance());
            }
            return CompletableFuture.supplyAsync(() -> ordersFor(accession, event.studyUid()), blocking)
                .thenCompose(found -> {
                    if (found.isEmpty()) {
                        // not remembered: the order may reach the worklist view before the study's next instance
                        return CompletableFuture.<Void>completedFuture(null);
                    }
                    List<CompletableFuture<?>> links = new ArrayList<>();
                    for (String order : found) {
                        links.add(studies.linkToOrder(event.studyUid(), order).toCompletableFuture());
                        links.add(orders.handle(order, new OrderState.Request.RecordImages(event.studyUid(),
                            "ingest:" + instance.sourceAeTitle())).toCompletableFuture());
                    }
                    return CompletableFuture.allOf(links.toArray(CompletableFuture[]::new))
                        .thenRun(() -> linked.add(key));
                })
                .thenApply(done -> Done.getInstance());
        }

        private List<String> ordersFor(String accession, String studyUid) {
            try (Connection c = views.getConnection()) {
                c.setReadOnly(true);
                return WorklistView.ordersForStudy(c, accession, studyUid);
            } catch (SQLException e) {
                throw new IllegalStateException("reading the worklist view failed: " + e.getMessage(), e);
            }
        }
    }

    /**
     * The Accession Number (0008,0050) from an instance's DICOM JSON, or null. Read with the streaming parser up to
     * that attribute only: the JSON is in tag order, so the rest of the instance's attributes are never parsed.
     */
    static String accessionNumber(String attributesJson) {
        try (JsonParser p = JSON.getFactory().createParser(attributesJson)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String tag = p.currentName();
                p.nextToken();
                int order = tag.compareTo("00080050");
                if (order > 0) {
                    return null;
                }
                if (order < 0) {
                    p.skipChildren();
                    continue;
                }
                JsonNode value = JSON.<JsonNode>readTree(p).path("Value").path(0);
                return value.isTextual() ? value.asText().strip() : null;
            }
            return null;
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
