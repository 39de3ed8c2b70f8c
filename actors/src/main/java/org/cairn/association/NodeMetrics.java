package org.cairn.association;

import kamon.Kamon;
import kamon.metric.Counter;
import kamon.metric.RangeSampler;
import kamon.metric.Timer;

/**
 * The node's metrics, recorded with Kamon and exported in Prometheus format on {@code /metrics}: open associations,
 * instances and bytes stored, refusals by status, ingest latency (first data set byte to the response), and the
 * requests served per group-commit fsync.
 */
public final class NodeMetrics {
    public static final RangeSampler OPEN_ASSOCIATIONS = Kamon.rangeSampler("cairn.dicom.associations.open")
        .withoutTags();
    public static final Counter INSTANCES_STORED = Kamon.counter("cairn.ingest.instances").withoutTags();
    public static final Counter BYTES_STORED = Kamon.counter("cairn.ingest.bytes").withoutTags();
    public static final Timer INGEST_LATENCY = Kamon.timer("cairn.ingest.latency").withoutTags();

    private NodeMetrics() {
    }

    /**
     * Records how many requests one group-commit fsync served ({@code sync}: "journal" or "blobs"); the
     * histogram's sum over its count is the grouping achieved.
     */
    public static void groupCommitted(String sync, int requests) {
        Kamon.histogram("cairn.group-commit.requests-per-fsync").withTag("sync", sync).record(requests);
    }

    /** Counts a refused C-STORE under its status, e.g. "A900". */
    public static void refused(int status) {
        Kamon.counter("cairn.ingest.refusals").withTag("status", String.format("%04X", status)).increment();
    }
}
