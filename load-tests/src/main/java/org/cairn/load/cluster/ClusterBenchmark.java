package org.cairn.load.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.cairn.scu.DicomClient;

/**
 * {@code ./cairn bench cluster} (issue 10): Cairn on one node and on three, and what a crash costs.
 * <ol>
 *   <li><b>One node</b>: profile {@code cluster} as a cluster of one, journal and views in a fresh PostgreSQL
 *       database, a fresh blob directory; generated CT slices stored over {@code associations} associations.</li>
 *   <li><b>Three nodes</b>: the same instances, a fresh database and blob directory shared by the three, the
 *       associations dealt over the nodes so that every study arrives through every node.</li>
 *   <li><b>Shard recovery</b>: on that cluster, under continuous ingest into every node, a node is killed (SIGKILL):
 *       the oldest member (the shard coordinator and the singletons) in most rounds, another in the last; one probe
 *       C-STORE per study through a survivor times when each study is served again; the node is restarted (listing
 *       itself last among the seeds) and the next round waits for all of them Up.</li>
 * </ol>
 * For each ingest: wall clock, CPU seconds of the node processes, of PostgreSQL and of the sender (this JVM) from
 * /proc, from the first store until the nodes are back to their idle rate (the projections caught up), and the
 * remote messages and bytes the nodes sent ({@code /metrics}), with the idle cluster's CPU and traffic in as long
 * measured beside. The nodes run with {@code -Xmx384m} and, beside their profile, a metrics snapshot every second
 * (so that a reading is at most a second old) and Pekko Management on loopback (to name the oldest member). The
 * shard recovery rounds all store into the same studies. Each ingest first stores
 * {@code warmUpPerStudy} instances per study of other studies, untimed: the JVMs are measured compiled.
 * Options: {@code --studies N --per-study N --warm-up N --rows N --associations N --oldest-kills N
 * --other-kills N --set 'key = value'} (a line added to every node's configuration), {@code --cluster-only} (no
 * one-node stage).
 */
public final class ClusterBenchmark {
    private ClusterBenchmark() {
    }

    /** What to run. */
    public record Plan(boolean oneNode, int studies, int perStudy, int warmUpPerStudy, int rows, int associations,
                       int nodes,
                       List<String> nodeJvmOptions, int oldestKills, int otherKills, int acknowledgedBeforeKill,
                       Duration idleWindow, Duration metricsSettle, List<String> configLines) {
        public static Plan standard() {
            return new Plan(true, 12, 125, 20, 256, 6, 3, List.of("-Xmx384m"), 3, 1, 120, Duration.ofSeconds(10),
                Duration.ofMillis(2500), List.of("kamon.metric.tick-interval = 1s"));
        }

        static Plan fromArguments(List<String> args) {
            Plan p = standard();
            List<String> config = new ArrayList<>(p.configLines());
            int studies = p.studies();
            int perStudy = p.perStudy();
            int warmUp = p.warmUpPerStudy();
            int rows = p.rows();
            int associations = p.associations();
            int oldestKills = p.oldestKills();
            int otherKills = p.otherKills();
            boolean oneNode = p.oneNode();
            for (int i = 0; i < args.size(); i++) {
                switch (args.get(i)) {
                    case "--studies" -> studies = Integer.parseInt(args.get(++i));
                    case "--per-study" -> perStudy = Integer.parseInt(args.get(++i));
                    case "--warm-up" -> warmUp = Integer.parseInt(args.get(++i));
                    case "--rows" -> rows = Integer.parseInt(args.get(++i));
                    case "--associations" -> associations = Integer.parseInt(args.get(++i));
                    case "--oldest-kills" -> oldestKills = Integer.parseInt(args.get(++i));
                    case "--other-kills" -> otherKills = Integer.parseInt(args.get(++i));
                    case "--set" -> config.add(args.get(++i));
                    case "--cluster-only" -> oneNode = false;
                    default -> throw new IllegalArgumentException("unknown option " + args.get(i) + " (known: "
                        + "--studies N, --per-study N, --warm-up N, --rows N, --associations N, --oldest-kills N, "
                        + "--other-kills N, --set 'key = value', --cluster-only)");
                }
            }
            return new Plan(oneNode, studies, perStudy, warmUp, rows, associations, p.nodes(), p.nodeJvmOptions(),
                oldestKills,
                otherKills, p.acknowledgedBeforeKill(), p.idleWindow(), p.metricsSettle(), List.copyOf(config));
        }
    }

