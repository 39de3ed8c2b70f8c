package org.cairn.webhook;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * {@code cairn.events.webhooks}: how many consecutive failures put a subscription in dead letter, the retry backoff,
 * and how long one request may take (connecting included).
 */
public record WebhookSettings(int maxFailures, Backoff backoff, Duration requestTimeout) {

    public WebhookSettings {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("cairn.events.webhooks.max-failures must be 1 or more, not " + maxFailures);
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("cairn.events.webhooks.request-timeout must be positive");
        }
    }

    /** Reads {@code cairn.events.webhooks} from the node's whole configuration. */
    public static WebhookSettings fromConfig(Config config) {
        Config c = config.getConfig("cairn.events.webhooks");
        return new WebhookSettings(c.getInt("max-failures"),
            new Backoff(c.getDuration("min-backoff"), c.getDuration("max-backoff")), c.getDuration("request-timeout"));
    }
}
