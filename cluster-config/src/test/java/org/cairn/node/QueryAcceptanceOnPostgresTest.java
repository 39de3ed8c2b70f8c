package org.cairn.node;

import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link QueryAcceptanceTest} with the journal and the views on PostgreSQL 15 (the postgres profile). */
class QueryAcceptanceOnPostgresTest extends QueryAcceptanceTest {
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
