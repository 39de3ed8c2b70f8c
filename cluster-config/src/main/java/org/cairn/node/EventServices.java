package org.cairn.node;

import com.typesafe.config.Config;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import org.cairn.cluster.SingletonService;
import org.cairn.durability.JournalSync;
import org.cairn.events.ChangeFeed;
import org.cairn.events.EventTypes;
import org.cairn.events.FeedHead;
import org.cairn.events.StabilityWatcher;
import org.cairn.fhirpublish.FhirPublisher;
import org.cairn.fhirpublish.FhirPublisherSettings;
import org.cairn.http.events.ChangeFeedRoutes;
import org.cairn.http.events.FhirPublicationRoutes;
import org.cairn.http.events.WebhookRoutes;
import org.cairn.projection.ChangeFeedProjection;
import org.cairn.study.StudyStore;
import org.cairn.webhook.WebhookSettings;
import org.cairn.webhook.Webhooks;

/**
 * The study event feed and its subscribers, wired: the feed's projection, the head live readers wait on, the
 * watcher that announces stable studies, webhooks, the FHIR ImagingStudy publisher when configured, and their HTTP
 * routes ({@code cairn.events}).
 */
final class EventServices implements AutoCloseable {
    private final FeedHead head;
    private final Webhooks webhooks;
    private final FhirPublisher fhir;
    private final Route routes;

    private EventServices(FeedHead head, Webhooks webhooks, FhirPublisher fhir, Route routes) {
        this.head = head;
        this.webhooks = webhooks;
        this.fhir = fhir;
        this.routes = routes;
    }

    /**
     * Starts them on this node: the feed's projection slices (sharded over the cluster), the feed head and the
     * routes here; the stability watcher, webhook deliveries and the FHIR publisher as cluster singletons, which
     * run on one node at a time.
     */
    static EventServices start(ActorSystem<?> system, Config config, DataSource views, Executor blocking,
                               StudyStore studies, String aeTitle, JournalSync journalSync) throws Exception {
        Config events = config.getConfig("cairn.events");
        Duration singletonTick = events.getDuration("singleton-check-interval");
        ChangeFeedProjection.start(system, views, "/cairn/" + aeTitle, journalSync::afterCommit);
        FeedHead head = FeedHead.start(views, events.getDuration("head-poll-interval"));
        ChangeFeed feed = new ChangeFeed(views, blocking, head);
        SingletonService.run(system, "stability-watcher", singletonTick, new SingletonService.Work() {
            private StabilityWatcher watcher;

            @Override
            public void start() {
                watcher = StabilityWatcher.start(views, studies, events.getDuration("stable-after"),
                    events.getDuration("stable-check-interval"));
            }

            @Override
            public void stop() {
                watcher.close();
            }
        });
        Webhooks webhooks = Webhooks.standby(system, views, feed, () -> feed.latestNow().toCompletableFuture().join(),
            Set.copyOf(EventTypes.ALL), WebhookSettings.fromConfig(config), blocking);
        SingletonService.run(system, "webhook-deliveries", singletonTick, new SingletonService.Work() {
            @Override
            public void start() throws Exception {
                webhooks.deliverHere();
            }

            @Override
            public void tick() {
                try {
                    webhooks.reconcile(); // subscriptions created, deleted or resumed through any node
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public void stop() {
                webhooks.stopDeliveringHere();
            }
        });
        FhirPublisherSettings fhirSettings = FhirPublisherSettings.fromConfig(config);
        FhirPublisher fhir = fhirSettings.enabled()
            ? FhirPublisher.standby(views, studies::study, fhirSettings, blocking) : null;
        if (fhir != null) {
            SingletonService.run(system, "fhir-publisher", singletonTick, new SingletonService.Work() {
                @Override
                public void start() {
                    fhir.publishHere(system, feed);
                }

                @Override
                public void stop() {
                    fhir.close();
                }
            });
        }
        Route routes = Directives.concat(
            ChangeFeedRoutes.create(feed, events.getInt("max-page"), events.getDuration("keep-alive")),
            WebhookRoutes.create(webhooks),
            fhir == null ? FhirPublicationRoutes.disabled() : FhirPublicationRoutes.create(fhir));
        return new EventServices(head, webhooks, fhir, routes);
    }

    Route routes() {
        return routes;
    }

    @Override
    public void close() {
        if (fhir != null) {
            fhir.close();
        }
        webhooks.close();
        head.close();
    }
}
