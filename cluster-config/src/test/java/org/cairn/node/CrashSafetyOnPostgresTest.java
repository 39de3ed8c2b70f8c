package org.cairn.node;

import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link CrashSafetyTest} with the journal on PostgreSQL 15 (the postgres profile), each node on a fresh database. */
class CrashSafetyOnPostgresTest extends CrashSafetyTest {
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
