package org.cairn.node;

import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ChangeFeedAcceptanceTest} with the journal, the views and the feed on PostgreSQL 15 (the postgres profile). */
class ChangeFeedAcceptanceOnPostgresTest extends ChangeFeedAcceptanceTest {
    @RegisterExtension
    static final PostgresJournal POSTGRES = new PostgresJournal();

    @Override
    protected Map<String, String> journalEnvironment() throws Exception {
        return POSTGRES.newDatabase();
    }

    @Override
    protected String[] profile() {
        return PostgresJournal.profile();
    }
}