    /**
     * A run's numbers: the ingest on one node (null if not run) and on {@code plan.nodes()}, and each crash round.
     */
    public record Result(Plan plan, long instanceBytes, IngestCost oneNode, IngestCost cluster,
                         List<ShardRecovery.Round> rounds) {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        Plan plan = Plan.fromArguments(List.of(args).subList(Math.min(1, args.length), args.length));
        Result result = run(root.resolve("load-tests/target/bench-cluster"), plan);
        String report = report(result);
        Files.writeString(root.resolve("load-tests/target/cluster-benchmark.md"), report);
        System.out.println(report);
    }

    /** Runs the benchmark in {@code work} (emptied first), with a PostgreSQL of its own. */
    public static Result run(Path work, Plan plan) throws Exception {
        Trees.delete(work);
        Files.createDirectories(work);
        String run = Long.toString(System.currentTimeMillis() % 1_000_000_000L);
        List<StudyInstances.Instance> warmUp = StudyInstances.generate(run, 1, plan.studies(), plan.warmUpPerStudy(),
            plan.rows());
        List<StudyInstances.Instance> measured = StudyInstances.generate(run, 2, plan.studies(), plan.perStudy(),
            plan.rows());
        long started = System.nanoTime();
        try (ThrowawayPostgres postgres = ThrowawayPostgres.start(); DicomClient client = DicomClient.create()) {
            progress(started, "PostgreSQL started");
            IngestCost one = null;
            if (plan.oneNode()) {
                try (LocalNodes node = LocalNodes.start(work.resolve("one-node"), postgres.newDatabase(),
                    plan.nodeJvmOptions(), 1, plan.configLines(), Duration.ofMinutes(2))) {
                    progress(started, "1 node Up");
                    one = measure(client, node, postgres, plan, warmUp, measured, "1 node");
                }
            }
            progress(started, "starting " + plan.nodes() + " nodes");
            try (LocalNodes nodes = LocalNodes.start(work.resolve(plan.nodes() + "-nodes"), postgres.newDatabase(),
                plan.nodeJvmOptions(), plan.nodes(), plan.configLines(), Duration.ofMinutes(2))) {
                progress(started, plan.nodes() + " nodes Up");
                IngestCost cluster = measure(client, nodes, postgres, plan, warmUp, measured, plan.nodes() + " nodes");
                List<ShardRecovery.Round> rounds = new ArrayList<>();
                ShardRecovery.Settings settings = new ShardRecovery.Settings(plan.studies(),
                    Math.max(1, plan.associations() / plan.nodes()), 20, plan.rows(), plan.acknowledgedBeforeKill(),
                    Duration.ofMinutes(3));
                for (int r = 1; r <= plan.oldestKills() + plan.otherKills(); r++) {
                    ShardRecovery.Victim kind = r <= plan.oldestKills() ? ShardRecovery.Victim.OLDEST
                        : ShardRecovery.Victim.NOT_OLDEST;
                    rounds.add(print(ShardRecovery.run(client, nodes, run, r, kind, settings)));
                }
                progress(started, "stopping");
                return new Result(plan, measured.get(0).dataSet().length, one, cluster, List.copyOf(rounds));
            }
        }
    }

    /**
     * Stores the warm-up, measures the idle cluster's CPU and traffic, then stores {@code measured} (association
     * {@code a} to node {@code a mod nodes}) and reads CPU and traffic counters from the first store until the nodes
     * and PostgreSQL are back to their idle rate.
     */
    private static IngestCost measure(DicomClient client, LocalNodes nodes, ThrowawayPostgres postgres, Plan plan,
                                      List<StudyInstances.Instance> warmUp, List<StudyInstances.Instance> measured,
                                      String setup) throws Exception {
        Stores.run(client, shares(nodes, StudyInstances.deal(warmUp, plan.studies(), plan.associations())));
        List<Stores.Share> shares = shares(nodes, StudyInstances.deal(measured, plan.studies(), plan.associations()));
        awaitIdle(nodes, postgres, null, plan.idleWindow().multipliedBy(6)); // the warm-up's projections catch up
        Thread.sleep(plan.metricsSettle().toMillis()); // and its traffic is in the counters

        CpuReading idleStart = CpuReading.take(nodes.running(), postgres);
        RemoteTraffic idleBefore = traffic(nodes);
        Thread.sleep(plan.idleWindow().toMillis());
        RemoteTraffic idleTraffic = traffic(nodes).minus(idleBefore);
        CpuReading.Spent idle = idleStart.until(CpuReading.take(nodes.running(), postgres));

        RemoteTraffic trafficBefore = traffic(nodes);
        CpuReading start = CpuReading.take(nodes.running(), postgres);
        double seconds = Stores.run(client, shares);
        CpuReading quiet = awaitIdle(nodes, postgres, idle, plan.idleWindow().multipliedBy(6));
        CpuReading.Spent spent = start.until(quiet);
        Thread.sleep(plan.metricsSettle().toMillis()); // the last messages into the counters
        RemoteTraffic sent = traffic(nodes).minus(trafficBefore);
        double trafficSeconds = (System.nanoTime() - start.nanoTime()) / 1e9;

        long bytes = measured.stream().mapToLong(i -> i.dataSet().length).sum();
        IngestCost cost = new IngestCost(setup, nodes.size(), plan.associations(), measured.size(), bytes, seconds,
            spent.wallSeconds() - seconds, spent, idle.times(spent.wallSeconds() / idle.wallSeconds()), sent,
            idleTraffic.times(trafficSeconds / idle.wallSeconds()));
        System.out.printf(Locale.ROOT, "%s: %d instances over %d associations in %.1f s, %.0f instances/s (quiet %.1f s"
                + " later); node CPU %.2f ms/instance (%.2f above idle), PostgreSQL %.2f (%.2f), sender %.2f; %.2f "
                + "messages and %.0f bytes sent across nodes per instance%n", setup, cost.instances(),
            cost.associations(), seconds, cost.instancesPerSecond(), cost.settleSeconds(),
            cost.nodeCpuMillisPerInstance(), cost.nodeCpuMillisPerInstanceAboveIdle(),
            cost.postgresCpuMillisPerInstance(), cost.postgresCpuMillisPerInstanceAboveIdle(),
            cost.clientCpuMillisPerInstance(), cost.messagesPerInstance(), cost.remoteBytesPerInstance());
        return cost;
    }

