package org.cairn.node;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class's nodes on the cassandra profile: the JVM's throwaway Cassandra node
 * ({@link CassandraNode#shared()}) and one PostgreSQL server per class; each node gets fresh journal and snapshot
 * keyspaces and a fresh views database. Register it as a static
 * field with {@code @RegisterExtension}.
 */
final class CassandraJournal implements BeforeAllCallback, AfterAllCallback {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private PostgresServer views;
    private CassandraNode cassandra;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        views = PostgresServer.start();
        cassandra = CassandraNode.shared();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (views != null) {
            views.close();
        }
    }

    /** The environment of a node whose journal is new keyspaces and whose views are a new database. */
    Map<String, String> newDatabase() throws Exception {
        int n = DATABASES.incrementAndGet();
        Map<String, String> environment = new HashMap<>(views.newDatabase());
        environment.put("CAIRN_CASSANDRA_CONTACT_POINTS", cassandra.contactPoint());
        environment.put("CAIRN_CASSANDRA_JOURNAL_KEYSPACE", "cairn_journal_" + n);
        environment.put("CAIRN_CASSANDRA_SNAPSHOT_KEYSPACE", "cairn_snapshot_" + n);
        return environment;
    }

    /** The node options selecting the cassandra profile. */
    static String[] profile() {
        return new String[] {"--profile", "cassandra"};
    }
}
