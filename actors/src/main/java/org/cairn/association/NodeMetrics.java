package org.cairn.association;

import kamon.Kamon;
import kamon.metric.Counter;
import kamon.metric.RangeSampler;
import kamon.metric.Timer;

/**
 * The node's metrics, recorded with Kamon and exported in Prometheus format on {@code /metrics}: open associations,
 * instances and bytes stored, refusals by status, and ingest latency (first data set byte to the response).
 */
public final class NodeMetrics {
    public static final RangeSampler OPEN_ASSOCIATIONS = Kamon.rangeSampler("cairn.dicom.associations.open")
        .withoutTags();
    public static final Counter INSTANCES_STORED = Kamon.counter("cairn.ingest.instances").withoutTags();
    public static final Counter BYTES_STORED = Kamon.counter("cairn.ingest.bytes").withoutTags();
    public static final Timer INGEST_LATENCY = Kamon.timer("cairn.ingest.latency").withoutTags();

    private NodeMetrics() {
    }

    /** Counts a refused C-STORE under its status, e.g. "A900". */
    public static void refused(int status) {
        Kamon.counter("cairn.ingest.refusals").withTag("status", String.format("%04X", status)).increment();
    }
}