    /**
     * Waits until the nodes and PostgreSQL spend, over a second, at most what they spend idle ({@code idle}; null:
     * a tenth of a core each) plus a tenth of a core, or until {@code atMost}; returns the reading at that moment.
     */
    private static CpuReading awaitIdle(LocalNodes nodes, ThrowawayPostgres postgres, CpuReading.Spent idle,
                                        Duration atMost) throws Exception {
        double idleCores = idle == null ? 0.1 * (nodes.size() + 1)
            : (idle.nodeSeconds() + idle.postgresSeconds()) / idle.wallSeconds();
        long deadline = System.nanoTime() + atMost.toNanos();
        CpuReading last = CpuReading.take(nodes.running(), postgres);
        while (true) {
            Thread.sleep(1000);
            CpuReading now = CpuReading.take(nodes.running(), postgres);
            CpuReading.Spent second = last.until(now);
            if ((second.nodeSeconds() + second.postgresSeconds()) / second.wallSeconds() <= idleCores + 0.1
                || System.nanoTime() > deadline) {
                return now;
            }
            last = now;
        }
    }

    private static List<Stores.Share> shares(LocalNodes nodes, List<List<StudyInstances.Instance>> dealt) {
        List<Stores.Share> shares = new ArrayList<>();
        for (int a = 0; a < dealt.size(); a++) {
            shares.add(new Stores.Share(nodes.node(a % nodes.size()).dicomPort(), dealt.get(a)));
        }
        return shares;
    }

    private static RemoteTraffic traffic(LocalNodes nodes) throws Exception {
        RemoteTraffic sum = RemoteTraffic.NONE;
        for (NodeProcess n : nodes.running()) {
            sum = sum.plus(n.remoteTraffic());
        }
        return sum;
    }

    private static void progress(long since, String what) {
        System.out.printf(Locale.ROOT, "[%5.1f s] %s%n", (System.nanoTime() - since) / 1e9, what);
    }

    private static ShardRecovery.Round print(ShardRecovery.Round r) {
        System.out.printf(Locale.ROOT, "Round %d: killed node %d (%s); studies served again after %s ms; removed "
                + "after %d ms; coordinator now on node %d; rejoined in %d ms; %d stores, %d associations broken%n",
            r.round(), r.victim(), r.kind(), r.studyMillis(), r.removedMillis(), r.oldestAfter(), r.rejoinMillis(),
            r.acknowledged(), r.broken());
        return r;
    }

