package org.cairn.load.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.cairn.dicom.Values;
import org.cairn.scu.DicomClient;
import org.cairn.scu.ScuAssociation;

/**
 * Ingest that goes on until stopped, over a cluster whose nodes may die: each sender stands for a modality
 * configured with one node, sending associations of {@code batch} instances to it; when an association breaks or
 * its node is down, it sends what was not acknowledged to the next running node, and returns to its own node once
 * that runs again. Sender {@code k}'s instance {@code n} belongs to study {@code (k + n) mod studies} and is slice
 * {@code firstSlice + k × 100,000 + n} of it.
 */
public final class ContinuousIngest implements AutoCloseable {
    /** An association that ended in an error: on which node, and what happened. */
    public record Failure(int node, String what) {
    }

    private final AtomicInteger acknowledged = new AtomicInteger();
    private final ConcurrentLinkedQueue<Failure> failures = new ConcurrentLinkedQueue<>();
    private final List<Future<?>> senders = new ArrayList<>();
    private final ExecutorService threads;
    private volatile boolean stopping;

    private ContinuousIngest(int senders) {
        this.threads = Executors.newFixedThreadPool(senders);
    }

    /**
     * Starts {@code sendersPerNode} senders for each node of {@code nodes}, storing fresh {@code rows}×{@code rows}
     * CT slices of the studies {@link StudyInstances#studyUid}({@code run}, {@code phase}, 0 … studies − 1),
     * numbered from {@code firstSlice} (so that another run into the same studies stores new instances).
     */
    public static ContinuousIngest start(DicomClient client, LocalNodes nodes, String run, int phase, int studies,
                                         int firstSlice, int sendersPerNode, int batch, int rows) {
        int count = nodes.size() * sendersPerNode;
        ContinuousIngest ingest = new ContinuousIngest(count);
        for (int k = 0; k < count; k++) {
            int sender = k;
            ingest.senders.add(ingest.threads.submit(() -> ingest.send(client, nodes, sender % nodes.size(), sender,
                run, phase, studies, firstSlice + sender * 100_000, batch, rows)));
        }
        return ingest;
    }

    public int acknowledged() {
        return acknowledged.get();
    }

    public List<Failure> failures() {
        return List.copyOf(failures);
    }

    /** Waits until at least {@code count} stores in all were acknowledged. */
    public void awaitAcknowledged(int count, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (acknowledged.get() < count) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("only " + acknowledged.get() + " of " + count
                    + " stores acknowledged in time; failures: " + failures);
            }
            Thread.sleep(20);
        }
    }

    private void send(DicomClient client, LocalNodes nodes, int preferred, int sender, String run, int phase,
                      int studies, int firstSlice, int batch, int rows) {
        byte[] pixels = new byte[rows * rows * 2];
        SplittableRandom random = new SplittableRandom(sender);
        for (int p = 0; p < pixels.length; p += 2) {
            Values.putUint16(pixels, p, 1000 + random.nextInt(200), false);
        }
        int next = 0;
        int node = preferred;
        while (!stopping) {
            NodeProcess target = nodes.node(node);
            if (target == null) {
                node = (node + 1) % nodes.size();
                continue;
            }
            try {
                ScuAssociation association = Stores.open(client, target.dicomPort());
                for (int end = next + batch; next < end && !stopping; next++) {
                    String study = StudyInstances.studyUid(run, phase, (sender + next) % studies);
                    Stores.store(association, StudyInstances.instance(study, firstSlice + next, rows, pixels));
                    acknowledged.incrementAndGet();
                }
                association.release().toCompletableFuture().get(30, TimeUnit.SECONDS);
                node = preferred;
            } catch (Exception e) {
                failures.add(new Failure(node, e.toString()));
                node = (node + 1) % nodes.size(); // what was not acknowledged goes to the next node
                pause(100);
            }
        }
    }

    /** Lets every sender finish its current store, then returns. */
    @Override
    public void close() throws Exception {
        stopping = true;
        try {
            for (Future<?> s : senders) {
                s.get(3, TimeUnit.MINUTES);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
