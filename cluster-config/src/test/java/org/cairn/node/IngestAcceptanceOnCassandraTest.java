package org.cairn.node;

import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link IngestAcceptanceTest} with the journal on a real Cassandra node and the views on PostgreSQL 15 (the cassandra
 * profile; issue 10, acceptance 4).
 */
class IngestAcceptanceOnCassandraTest extends IngestAcceptanceTest {
    @RegisterExtension
    static final CassandraJournal CASSANDRA = new CassandraJournal();

    @Override
    protected Map<String, String> journalEnvironment() throws Exception {
        return CASSANDRA.newDatabase();
    }

    @Override
    protected String[] profile() {
        return CassandraJournal.profile();
    }
}
