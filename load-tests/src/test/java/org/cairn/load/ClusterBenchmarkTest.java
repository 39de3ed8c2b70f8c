package org.cairn.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.cairn.load.cluster.ClusterBenchmark;
import org.cairn.load.cluster.CpuReading;
import org.cairn.load.cluster.IngestCost;
import org.cairn.load.cluster.ProcessCpu;
import org.cairn.load.cluster.RemoteTraffic;
import org.cairn.load.cluster.ShardRecovery;
import org.cairn.load.cluster.StudyInstances;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The cluster benchmark at a tiny size, for real: PostgreSQL, three nodes, and one kill of the oldest node under
 * ingest (the one-node stage runs the same code on a cluster of one, and five node start-ups on 2 cores would not
 * fit the time a CI test may take). Timings are the benchmark's business; this checks that every stage ran and
 * measured, and the arithmetic of the report. Runs alone: its nodes must be able to restart within their limits.
 */
@Isolated
class ClusterBenchmarkTest {
    @TempDir
    Path dir;

    @Test
    void measuresThreeNodesAndARecoveryFromKillingTheOldest() throws Exception {
        ClusterBenchmark.Plan plan = new ClusterBenchmark.Plan(false, 3, 4, 1, 32, 6, 3, List.of("-Xmx384m"), 1, 0,
            12, Duration.ofMillis(500), Duration.ofMillis(800), List.of("kamon.metric.tick-interval = 500ms"));

        ClusterBenchmark.Result result = ClusterBenchmark.run(dir.resolve("bench"), plan);

        IngestCost cost = result.cluster();
        assertThat(result.oneNode()).isNull();
        assertThat(cost.instances()).isEqualTo(12);
        assertThat(cost.spent().nodeSeconds()).as("node CPU").isPositive();
        assertThat(cost.spent().postgresSeconds()).as("PostgreSQL CPU").isPositive();
        assertThat(cost.trafficSent().messagesSent()).isPositive();
        ShardRecovery.Round round = result.rounds().get(0);
        assertThat(round.victim()).as("node 0 forms the cluster, so it is the oldest").isZero();
        assertThat(round.oldestAfter()).isNotZero();
        assertThat(round.studyMillis()).hasSize(3);
        assertThat(round.removedMillis()).isPositive();
        assertThat(ClusterBenchmark.report(result)).contains("| 3 nodes, 6 associations |",
            "| 1 | node 0 (the oldest) |");
    }

    @Test
    void projectsNodeAndPostgresCeilingsFromTheCostAboveIdle() {
        // 1,000 instances; 3 nodes spent 30 CPU s where idle they would have spent 6; PostgreSQL 5 where idle 1
        CpuReading.Spent spent = new CpuReading.Spent(20, 30, 5, 2, 39, 40);
        CpuReading.Spent idle = new CpuReading.Spent(20, 6, 1, 0, 7, 40);
        IngestCost cost = new IngestCost("3 nodes", 3, 6, 1000, 130_000_000, 10, 10, spent, idle,
            new RemoteTraffic(5000, 4_000_000, 5000, 4_000_000), new RemoteTraffic(2000, 1_000_000, 2000, 1_000_000));

        assertThat(cost.instancesPerSecond()).isEqualTo(100);
        assertThat(cost.nodeCpuMillisPerInstance()).isEqualTo(30);
        assertThat(cost.nodeCpuMillisPerInstanceAboveIdle()).isEqualTo(24);
        assertThat(cost.idleCoresPerNode()).isCloseTo(0.1, within(1e-9));
        // each node: 2 cores less its 0.1 idle, for a third of the instances at 24 ms each
        assertThat(cost.nodeCpuCeiling(2)).isCloseTo(3 * 1.9 * 1000 / 24, within(1e-9));
        assertThat(cost.postgresCpuCeiling(2)).isCloseTo(1.95 * 1000 / 4, within(1e-9));
        assertThat(cost.messagesPerInstance()).isEqualTo(3);
        assertThat(cost.remoteBytesPerInstance()).isEqualTo(3000);
        assertThat(cost.machineBusyShare()).isCloseTo(0.975, within(1e-9));
    }

    @Test
    void dealsEveryStudyToEveryAssociationAndSoToEveryNode() {
        List<StudyInstances.Instance> instances = StudyInstances.generate("1", 1, 4, 6, 8);
        List<List<StudyInstances.Instance>> shares = StudyInstances.deal(instances, 4, 6);

        assertThat(shares).hasSize(6).allSatisfy(share -> assertThat(share).hasSize(4));
        for (int node = 0; node < 3; node++) { // association a goes to node a mod 3
            List<String> studiesThroughNode = Stream.concat(shares.get(node).stream(), shares.get(node + 3).stream())
                .map(StudyInstances.Instance::studyUid).distinct().toList();
            assertThat(studiesThroughNode).as("studies through node %d", node).hasSize(4);
        }
    }

    @Test
    void readsRemoteCountersByDirectionAndProcessTimesFromStatLines() {
        String metrics = """
            # TYPE cairn_cluster_remote_bytes_total counter
            cairn_cluster_remote_bytes_total{direction="sent"} 2048.0
            cairn_cluster_remote_bytes_total{direction="received"} 1024.0
            # TYPE cairn_cluster_remote_messages_total counter
            cairn_cluster_remote_messages_total{direction="sent"} 12.0
            cairn_cluster_remote_messages_total{direction="received"} 7.0
            """;
        assertThat(RemoteTraffic.parse(metrics)).isEqualTo(new RemoteTraffic(12, 2048, 7, 1024));
        assertThat(RemoteTraffic.parse("")).isEqualTo(RemoteTraffic.NONE);

        ProcessCpu.Stat stat = ProcessCpu.parse("4242 (java (odd) name) S 17 4242 4242 0 -1 4194560 100 0 0 0 "
            + "350 25 7 3 20 0 40 0 100 0 0");
        assertThat(stat.parent()).isEqualTo(17);
        assertThat(stat.ownTicks()).isEqualTo(375);
        assertThat(stat.reapedChildrenTicks()).isEqualTo(10);
    }
}