    /** The results as Markdown: the ingest table, what it implies, and the recovery rounds. */
    public static String report(Result r) {
        Plan p = r.plan();
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "Cluster benchmark, %s: %d studies × %d CT "
                + "slices of %d×%d, 16-bit (%.1f KB data sets), %d associations; nodes %s; PostgreSQL 15; %d "
                + "cores%n%n", LocalDate.now(), p.studies(), p.perStudy(), p.rows(), p.rows(), r.instanceBytes() / 1e3,
            p.associations(), String.join(" ", p.nodeJvmOptions()), Runtime.getRuntime().availableProcessors()));
        s.append("| setup | instances/s | MB/s | stores, s | quiet after, s | node CPU s (idle) | PostgreSQL CPU s "
            + "(idle) | sender CPU s | others' CPU s | machine busy | node CPU ms/instance, above idle | PostgreSQL "
            + "ms/instance, above idle | sender ms/instance | cross-node messages/instance | cross-node bytes/instance "
            + "|\n"
            + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (IngestCost c : r.oneNode() == null ? List.of(r.cluster()) : List.of(r.oneNode(), r.cluster())) {
            s.append(String.format(Locale.ROOT, "| %s, %d associations | %.0f | %.1f | %.1f | %.1f | %.1f (%.1f) | "
                    + "%.1f (%.1f) | %.1f | %.1f | %.0f%% | %.2f, %.2f | %.2f, %.2f | %.2f | %.2f | %,.0f |%n",
                c.setup(), c.associations(), c.instancesPerSecond(), c.megabytesPerSecond(), c.seconds(),
                c.settleSeconds(), c.spent().nodeSeconds(), c.idle().nodeSeconds(), c.spent().postgresSeconds(),
                c.idle().postgresSeconds(), c.spent().clientSeconds(), c.spent().otherSeconds(),
                c.machineBusyShare() * 100, c.nodeCpuMillisPerInstance(), c.nodeCpuMillisPerInstanceAboveIdle(),
                c.postgresCpuMillisPerInstance(), c.postgresCpuMillisPerInstanceAboveIdle(),
                c.clientCpuMillisPerInstance(), c.messagesPerInstance(), c.remoteBytesPerInstance()));
        }
        IngestCost one = r.oneNode();
        IngestCost cluster = r.cluster();
        s.append(String.format(Locale.ROOT, "%nCross-node traffic of the %d nodes from the first store until quiet: "
                + "%,.0f messages and %,.0f bytes sent, of which an idle cluster sends %,.0f and %,.0f in as long "
                + "(taken out above). Idle, one node keeps %.2f cores busy in a cluster of %d%s.%n",
            cluster.nodes(), cluster.trafficSent().messagesSent(), cluster.trafficSent().bytesSent(),
            cluster.idleTraffic().messagesSent(), cluster.idleTraffic().bytesSent(), cluster.idleCoresPerNode(),
            cluster.nodes(), one == null ? "" : String.format(Locale.ROOT, ", %.2f alone", one.idleCoresPerNode())));
        if (one != null) {
            s.append(String.format(Locale.ROOT, "Node CPU per instance above idle, %d nodes ÷ 1 node: %.2f×. With "
                    + "each node alone on 2 cores (PostgreSQL, blobs and senders elsewhere, each node keeping its "
                    + "idle load), the nodes' CPU would allow about %.0f instances/s on 1 node and %.0f on %d "
                    + "(%.2f×); PostgreSQL's CPU on 2 cores of its own about %.0f/s (as measured with %d nodes; "
                    + "%.0f/s with 1).%n", cluster.nodes(),
                cluster.nodeCpuMillisPerInstanceAboveIdle() / one.nodeCpuMillisPerInstanceAboveIdle(),
                one.nodeCpuCeiling(2), cluster.nodeCpuCeiling(2), cluster.nodes(),
                cluster.nodeCpuCeiling(2) / one.nodeCpuCeiling(2), cluster.postgresCpuCeiling(2), cluster.nodes(),
                one.postgresCpuCeiling(2)));
        }
        if (!r.rounds().isEmpty()) {
            s.append("\n| round | node killed | studies served again after, s: first / median / last | studies waiting"
                + " > 5 s (their shard moved) | killed node removed after, s | oldest (coordinator) afterwards | "
                + "restart to all Up, s |"
                + " stores acknowledged | ingest associations broken |\n"
                + "|---:|---|---|---:|---:|---|---:|---:|---:|\n");
            for (ShardRecovery.Round round : r.rounds()) {
                s.append(String.format(Locale.ROOT, "| %d | node %d (%s) | %.1f / %.1f / **%.1f** | %d of %d | %.1f "
                        + "| node %d | %.1f | %,d | %d |%n", round.round(), round.victim(),
                    round.kind() == ShardRecovery.Victim.OLDEST ? "the oldest" : "not the oldest",
                    round.studyMillis().get(0) / 1000.0, round.medianStudyMillis() / 1000.0,
                    round.lastStudyMillis() / 1000.0, round.studiesSlowerThan(5000), round.studyMillis().size(),
                    round.removedMillis() / 1000.0, round.oldestAfter(), round.rejoinMillis() / 1000.0,
                    round.acknowledged(), round.broken()));
            }
        }
        return s.toString();
    }
}
