package org.cairn.study;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByPersistenceIdQuery;
import org.apache.pekko.persistence.query.javadsl.CurrentPersistenceIdsQuery;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.stream.javadsl.Sink;
import org.cairn.blob.LocalBlobStore;

/**
 * Start-up recovery of the blob store: a blob is committed before its instance is journaled, so a crash in between
 * leaves a blob no event refers to. Those are deleted, from the journal's own account of what is stored.
 */
public final class BlobReconciliation {
    private BlobReconciliation() {
    }

    /** The digests every Study event in the journal refers to. */
    public static Set<String> referencedDigests(ActorSystem<?> system, Duration timeout) throws Exception {
        // the JDBC journal's or Cassandra's query plugin: both answer these two queries
        String plugin = system.settings().config().getString("cairn.projections.read-journal");
        CurrentPersistenceIdsQuery ids = PersistenceQuery.get(system)
            .getReadJournalFor(CurrentPersistenceIdsQuery.class, plugin);
        CurrentEventsByPersistenceIdQuery events = (CurrentEventsByPersistenceIdQuery) ids;
        // per study, in event order: a purge forgets what the study referred to until then
        java.util.Map<String, Set<String>> byStudy = new java.util.HashMap<>();
        ids.currentPersistenceIds()
            .filter(id -> id.startsWith(StudyEntity.persistenceId("").entityTypeHint()))
            .flatMapConcat(id -> events.currentEventsByPersistenceId(id, 0, Long.MAX_VALUE))
            .runWith(Sink.foreach(envelope -> {
                if (envelope.event() instanceof StudyEvent event) {
                    Set<String> digests = byStudy.computeIfAbsent(envelope.persistenceId(), id -> new HashSet<>());
                    if (event instanceof StudyEvent.StudyPurged) {
                        digests.clear();
                        return;
                    }
                    if (event.stored() == null) {
                        return; // links and other events that store nothing
                    }
                    digests.add(event.stored().digest());
                    if (event instanceof StudyEvent.InstanceReplaced replaced) {
                        digests.add(replaced.replacedDigest());
                    }
                }
            }), system)
            .toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Set<String> digests = new HashSet<>();
        byStudy.values().forEach(digests::addAll);
        return digests;
    }

    /**
     * Deletes orphan blobs older than {@code minAge} (younger ones may be another node's, not journaled yet);
     * returns how many.
     */
    public static int run(ActorSystem<?> system, LocalBlobStore blobs, Duration timeout, Duration minAge)
        throws Exception {
        return blobs.deleteUnreferenced(referencedDigests(system, timeout), minAge);
    }
}
