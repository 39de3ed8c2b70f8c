package org.cairn.load.cluster;

/**
 * What one measured ingest cost. Throughput is over the stores alone; CPU is from the first store until the
 * nodes and PostgreSQL were back to their idle rate ({@code settleSeconds} after the last store: the projections
 * into the views and the change feed catch up), so that it includes everything the instances caused. The idle
 * cluster's CPU and traffic over a window as long are given too, to be taken out: three nodes poll, gossip and
 * heartbeat whether or not anything is stored.
 *
 * @param spent       CPU seconds from the first store until the nodes were quiet again
 * @param idle        CPU seconds the same processes spend idle in as long
 * @param trafficSent the nodes' remote messages and bytes over the window, summed over the nodes
 * @param idleTraffic what the same nodes send idle in as long
 */
public record IngestCost(String setup, int nodes, int associations, int instances, long bytes, double seconds,
                         double settleSeconds, CpuReading.Spent spent, CpuReading.Spent idle,
                         RemoteTraffic trafficSent, RemoteTraffic idleTraffic) {

    public double instancesPerSecond() {
        return instances / seconds;
    }

    public double megabytesPerSecond() {
        return bytes / 1e6 / seconds;
    }

    /** The nodes' CPU per instance, everything counted. */
    public double nodeCpuMillisPerInstance() {
        return spent.nodeSeconds() * 1000 / instances;
    }

    /** The nodes' CPU per instance above what they spend idle. */
    public double nodeCpuMillisPerInstanceAboveIdle() {
        return Math.max(0, spent.nodeSeconds() - idle.nodeSeconds()) * 1000 / instances;
    }

    public double postgresCpuMillisPerInstance() {
        return spent.postgresSeconds() * 1000 / instances;
    }

    public double postgresCpuMillisPerInstanceAboveIdle() {
        return Math.max(0, spent.postgresSeconds() - idle.postgresSeconds()) * 1000 / instances;
    }

    public double clientCpuMillisPerInstance() {
        return spent.clientSeconds() * 1000 / instances;
    }

    /** Cores one node keeps busy when idle. */
    public double idleCoresPerNode() {
        return idle.nodeSeconds() / idle.wallSeconds() / nodes;
    }

    /** The share of the machine's cores that were busy while the instances were stored and processed. */
    public double machineBusyShare() {
        return spent.machineBusySeconds() / spent.machineSeconds();
    }

    /** Remote messages the nodes sent per stored instance, idle traffic taken out. */
    public double messagesPerInstance() {
        return Math.max(0, trafficSent.messagesSent() - idleTraffic.messagesSent()) / instances;
    }

    /** Remote bytes the nodes sent per stored instance, idle traffic taken out. */
    public double remoteBytesPerInstance() {
        return Math.max(0, trafficSent.bytesSent() - idleTraffic.bytesSent()) / instances;
    }

    /**
     * Instances per second the nodes' CPU would allow with each node alone on a machine of {@code coresPerNode}
     * cores (PostgreSQL, the blob store and the senders elsewhere), instances spread evenly, each costing what it
     * cost here above idle, and each node keeping its idle load: every node then has {@code coresPerNode} minus its
     * idle cores for {@code 1 / nodes} of the instances.
     */
    public double nodeCpuCeiling(int coresPerNode) {
        return nodes * (coresPerNode - idleCoresPerNode()) * 1000 / nodeCpuMillisPerInstanceAboveIdle();
    }

    /** Instances per second PostgreSQL's CPU would allow on a machine of its own with {@code cores} cores. */
    public double postgresCpuCeiling(int cores) {
        double idleCores = idle.postgresSeconds() / idle.wallSeconds();
        return (cores - idleCores) * 1000 / postgresCpuMillisPerInstanceAboveIdle();
    }
}
