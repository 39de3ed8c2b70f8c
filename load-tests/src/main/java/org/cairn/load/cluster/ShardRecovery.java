package org.cairn.load.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.cairn.scu.DicomClient;
import org.cairn.scu.ScuAssociation;

/**
 * One crash of a cluster under ingest: while {@link ContinuousIngest} stores into every node (the same studies in
 * every round), one node is killed
 * (SIGKILL); at once one probe C-STORE per study of the ingest goes through a survivor, and a study counts as served
 * again when its probe is acknowledged (the node's store is retried until the study's shard runs somewhere). Then
 * ingest stops, the node is started again and the round ends once every node sees all of them Up.
 */
public final class ShardRecovery {
    private ShardRecovery() {
    }

    /** Which node a round kills. */
    public enum Victim {
        /** The oldest member: the shard coordinator and the singletons die with it and start on a survivor. */
        OLDEST,
        /** Another member: only its shards move. */
        NOT_OLDEST
    }

    /**
     * A round's numbers, all in milliseconds from the kill (the rejoin from the restart).
     *
     * @param studyMillis    each study's probe acknowledgement, sorted
     * @param removedMillis  until a survivor no longer counted the killed node a member (it was downed and removed)
     * @param rejoinMillis   from starting the node again (ingest stopped) until every node saw all of them Up
     * @param broken         associations of the ingest that ended in an error (those open on the killed node, and
     *                       any a survivor ended)
     */
    public record Round(int round, Victim kind, int victim, int oldestAfter, List<Long> studyMillis,
                        long removedMillis, long rejoinMillis, int acknowledged, int broken) {
        public long lastStudyMillis() {
            return studyMillis.get(studyMillis.size() - 1);
        }

        public long medianStudyMillis() {
            return studyMillis.get(studyMillis.size() / 2);
        }

        /**
         * Studies whose probe took longer than {@code millis}: with {@code millis} below the ~6 s a dead node takes to
         * be removed, those whose shard was on the killed node.
         */
        public long studiesSlowerThan(long millis) {
            return studyMillis.stream().filter(m -> m > millis).count();
        }
    }

    /** What a round does; {@code acknowledgedBeforeKill} stores first, so that every study's shard has a home. */
    public record Settings(int studies, int sendersPerNode, int batch, int rows, int acknowledgedBeforeKill,
                           Duration timeout) {
    }

    /**
     * Runs round {@code round} (from 1) on {@code nodes}, all of them running, storing into the studies of benchmark
     * run {@code run}; returns once the killed node is back and every node sees all of them Up.
     */
    public static Round run(DicomClient client, LocalNodes nodes, String run, int round, Victim kind,
                            Settings settings) throws Exception {
        // every round stores into the same studies (new instances): studies in progress on a cluster that has
        // already lost nodes, their shards wherever the earlier rounds left them
        int phase = 100;
        int firstSlice = round * 10_000_000;
        try (ContinuousIngest ingest = ContinuousIngest.start(client, nodes, run, phase, settings.studies(), firstSlice,
            settings.sendersPerNode(), settings.batch(), settings.rows())) {
            ingest.awaitAcknowledged(settings.acknowledgedBeforeKill(), settings.timeout().toMillis());
            int oldest = nodes.oldest(firstRunning(nodes));
            int victim = kind == Victim.OLDEST ? oldest : (oldest + 1) % nodes.size();
            List<Integer> survivors = new ArrayList<>();
            for (int i = 0; i < nodes.size(); i++) {
                if (i != victim && nodes.node(i) != null) {
                    survivors.add(i);
                }
            }
            // each probe's association is open before the kill: what is timed is the store alone
            List<Probe> probes = new ArrayList<>();
            for (int s = 0; s < settings.studies(); s++) {
                int through = survivors.get(s % survivors.size());
                StudyInstances.Instance probe = StudyInstances.instance(StudyInstances.studyUid(run, phase, s),
                    firstSlice + 9_000_000 + s, settings.rows(), new byte[settings.rows() * settings.rows() * 2]);
                probes.add(new Probe(probe, through, Stores.open(client, nodes.node(through).dicomPort())));
            }

            long killedAt = System.nanoTime();
            nodes.kill(victim);
            ExecutorService threads = Executors.newFixedThreadPool(probes.size() + 1);
            try {
                Future<Long> removed = threads.submit(() -> untilRemoved(nodes, survivors.get(0), killedAt,
                    settings.timeout()));
                List<Future<Long>> served = new ArrayList<>();
                for (Probe p : probes) {
                    served.add(threads.submit(() -> p.store(client, nodes, survivors, killedAt, settings.timeout())));
                }
                List<Long> studyMillis = new ArrayList<>();
                for (Future<Long> f : served) {
                    studyMillis.add(f.get());
                }
                studyMillis.sort(null);
                long removedMillis = removed.get();
                int oldestAfter = nodes.oldest(survivors.get(0));
                ingest.close(); // the node restarts into an idle cluster: its start-up is not starved of CPU
                int acknowledged = ingest.acknowledged() + probes.size();

                long restartedAt = System.nanoTime();
                nodes.restart(victim, settings.timeout());
                long rejoinMillis = (System.nanoTime() - restartedAt) / 1_000_000;
                return new Round(round, kind, victim, oldestAfter, List.copyOf(studyMillis), removedMillis,
                    rejoinMillis, acknowledged, ingest.failures().size());
            } finally {
                threads.shutdownNow();
            }
        }
    }

    private static int firstRunning(LocalNodes nodes) {
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.node(i) != null) {
                return i;
            }
        }
        throw new IllegalStateException("no node runs");
    }

    /** Milliseconds from the kill until {@code survivor} counts one member fewer. */
    private static long untilRemoved(LocalNodes nodes, int survivor, long killedAt, Duration timeout)
        throws InterruptedException {
        long deadline = killedAt + timeout.toNanos();
        while (nodes.node(survivor).membership().members() != nodes.size() - 1) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("node " + survivor + " still counts " + nodes.size()
                    + " members " + timeout.toSeconds() + " s after the kill");
            }
            Thread.sleep(50);
        }
        return (System.nanoTime() - killedAt) / 1_000_000;
    }

    /** Ends an association whose work is done; a failure to release changes nothing measured. */
    private static void releaseQuietly(ScuAssociation association) {
        try {
            association.release().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            association.abort();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A study's probe: one new instance, stored through a survivor until acknowledged. */
    private record Probe(StudyInstances.Instance instance, int through, ScuAssociation opened) {
        /** Milliseconds from the kill to the acknowledgement. */
        long store(DicomClient client, LocalNodes nodes, List<Integer> survivors, long killedAt, Duration timeout)
            throws Exception {
            long deadline = killedAt + timeout.toNanos();
            ScuAssociation association = opened;
            int attempt = 0;
            while (true) {
                try {
                    if (association == null) {
                        int node = survivors.get((survivors.indexOf(through) + attempt) % survivors.size());
                        association = Stores.open(client, nodes.node(node).dicomPort());
                    }
                    Stores.store(association, instance);
                    long millis = (System.nanoTime() - killedAt) / 1_000_000;
                    releaseQuietly(association);
                    return millis;
                } catch (Exception e) {
                    // refused (the shard was not back within the node's ask timeout) or the association broke
                    if (association != null) {
                        association.abort();
                    }
                    association = null;
                    attempt++;
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("study " + instance.studyUid() + " not served again in "
                            + timeout.toSeconds() + " s", e);
                    }
                    Thread.sleep(100);
                }
            }
        }
    }
}
