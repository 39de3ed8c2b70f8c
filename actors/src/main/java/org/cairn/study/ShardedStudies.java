package org.cairn.study;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.cairn.concurrent.PlainStages;
import org.cairn.durability.JournalSync;

/**
 * Study entities sharded over the cluster by Study Instance UID (a single node is a cluster of one), so that each
 * study has exactly one writer wherever its instances arrive.
 */
public final class ShardedStudies implements StudyStore {
    public static final EntityTypeKey<StudyEntity.Command> TYPE_KEY =
        EntityTypeKey.create(StudyEntity.Command.class, "Study");

    private final ClusterSharding sharding;
    private final Duration timeout;
    private final Duration attemptTimeout;
    private final JournalSync journalSync;

    private ShardedStudies(ClusterSharding sharding, Duration timeout, Duration attemptTimeout,
                           JournalSync journalSync) {
        this.sharding = sharding;
        this.timeout = timeout;
        this.attemptTimeout = attemptTimeout.compareTo(timeout) < 0 ? attemptTimeout : timeout;
        this.journalSync = journalSync;
    }

    /** Starts sharding for studies on this node, for a journal whose commits are durable as they return. */
    public static ShardedStudies init(ActorSystem<?> system, DuplicatePolicy policy, int snapshotEvery, Duration timeout) {
        return init(system, policy, snapshotEvery, timeout, JournalSync.none());
    }

    /** Starts sharding for studies on this node; a store is answered once {@code journalSync} made it durable. */
    public static ShardedStudies init(ActorSystem<?> system, DuplicatePolicy policy, int snapshotEvery, Duration timeout,
                                      JournalSync journalSync) {
        ClusterSharding sharding = ClusterSharding.get(system);
        sharding.init(Entity.of(TYPE_KEY, ctx -> StudyEntity.create(ctx.getEntityId(), policy, snapshotEvery)));
        return new ShardedStudies(sharding, timeout,
            system.settings().config().getDuration("cairn.studies.store-attempt-timeout"), journalSync);
    }

    /**
     * Asks the study's entity to store the instance. A store is idempotent (the same instance again is
     * {@code AlreadyStored}), so an attempt that is not answered in {@code cairn.studies.store-attempt-timeout} is
     * sent again, up to the ask timeout: when a node dies, what its region was sent before it was downed is lost,
     * and the retry reaches the study's entity once its shard runs on a survivor.
     */
    @Override
    public CompletionStage<StudyEntity.StoreResult> store(String studyUid, StudyEvent.StoredInstance instance) {
        CompletionStage<StudyEntity.StoreResult> persisted = RetriedAsk.of(() -> sharding.entityRefFor(TYPE_KEY, studyUid)
            .ask(replyTo -> new StudyEntity.StoreInstance(instance, replyTo), attemptTimeout), timeout);
        // AlreadyStored may answer a retry whose first attempt persisted: durable only once that commit is
        return PlainStages.of(persisted).thenCompose(result -> result instanceof StudyEntity.StoreResult.Refused
                ? CompletableFuture.completedFuture(result)
                : journalSync.afterCommit().thenApply(durable -> result));
    }

    @Override
    public CompletionStage<Boolean> linkToOrder(String studyUid, String accessionNumber) {
        return PlainStages.of(sharding.entityRefFor(TYPE_KEY, studyUid)
            .ask(replyTo -> new StudyEntity.LinkToOrder(accessionNumber, replyTo), timeout));
    }

    @Override
    public CompletionStage<StudyEntity.Outcome> changeAttributes(String studyUid,
                                                                java.util.Map<ChangeableAttribute, String> values,
                                                                String by, String reason) {
        return durable(sharding.entityRefFor(TYPE_KEY, studyUid)
            .ask(replyTo -> new StudyEntity.ChangeAttributes(values, by, reason, replyTo), timeout));
    }

    @Override
    public CompletionStage<StudyEntity.Outcome> delete(String studyUid, String by, String reason) {
        return durable(sharding.entityRefFor(TYPE_KEY, studyUid)
            .ask(replyTo -> new StudyEntity.Delete(by, reason, replyTo), timeout));
    }

    @Override
    public CompletionStage<StudyEntity.Outcome> restore(String studyUid, String by) {
        return durable(sharding.entityRefFor(TYPE_KEY, studyUid)
            .ask(replyTo -> new StudyEntity.Restore(by, replyTo), timeout));
    }

    @Override
    public CompletionStage<StudyEntity.Outcome> purge(String studyUid, String by, java.time.Instant deletedBefore) {
        return durable(sharding.entityRefFor(TYPE_KEY, studyUid)
            .ask(replyTo -> new StudyEntity.Purge(by, deletedBefore, replyTo), timeout));
    }

    @Override
    public CompletionStage<StudyEntity.Outcome> markStable(String studyUid, java.time.Duration quietFor) {
        return PlainStages.of(sharding.entityRefFor(TYPE_KEY, studyUid)
            .ask(replyTo -> new StudyEntity.MarkStable(quietFor, replyTo), timeout));
    }

    /** An outcome that persisted an event is answered once the journal's commit is on disk, as a store is. */
    private CompletionStage<StudyEntity.Outcome> durable(CompletionStage<StudyEntity.Outcome> outcome) {
        return PlainStages.of(outcome).thenCompose(result ->
            result instanceof StudyEntity.Outcome.Done done && done.event() != null
                ? journalSync.afterCommit().thenApply(synced -> result)
                : CompletableFuture.completedFuture(result));
    }

    @Override
    public CompletionStage<StudyState> study(String studyUid) {
        return PlainStages.of(sharding.entityRefFor(TYPE_KEY, studyUid).ask(StudyEntity.GetStudy::new, timeout));
    }
}
