package org.cairn.http;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.path;

import kamon.prometheus.PrometheusReporter;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /metrics}: the node's metrics in Prometheus text format, from the Kamon Prometheus reporter's latest
 * snapshot (taken every {@code kamon.metric.tick-interval}); 503 until the first snapshot.
 */
public final class MetricsRoute {
    private MetricsRoute() {
    }

    public static Route create() {
        return path("metrics", () -> get(() -> {
            scala.Option<String> scrape = PrometheusReporter.latestScrapeData();
            if (scrape.isEmpty()) {
                return complete(StatusCodes.SERVICE_UNAVAILABLE, "no metrics snapshot yet");
            }
            return complete(HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, scrape.get()));
        }));
    }
}
