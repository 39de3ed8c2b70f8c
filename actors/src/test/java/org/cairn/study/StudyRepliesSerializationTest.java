package org.cairn.study;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.time.Instant;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * What a Study entity answers travels between nodes when the study's shard lives elsewhere: each reply must come
 * back equal through the serializer bound in reference.conf (a reply that cannot be read is dropped and its ask
 * times out).
 */
class StudyRepliesSerializationTest {
    private static final ActorTestKit TESTKIT = ActorTestKit.create(ConfigFactory.load());

    @AfterAll
    static void stop() {
        TESTKIT.shutdownTestKit();
    }

    @Test
    void everyOutcomeAndStoreResultRoundTrips() {
        Instant at = Instant.parse("2026-12-02T10:15:30.123456789Z");
        StudyEvent.StoredInstance instance = StudyStateTest.instance("1.2.3.1", "1.2.3.1.1", StudyStateTest.A);
        List<Object> replies = List.of(
            new StudyEntity.Outcome.Done(null),
            new StudyEntity.Outcome.Done(new StudyEvent.InstanceStored("1.2.3", instance)),
            new StudyEntity.Outcome.Done(new StudyEvent.InstanceReplaced("1.2.3", instance, "ab12")),
            new StudyEntity.Outcome.Done(new StudyEvent.LinkedToOrder("1.2.3", "A100", at)),
            new StudyEntity.Outcome.Done(new StudyEvent.AttributesChanged("1.2.3",
                List.of(new StudyEvent.AttributeChange("PatientName", "Before^A", "After^B")), "admin", "typo", at)),
            new StudyEntity.Outcome.Done(new StudyEvent.StudyDeleted("1.2.3", "admin", "duplicate", at)),
            new StudyEntity.Outcome.Done(new StudyEvent.StudyRestored("1.2.3", "admin", at)),
            new StudyEntity.Outcome.Done(new StudyEvent.StudyPurged("1.2.3", "purger", at, List.of("ab12", "cd34"))),
            new StudyEntity.Outcome.Done(new StudyEvent.StudyStable("1.2.3", 1, 2, at, at)),
            new StudyEntity.Outcome.Refused("no such study"),
            new StudyEntity.StoreResult.Stored(true),
            new StudyEntity.StoreResult.AlreadyStored(),
            new StudyEntity.StoreResult.Refused("another data set under this SOP Instance UID"));
        Serialization serialization = SerializationExtension.get(Adapter.toClassic(TESTKIT.system()));
        for (Object reply : replies) {
            byte[] bytes = serialization.serialize(reply).get();
            var serializer = serialization.findSerializerFor(reply);
            Object back = serialization.deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, reply))
                .get();
            assertThat(back).as("%s through %s", reply, serializer.getClass().getSimpleName()).isEqualTo(reply);
        }
    }
}
