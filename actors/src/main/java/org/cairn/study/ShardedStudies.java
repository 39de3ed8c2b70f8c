package org.cairn.study;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * Study entities sharded over the cluster by Study Instance UID (a single node is a cluster of one), so that each
 * study has exactly one writer wherever its instances arrive.
 */
public final class ShardedStudies implements StudyStore {
    public static final EntityTypeKey<StudyEntity.Command> TYPE_KEY =
        EntityTypeKey.create(StudyEntity.Command.class, "Study");

    private final ClusterSharding sharding;
    private final Duration timeout;

    private ShardedStudies(ClusterSharding sharding, Duration timeout) {
        this.sharding = sharding;
        this.timeout = timeout;
    }

    /** Starts sharding for studies on this node. */
    public static ShardedStudies init(ActorSystem<?> system, DuplicatePolicy policy, int snapshotEvery, Duration timeout) {
        ClusterSharding sharding = ClusterSharding.get(system);
        sharding.init(Entity.of(TYPE_KEY, ctx -> StudyEntity.create(ctx.getEntityId(), policy, snapshotEvery)));
        return new ShardedStudies(sharding, timeout);
    }

    @Override
    public CompletionStage<StudyEntity.StoreResult> store(String studyUid, StudyEvent.StoredInstance instance) {
        return sharding.entityRefFor(TYPE_KEY, studyUid)
            .ask(replyTo -> new StudyEntity.StoreInstance(instance, replyTo), timeout);
    }

    @Override
    public CompletionStage<StudyState> study(String studyUid) {
        return sharding.entityRefFor(TYPE_KEY, studyUid).ask(StudyEntity.GetStudy::new, timeout);
    }
}
