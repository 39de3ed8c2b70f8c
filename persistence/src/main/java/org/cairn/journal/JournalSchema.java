package org.cairn.journal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Statement;
import org.cairn.views.ViewSchema;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Creates and upgrades the journal's tables with Flyway before the actor system starts. Version 1 is the schema
 * that the pekko-persistence-jdbc plugin in use ships for the database (its {@code schema/<dialect>} script),
 * so the tables always match the plugin's expectations. Version 2 adds the query views ({@code ViewSchema}), version 3 the worklist view and its query audit
 * ({@code WorklistSchema}).
 */
public final class JournalSchema {

    /** The databases Cairn runs its journal on. */
    public enum Dialect {
        H2("schema/h2/h2-create-schema.sql"),
        POSTGRES("schema/postgres/postgres-create-schema.sql");

        final String script;

        Dialect(String script) {
            this.script = script;
        }

        public static Dialect of(String jdbcUrl) {
            if (jdbcUrl.startsWith("jdbc:h2:")) {
                return H2;
            }
            if (jdbcUrl.startsWith("jdbc:postgresql:")) {
                return POSTGRES;
            }
            throw new IllegalArgumentException("no journal schema for " + jdbcUrl + " (H2 or PostgreSQL)");
        }
    }

    private JournalSchema() {
    }

    /** Brings the database at {@code url} to the current schema; returns the number of migrations applied. */
    public static int migrate(String url, String user, String password) {
        Dialect dialect = Dialect.of(url);
        return Flyway.configure()
            .dataSource(url, user, password)
            .table("cairn_schema_history")
            .javaMigrations(new PluginSchema(dialect), new ViewSchema(dialect), new org.cairn.views.WorklistSchema(dialect),
                new org.cairn.access.AccessSchema(dialect),
                new org.cairn.views.StudyLifecycleSchema(dialect), new org.cairn.events.ChangeFeedSchema(dialect),
                new org.cairn.views.ClusterViewSchema(dialect))
            .locations(new String[0]) // only the Java migrations given here
            .load()
            .migrate()
            .migrationsExecuted;
    }

    /** V1: the plugin's own create-schema script, statement by statement. */
    static final class PluginSchema implements JavaMigration {
        private final Dialect dialect;

        PluginSchema(Dialect dialect) {
            this.dialect = dialect;
        }

        @Override
        public MigrationVersion getVersion() {
            return MigrationVersion.fromVersion("1");
        }

        @Override
        public String getDescription() {
            return "pekko-persistence-jdbc journal, snapshot and durable state tables";
        }

        @Override
        public Integer getChecksum() {
            return script().hashCode();
        }

        @Override
        public boolean canExecuteInTransaction() {
            return true;
        }

        @Override
        public void migrate(Context context) throws Exception {
            // The PostgreSQL script builds an index CONCURRENTLY, which may not run in a transaction and waits for
            // every open one, Flyway's own lock included: a deadlock. On the new, empty tables it buys nothing.
            String script = script().replaceAll("(?i)\\bCONCURRENTLY\\s+", "");
            try (Statement statement = context.getConnection().createStatement()) {
                for (String sql : script.split(";\\s*(\\r?\\n|$)")) {
                    if (!sql.isBlank()) {
                        statement.execute(sql);
                    }
                }
            }
        }

        private String script() {
            try (InputStream in = JournalSchema.class.getClassLoader().getResourceAsStream(dialect.script)) {
                if (in == null) {
                    throw new IllegalStateException(dialect.script + " is missing: pekko-persistence-jdbc not on the classpath?");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
