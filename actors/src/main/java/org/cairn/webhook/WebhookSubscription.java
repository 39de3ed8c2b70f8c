package org.cairn.webhook;

import java.net.URI;
import java.time.Instant;
import java.util.Set;

/**
 * One webhook subscription as stored: where to POST, which public event types (empty: all), the signing secret, and
 * its delivery state. {@code cursor} is the seq of the last event delivered (or skipped at creation); delivery
 * resumes after it. The secret never leaves the node through the API, and {@link #toString} hides it.
 *
 * @param lastError      what went wrong last, kept after a success for the record (null if never)
 * @param lastAttemptAt  when a delivery was last tried (null if never)
 * @param lastSuccessAt  when an event was last delivered (null if never)
 * @param delivered      how many events the subscriber acknowledged (each counted once)
 */
public record WebhookSubscription(String id, URI url, Set<String> eventTypes, String secret, String description,
                                  String createdBy, Instant createdAt, long cursor, State state,
                                  int consecutiveFailures, String lastError, Instant lastAttemptAt,
                                  Instant lastSuccessAt, long delivered) {

    /** {@code ACTIVE}: delivering (or retrying); {@code DEAD_LETTER}: stopped after too many failures until resumed. */
    public enum State { ACTIVE, DEAD_LETTER }

    public WebhookSubscription {
        eventTypes = Set.copyOf(eventTypes);
    }

    @Override
    public String toString() {
        return "WebhookSubscription[id=" + id + ", url=" + url + ", eventTypes=" + eventTypes + ", state=" + state
            + ", cursor=" + cursor + ", consecutiveFailures=" + consecutiveFailures + ", delivered=" + delivered + "]";
    }
}
