package org.cairn.node;

import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class's nodes with their journal on PostgreSQL: one throwaway server per class, a fresh database for
 * each node. Register it as a static field with {@code @RegisterExtension}.
 */
final class PostgresJournal implements BeforeAllCallback, AfterAllCallback {
    private PostgresServer server;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server = PostgresServer.start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        server.close();
    }

    /** The environment of a node whose journal is a new, empty PostgreSQL database. */
    Map<String, String> newDatabase() throws Exception {
        return server.newDatabase();
    }

    /** The node options selecting the postgres profile. */
    static String[] profile() {
        return new String[] {"--profile", "postgres"};
    }
}
