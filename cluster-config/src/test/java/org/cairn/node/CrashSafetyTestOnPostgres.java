package org.cairn.node;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link CrashSafetyTest} with the journal on PostgreSQL 15 (the postgres profile), each test on a fresh database. */
class CrashSafetyTestOnPostgres extends CrashSafetyTest {
    private static PostgresServer postgres;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    @Override
    protected Map<String, String> journalEnvironment() throws Exception {
        return postgres.newDatabase();
    }

    @Override
    protected String[] profile() {
        return new String[] {"--profile", "postgres"};
    }
}
