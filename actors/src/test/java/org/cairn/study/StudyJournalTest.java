package org.cairn.study;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.cairn.journal.JournalSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real journal: embedded H2 in file mode under the data directory, schema by Flyway, events in Jackson CBOR. */
class StudyJournalTest {

    static Config config(Path dataDir) {
        return ConfigFactory.parseMap(Map.of("cairn.data-dir", dataDir.toString()))
            .withFallback(ConfigFactory.defaultApplication())
            .withFallback(ConfigFactory.defaultReferenceUnresolved())
            .resolve();
    }

    @Test
    void eventsSurviveAnActorSystemRestart(@TempDir Path dataDir) {
        Config config = config(dataDir);
        assertThat(JournalSchema.migrate(config.getString("cairn.journal.url"), config.getString("cairn.journal.user"),
            config.getString("cairn.journal.password"))).as("journal tables, query views, worklist view, users and access audit, study lifecycle views, change feed, patient attributes by reception").isEqualTo(7);
        assertThat(JournalSchema.migrate(config.getString("cairn.journal.url"), config.getString("cairn.journal.user"),
            config.getString("cairn.journal.password"))).as("already current").isZero();

        ActorTestKit first = ActorTestKit.create("journal-1", config);
        try {
            ActorRef<StudyEntity.Command> study = first.spawn(StudyEntity.create("1.2.3", DuplicatePolicy.REJECT, 2));
            TestProbe<StudyEntity.StoreResult> probe = first.createTestProbe();
            for (int i = 1; i <= 5; i++) {
                study.tell(new StudyEntity.StoreInstance(StudyStateTest.instance("1.2.3.1", "1.2.3.1." + i,
                    Integer.toHexString(i).repeat(64).substring(0, 64)), probe.getRef()));
                assertThat(probe.receiveMessage(Duration.ofSeconds(20))).isEqualTo(new StudyEntity.StoreResult.Stored(false));
            }
        } finally {
            first.shutdownTestKit();
        }

        ActorTestKit second = ActorTestKit.create("journal-2", config);
        try {
            ActorRef<StudyEntity.Command> study = second.spawn(StudyEntity.create("1.2.3", DuplicatePolicy.REJECT, 2));
            TestProbe<StudyState> probe = second.createTestProbe();
            study.tell(new StudyEntity.GetStudy(probe.getRef()));
            StudyState recovered = probe.receiveMessage(Duration.ofSeconds(20));
            assertThat(recovered.instanceCount()).isEqualTo(5);
            assertThat(recovered.find("1.2.3.1.3").sourceAeTitle()).isEqualTo("CT1");
        } finally {
            second.shutdownTestKit();
        }
    }
}
