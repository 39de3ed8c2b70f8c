package org.cairn.node;

import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link StudyManagementAcceptanceTest} with the journal, the views, the users and the audits on PostgreSQL 15. */
class StudyManagementAcceptanceOnPostgresTest extends StudyManagementAcceptanceTest {
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
