package org.cairn.webhook;

import java.util.concurrent.atomic.AtomicInteger;
import org.cairn.journal.JournalSchema;
import org.h2.jdbcx.JdbcDataSource;

/** A fresh in-memory H2 journal database with every migration applied (V6 holds {@code webhook_subscription}). */
final class TestDatabase {
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private TestDatabase() {
    }

    static JdbcDataSource migrated() {
        String url = "jdbc:h2:mem:webhooks" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
        JournalSchema.migrate(url, "cairn", "");
        JdbcDataSource database = new JdbcDataSource();
        database.setURL(url);
        database.setUser("cairn");
        return database;
    }
}
