package org.cairn.journal;

import java.sql.Statement;
import java.util.List;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * A Flyway migration that runs a fixed list of SQL statements for the journal's dialect, in one transaction, with
 * the statements' hash as its checksum (so Flyway notices an edited migration).
 */
public abstract class StatementsMigration implements JavaMigration {
    private final String version;
    private final String description;
    protected final JournalSchema.Dialect dialect;

    protected StatementsMigration(String version, String description, JournalSchema.Dialect dialect) {
        this.version = version;
        this.description = description;
        this.dialect = dialect;
    }

    /** The statements, in order. */
    protected abstract List<String> statements();

    /** Large text: CLOB on H2, TEXT on PostgreSQL. */
    protected String text() {
        return dialect == JournalSchema.Dialect.H2 ? "CLOB" : "TEXT";
    }

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion(version);
    }

    @Override
    public String getDescription() {
        return description;
    }

    @Override
    public Integer getChecksum() {
        return String.join(";", statements()).hashCode();
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws Exception {
        try (Statement statement = context.getConnection().createStatement()) {
            for (String sql : statements()) {
                statement.execute(sql);
            }
        }
    }
}
