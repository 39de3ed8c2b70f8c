package org.cairn.study;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The study's rules as plain functions. */
class StudyStateTest {
    static StudyEvent.StoredInstance instance(String series, String sop, String digest) {
        return new StudyEvent.StoredInstance(series, sop, "1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.1.2.1",
            digest, digest, 1000, "CT1", Instant.parse("2026-11-24T10:15:30Z"), "{}");
    }

    static final String A = "a".repeat(64);
    static final String B = "b".repeat(64);

    @Test
    void aStudyIsStableOncePerQuietSpell() {
        Instant received = Instant.parse("2026-11-24T10:15:30Z");
        java.time.Duration quiet = java.time.Duration.ofSeconds(60);
        assertThat(StudyState.empty("1.2.3").decideStable(quiet, received.plusSeconds(600)))
            .as("an unknown study").isInstanceOf(StudyState.Decision.Refuse.class);
        StudyState state = StudyState.empty("1.2.3").apply(new StudyEvent.InstanceStored("1.2.3",
            instance("1.2.3.1", "1.2.3.1.1", A)));
        assertThat(state.decideStable(quiet, received.plusSeconds(59))).as("not quiet long enough")
            .isInstanceOf(StudyState.Decision.Refuse.class);
        StudyState.Decision stable = state.decideStable(quiet, received.plusSeconds(60));
        assertThat(stable).isEqualTo(new StudyState.Decision.Persist(new StudyEvent.StudyStable("1.2.3", 1, 1,
            received, received.plusSeconds(60))));
        StudyState announced = state.apply(((StudyState.Decision.Persist) stable).event());
        assertThat(announced.decideStable(quiet, received.plusSeconds(600))).as("once")
            .isInstanceOf(StudyState.Decision.AlreadyStored.class);
        var later = new StudyEvent.StoredInstance("1.2.3.1", "1.2.3.1.2", "1.2.840.10008.5.1.4.1.1.2",
            "1.2.840.10008.1.2.1", B, B, 1000, "CT1", received.plusSeconds(900), "{}");
        StudyState again = announced.apply(new StudyEvent.InstanceStored("1.2.3", later));
        assertThat(again.stableSince()).as("a new instance starts a new spell").isNull();
        assertThat(again.decideStable(quiet, received.plusSeconds(960))).isEqualTo(new StudyState.Decision.Persist(
            new StudyEvent.StudyStable("1.2.3", 1, 2, received.plusSeconds(900), received.plusSeconds(960))));
        StudyState deleted = again.apply(new StudyEvent.StudyDeleted("1.2.3", "admin", "test", received));
        assertThat(deleted.decideStable(quiet, received.plusSeconds(6000))).as("a deleted study")
            .isInstanceOf(StudyState.Decision.Refuse.class);
    }

    @Test
    void newInstancesAreStoredAndCounted() {
        StudyState state = StudyState.empty("1.2.3");
        StudyState.Decision d = state.decide(instance("1.2.3.1", "1.2.3.1.1", A), DuplicatePolicy.REJECT);
        assertThat(d).isInstanceOf(StudyState.Decision.Persist.class);
        StudyState next = state.apply(((StudyState.Decision.Persist) d).event());
        next = next.apply(new StudyEvent.InstanceStored("1.2.3", instance("1.2.3.2", "1.2.3.2.1", B)));
        assertThat(next.instanceCount()).isEqualTo(2);
        assertThat(next.series()).containsOnlyKeys("1.2.3.1", "1.2.3.2");
        assertThat(next.find("1.2.3.2.1").digest()).isEqualTo(B);
        assertThat(state.instanceCount()).as("the old state is unchanged").isZero();
    }

    @Test
    void identicalDuplicateChangesNothing() {
        StudyState state = StudyState.empty("1.2.3").apply(new StudyEvent.InstanceStored("1.2.3",
            instance("1.2.3.1", "1.2.3.1.1", A)));
        assertThat(state.decide(instance("1.2.3.1", "1.2.3.1.1", A), DuplicatePolicy.REJECT))
            .isInstanceOf(StudyState.Decision.AlreadyStored.class);
    }

    @Test
    void theSameDataSetFromAnotherSenderIsAlreadyStored() {
        StudyState state = StudyState.empty("1.2.3").apply(new StudyEvent.InstanceStored("1.2.3",
            instance("1.2.3.1", "1.2.3.1.1", A)));
        var fromElsewhere = new StudyEvent.StoredInstance("1.2.3.1", "1.2.3.1.1", "1.2.840.10008.5.1.4.1.1.2",
            "1.2.840.10008.1.2.1", B, A, 1010, "CT2", Instant.parse("2026-11-24T11:00:00Z"), "{}");
        assertThat(state.decide(fromElsewhere, DuplicatePolicy.REJECT)).isInstanceOf(StudyState.Decision.AlreadyStored.class);
    }

    @Test
    void differentContentFollowsThePolicy() {
        StudyState state = StudyState.empty("1.2.3").apply(new StudyEvent.InstanceStored("1.2.3",
            instance("1.2.3.1", "1.2.3.1.1", A)));
        StudyState.Decision rejected = state.decide(instance("1.2.3.1", "1.2.3.1.1", B), DuplicatePolicy.REJECT);
        assertThat(((StudyState.Decision.Refuse) rejected).reason()).contains("different content");
        StudyState.Decision replaced = state.decide(instance("1.2.3.1", "1.2.3.1.1", B), DuplicatePolicy.REPLACE);
        StudyEvent event = ((StudyState.Decision.Persist) replaced).event();
        assertThat(event).isEqualTo(new StudyEvent.InstanceReplaced("1.2.3", instance("1.2.3.1", "1.2.3.1.1", B), A));
        assertThat(state.apply(event).find("1.2.3.1.1").digest()).isEqualTo(B);
        assertThat(state.apply(event).instanceCount()).isEqualTo(1);
    }

    @Test
    void sameSopInstanceInAnotherSeriesIsRefusedWhateverThePolicy() {
        StudyState state = StudyState.empty("1.2.3").apply(new StudyEvent.InstanceStored("1.2.3",
            instance("1.2.3.1", "1.2.3.1.1", A)));
        assertThat(state.decide(instance("1.2.3.9", "1.2.3.1.1", B), DuplicatePolicy.REPLACE))
            .isInstanceOf(StudyState.Decision.Refuse.class);
    }
}
