package org.cairn.node;

import com.typesafe.config.Config;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;
import java.util.Set;
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
    private final StabilityWatcher stability;
    private final Webhooks webhooks;
    private final FhirPublisher fhir;
    private final Route routes;

    private EventServices(FeedHead head, StabilityWatcher stability, Webhooks webhooks, FhirPublisher fhir,
                          Route routes) {
        this.head = head;
        this.stability = stability;
        this.webhooks = webhooks;
        this.fhir = fhir;
        this.routes = routes;
    }

    static EventServices start(ActorSystem<?> system, Config config, DataSource views, Executor blocking,
                               StudyStore studies, String aeTitle, JournalSync journalSync) throws Exception {
        Config events = config.getConfig("cairn.events");
        ChangeFeedProjection.start(system, views, "/cairn/" + aeTitle, journalSync::afterCommit);
        FeedHead head = FeedHead.start(views, events.getDuration("head-poll-interval"));
        ChangeFeed feed = new ChangeFeed(views, blocking, head);
        StabilityWatcher stability = StabilityWatcher.start(views, studies, events.getDuration("stable-after"),
            events.getDuration("stable-check-interval"));
        Webhooks webhooks = Webhooks.start(system, views, feed, () -> feed.latestNow().toCompletableFuture().join(),
            Set.copyOf(EventTypes.ALL), WebhookSettings.fromConfig(config), blocking);
        FhirPublisherSettings fhirSettings = FhirPublisherSettings.fromConfig(config);
        FhirPublisher fhir = fhirSettings.enabled()
            ? FhirPublisher.start(system, views, feed, studies::study, fhirSettings, blocking) : null;
        Route routes = Directives.concat(
            ChangeFeedRoutes.create(feed, events.getInt("max-page"), events.getDuration("keep-alive")),
            WebhookRoutes.create(webhooks),
            fhir == null ? FhirPublicationRoutes.disabled() : FhirPublicationRoutes.create(fhir));
        return new EventServices(head, stability, webhooks, fhir, routes);
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
        stability.close();
        head.close();
    }
}
