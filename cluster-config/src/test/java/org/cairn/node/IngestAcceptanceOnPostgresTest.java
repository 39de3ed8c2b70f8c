package org.cairn.node;

import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link IngestAcceptanceTest} with the journal on PostgreSQL 15 (the postgres profile), each node on a fresh database. */
class IngestAcceptanceOnPostgresTest extends IngestAcceptanceTest {
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
