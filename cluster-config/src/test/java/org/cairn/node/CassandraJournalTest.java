package org.cairn.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.NoOffset;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The cassandra profile against a real Cassandra node: events persisted through its journal plugin come back on
 * recovery and through its events-by-tag query, the read journal the projections use under this profile.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CassandraJournalTest {
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(30);

    @Test
    void eventsPersistedOnCassandraAreRecoveredAndReadByTag() throws Exception {
        CassandraNode cassandra = CassandraNode.shared();
        System.out.printf("Cassandra answered CQL after %d ms, resident memory %d MiB%n",
            cassandra.startupTime().toMillis(), cassandra.residentBytes() >> 20);
        Config config = profileAgainst(cassandra);
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "cassandra-journal", config);
        try {
            ActorRef<Notebook.Command> first = system.systemActorOf(Notebook.create("notebook-1"), "first",
                Props.empty());
            for (String line : List.of("a", "b", "c")) {
                ask(system, first, (ActorRef<Done> replyTo) -> new Notebook.Write(line, replyTo));
            }
            ask(system, first, Notebook.Stop::new);

            ActorRef<Notebook.Command> second = system.systemActorOf(Notebook.create("notebook-1"), "second",
                Props.empty());
            assertThat(ask(system, second, Notebook.Read::new)).containsExactly("a", "b", "c");

            assertThat(config.getString("cairn.projections.read-journal"))
                .isEqualTo(CassandraReadJournal.Identifier());
            CassandraReadJournal journal = PersistenceQuery.get(Adapter.toClassic(system))
                .getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
            List<EventEnvelope> tagged = journal.eventsByTag("t-0", NoOffset.getInstance()).take(3)
                .runWith(Sink.seq(), system).toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertThat(tagged).extracting(EventEnvelope::event).containsExactly("a", "b", "c");
            assertThat(tagged).extracting(EventEnvelope::persistenceId).containsOnly("notebook-1");
            assertThat(tagged).extracting(EventEnvelope::sequenceNr).containsExactly(1L, 2L, 3L);
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        try (CqlSession session = cassandra.session()) {
            List<String> keyspaces = new ArrayList<>();
            session.execute("SELECT keyspace_name FROM system_schema.keyspaces")
                .forEach(row -> keyspaces.add(row.getString("keyspace_name")));
            assertThat(keyspaces).contains("cairn_journal", "cairn_snapshot");
        }
    }

    @Test
    void cassandraItselfStaysOffTheNodesClasspath() {
        assertThatThrownBy(() -> Class.forName("org.apache.cassandra.service.CassandraDaemon"))
            .isInstanceOf(ClassNotFoundException.class);
    }

    /** The cassandra profile as shipped, on a local actor system that leaves the test's JVM running at the end. */
    private static Config profileAgainst(CassandraNode cassandra) {
        Config overrides = ConfigFactory.parseString("""
            pekko.actor.provider = local
            pekko.coordinated-shutdown.exit-jvm = off
            datastax-java-driver.basic.contact-points = ["%s"]
            """.formatted(cassandra.contactPoint()));
        return ConfigFactory.load(overrides.withFallback(ConfigFactory.parseResources("profiles/cassandra.conf")));
    }

    private static <T> T ask(ActorSystem<?> system, ActorRef<Notebook.Command> target,
                             org.apache.pekko.japi.function.Function<ActorRef<T>, Notebook.Command> command)
        throws Exception {
        return AskPattern.ask(target, command, ASK_TIMEOUT, system.scheduler()).toCompletableFuture()
            .get(ASK_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
    }

    /** The smallest event-sourced entity: lines of text, each an event tagged t-0. */
    static final class Notebook extends EventSourcedBehavior<Notebook.Command, String, List<String>> {
        sealed interface Command {
        }

        record Write(String line, ActorRef<Done> replyTo) implements Command {
        }

        record Read(ActorRef<List<String>> replyTo) implements Command {
        }

        record Stop(ActorRef<Done> replyTo) implements Command {
        }

        static Behavior<Command> create(String id) {
            return new Notebook(id);
        }

        private Notebook(String id) {
            super(PersistenceId.ofUniqueId(id));
        }

        @Override
        public List<String> emptyState() {
            return List.of();
        }

        @Override
        public CommandHandler<Command, String, List<String>> commandHandler() {
            return newCommandHandlerBuilder().forAnyState()
                .onCommand(Write.class, (state, write) -> Effect().persist(write.line()).thenReply(write.replyTo(),
                    after -> Done.getInstance()))
                .onCommand(Read.class, (state, read) -> Effect().reply(read.replyTo(), state))
                .onCommand(Stop.class, (state, stop) -> Effect().none().thenStop().thenReply(stop.replyTo(),
                    after -> Done.getInstance()))
                .build();
        }

        @Override
        public EventHandler<List<String>, String> eventHandler() {
            return newEventHandlerBuilder().forAnyState().onAnyEvent((state, line) -> {
                List<String> lines = new ArrayList<>(state);
                lines.add(line);
                return List.copyOf(lines);
            });
        }

        @Override
        public Set<String> tagsFor(String event) {
            return Set.of("t-0");
        }
    }
}
