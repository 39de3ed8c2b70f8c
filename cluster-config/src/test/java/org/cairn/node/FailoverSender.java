package org.cairn.node;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.cairn.dicom.DicomWriter;
import org.cairn.dicom.TransferSyntax;
import org.cairn.dicom.dict.UID;
import org.cairn.net.dimse.Status;
import org.cairn.scu.AssociationRequest;
import org.cairn.scu.DicomClient;
import org.cairn.scu.ScuAssociation;

/**
 * A modality sending its share of instances as a site would configure it against a cluster: to its own node, in
 * associations of {@code batch} instances, and when that node refuses or an association ends, to the next node that
 * runs, again with what was not acknowledged. Records every acknowledgement and every failure (with the node it
 * happened on).
 */
final class FailoverSender implements Runnable {
    record Ack(String study, String sop, int node, long atMillis) {
    }

    record Failure(int node, long atMillis, String what) {
    }

    private final DicomClient client;
    private final LocalCluster cluster;
    private final int preferred;
    private final IntFunction<String> studyOf;
    private final String sopPrefix;
    private final int count;
    private final int batch;
    private final long deadlineMillis;
    final Queue<Ack> acks = new ConcurrentLinkedQueue<>();
    final Queue<Failure> failures = new ConcurrentLinkedQueue<>();
    private volatile boolean stopping;
    private volatile long pauseBetweenAssociationsMillis;

    /**
     * Instance {@code n} (0 ≤ n &lt; count) belongs to study {@code studyOf(n)} and has the SOP Instance UID
     * {@code sopPrefix + "." + n}.
     */
    FailoverSender(DicomClient client, LocalCluster cluster, int preferred, IntFunction<String> studyOf,
                   String sopPrefix, int count, int batch, long deadlineMillis) {
        this.client = client;
        this.cluster = cluster;
        this.preferred = preferred;
        this.studyOf = studyOf;
        this.sopPrefix = sopPrefix;
        this.count = count;
        this.batch = batch;
        this.deadlineMillis = deadlineMillis;
    }

    /** Waits this long after each association, as a modality sending a study at a time does. */
    FailoverSender pausing(long millis) {
        this.pauseBetweenAssociationsMillis = millis;
        return this;
    }

    /** Ends the run after the association in progress. */
    void stopAfterCurrent() {
        stopping = true;
    }

    int acknowledged() {
        return acks.size();
    }

    @Override
    public void run() {
        int next = 0;
        int node = preferred;
        while (next < count && !stopping && System.currentTimeMillis() < deadlineMillis) {
            NodeProcess target = cluster.node(node);
            if (target == null) {
                node = (node + 1) % cluster.size();
                pause(50);
                continue;
            }
            try {
                ScuAssociation a = client.connect("127.0.0.1", target.dicomPort, AssociationRequest.to("CAIRN")
                    .propose(UID.CTImageStorage, UID.ExplicitVRLittleEndian)).toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
                int end = Math.min(count, next + batch);
                while (next < end) {
                    String study = studyOf.apply(next);
                    String sop = sopPrefix + "." + next;
                    byte[] bytes = DicomWriter.toBytes(CrashSafetyTest.instance(study, sop, next),
                        TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
                    int status = a.store(UID.CTImageStorage, sop, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, bytes)
                        .toCompletableFuture().get(60, TimeUnit.SECONDS).status();
                    if (status != Status.SUCCESS) {
                        throw new IllegalStateException("store of " + sop + " answered " + status);
                    }
                    acks.add(new Ack(study, sop, node, System.currentTimeMillis()));
                    next++;
                }
                a.release().toCompletableFuture().get(30, TimeUnit.SECONDS);
                node = preferred; // back to its own node once that one answers again
                pause(pauseBetweenAssociationsMillis);
            } catch (Exception e) {
                failures.add(new Failure(node, System.currentTimeMillis(), e.toString()));
                node = (node + 1) % cluster.size(); // a survivor, with what was not acknowledged
                pause(200);
            }
        }
    }

    /** Every acknowledged SOP Instance UID of these senders. */
    static java.util.Set<String> acknowledged(List<FailoverSender> senders) {
        java.util.Set<String> all = new java.util.HashSet<>();
        senders.forEach(s -> s.acks.forEach(a -> all.add(a.sop())));
        return all;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
