package org.cairn.events;

import java.util.List;
import org.cairn.journal.JournalSchema;
import org.cairn.journal.StatementsMigration;

/**
 * V6: the public change feed and its subscribers. {@code change_feed} holds the public events with their dense
 * sequence ({@code seq}, the cursor) and the time they happened (epoch milliseconds, for time windows);
 * {@code change_feed_head} the last sequence number handed out, whose row lock orders the writers' commits;
 * {@code change_feed_series} and {@code change_feed_study} are what the feed's projection remembers to announce a
 * study or series once and to find studies that went quiet. Webhook subscriptions keep their own cursor and
 * delivery state; {@code feed_consumer} the cursor of built-in subscribers; {@code fhir_publication} the state of
 * each study's ImagingStudy publication.
 */
public final class ChangeFeedSchema extends StatementsMigration {

    public ChangeFeedSchema(JournalSchema.Dialect dialect) {
        super("6", "public change feed, webhook subscriptions and FHIR publications", dialect);
    }

    @Override
    protected List<String> statements() {
        return List.of(
            "CREATE TABLE change_feed (seq BIGINT PRIMARY KEY, event_id VARCHAR(300) NOT NULL,"
                + " type VARCHAR(64) NOT NULL, study_uid VARCHAR(64), occurred_at BIGINT NOT NULL, body " + text()
                + " NOT NULL)",
            "CREATE INDEX change_feed_occurred ON change_feed (occurred_at)",
            "CREATE TABLE change_feed_head (id INT PRIMARY KEY, seq BIGINT NOT NULL)",
            "INSERT INTO change_feed_head (id, seq) VALUES (1, 0)",
            "CREATE TABLE change_feed_series (study_uid VARCHAR(64) NOT NULL, series_uid VARCHAR(64) NOT NULL,"
                + " PRIMARY KEY (study_uid, series_uid))",
            "CREATE TABLE change_feed_study (study_uid VARCHAR(64) PRIMARY KEY, last_received_at BIGINT NOT NULL,"
                + " stable BOOLEAN NOT NULL)",
            "CREATE INDEX change_feed_study_quiet ON change_feed_study (stable, last_received_at)",
            "CREATE TABLE webhook_subscription (id VARCHAR(36) PRIMARY KEY, url VARCHAR(2048) NOT NULL,"
                + " event_types VARCHAR(2048) NOT NULL, secret VARCHAR(256) NOT NULL, description VARCHAR(512),"
                + " created_by VARCHAR(256), created_at BIGINT NOT NULL, cursor_seq BIGINT NOT NULL,"
                + " state VARCHAR(16) NOT NULL, consecutive_failures INT NOT NULL, last_error VARCHAR(1024),"
                + " last_attempt_at BIGINT, last_success_at BIGINT, delivered BIGINT NOT NULL)",
            "CREATE TABLE feed_consumer (name VARCHAR(64) PRIMARY KEY, cursor_seq BIGINT NOT NULL)",
            "CREATE TABLE fhir_publication (study_uid VARCHAR(64) PRIMARY KEY, state VARCHAR(16) NOT NULL,"
                + " attempts INT NOT NULL, last_error VARCHAR(2048), service_request VARCHAR(256),"
                + " resource_id VARCHAR(256), stable_seq BIGINT NOT NULL, updated_at BIGINT NOT NULL,"
                + " next_attempt_at BIGINT)",
            "CREATE INDEX fhir_publication_due ON fhir_publication (state, next_attempt_at)");
    }
}
