package org.cairn.study;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The entity with Pekko's event-sourced test kit (in-memory journal): replies and events together, and every event
 * and state checked to round-trip through the Jackson serializer bound in reference.conf.
 */
class StudyEntityTest {
    static final org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit TESTKIT =
        org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit.create(
            EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));

    private EventSourcedBehaviorTestKit<StudyEntity.Command, StudyEvent, StudyState> kit;

    @BeforeEach
    void fresh() {
        kit = EventSourcedBehaviorTestKit.create(TESTKIT.system(), StudyEntity.create("1.2.3", DuplicatePolicy.REJECT, 100));
    }

    @AfterAll
    static void stop() {
        TESTKIT.shutdownTestKit();
    }

    @Test
    void storingPersistsAnEventAndReplies() {
        var instance = StudyStateTest.instance("1.2.3.1", "1.2.3.1.1", StudyStateTest.A);
        var result = kit.<StudyEntity.StoreResult>runCommand(reply -> new StudyEntity.StoreInstance(instance, reply));
        assertThat(result.reply()).isEqualTo(new StudyEntity.StoreResult.Stored(false));
        assertThat(result.event()).isEqualTo(new StudyEvent.InstanceStored("1.2.3", instance));
        assertThat(result.state().instanceCount()).isEqualTo(1);

        // the same data set sent again later (a new reception): already stored, nothing persisted
        var resent = new StudyEvent.StoredInstance(instance.seriesUid(), instance.sopInstanceUid(),
            instance.sopClassUid(), instance.transferSyntaxUid(), instance.digest(), instance.dataSetDigest(),
            instance.size(), instance.sourceAeTitle(), instance.receivedAt().plusSeconds(5), instance.attributesJson());
        var again = kit.<StudyEntity.StoreResult>runCommand(reply -> new StudyEntity.StoreInstance(resent, reply));
        assertThat(again.reply()).isEqualTo(new StudyEntity.StoreResult.AlreadyStored());
        assertThat(again.hasNoEvents()).isTrue();

        // the very request that stored it, asked again because its answer was late (a node died): stored, once
        var retried = kit.<StudyEntity.StoreResult>runCommand(reply -> new StudyEntity.StoreInstance(instance, reply));
        assertThat(retried.reply()).isEqualTo(new StudyEntity.StoreResult.Stored(false));
        assertThat(retried.hasNoEvents()).isTrue();

        var different = kit.<StudyEntity.StoreResult>runCommand(reply -> new StudyEntity.StoreInstance(
            StudyStateTest.instance("1.2.3.1", "1.2.3.1.1", StudyStateTest.B), reply));
        assertThat(different.reply()).isInstanceOf(StudyEntity.StoreResult.Refused.class);
        assertThat(different.hasNoEvents()).isTrue();
    }

    @Test
    void stateSurvivesARestart() {
        kit.<StudyEntity.StoreResult>runCommand(reply -> new StudyEntity.StoreInstance(
            StudyStateTest.instance("1.2.3.1", "1.2.3.1.1", StudyStateTest.A), reply));
        kit.<StudyEntity.StoreResult>runCommand(reply -> new StudyEntity.StoreInstance(
            StudyStateTest.instance("1.2.3.1", "1.2.3.1.2", StudyStateTest.B), reply));
        var restarted = kit.restart();
        assertThat(restarted.state().instanceCount()).isEqualTo(2);
    }
}
