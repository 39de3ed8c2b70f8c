package org.cairn.load.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.cairn.load.peers.Peers;

/**
 * Cairn nodes forming one cluster on loopback for a benchmark: profile {@code cluster}, one PostgreSQL database
 * (the {@code environment}), one shared blob directory, each node's Artery port fixed for the run so that a
 * restarted node comes back at its address. Each node also runs Pekko Management on a loopback port of its own, to
 * say which member is the oldest: Cluster Sharding's coordinator and the singletons run there, so which node that
 * is decides what a crash costs.
 */
public final class LocalNodes implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Path dir;
    private final Map<String, String> environment;
    private final List<String> jvmOptions;
    private final int[] clusterPorts;
    private final int[] managementPorts;
    private final AtomicReferenceArray<NodeProcess> nodes;

    private LocalNodes(Path dir, Map<String, String> environment, List<String> jvmOptions, int size)
        throws IOException {
        this.dir = dir;
        this.environment = environment;
        this.jvmOptions = jvmOptions;
        this.clusterPorts = new int[size];
        this.managementPorts = new int[size];
        for (int i = 0; i < size; i++) {
            clusterPorts[i] = Peers.freePort();
            managementPorts[i] = Peers.freePort();
        }
        this.nodes = new AtomicReferenceArray<>(size);
    }

    /**
     * Starts {@code size} nodes at once in {@code dir} (emptied first), every one listing all of them as seeds in
     * the same order (node 0 first, which forms the cluster), with {@code configLines} added to the profile, and
     * waits until every node sees all of them Up.
     */
    public static LocalNodes start(Path dir, Map<String, String> environment, List<String> jvmOptions, int size,
                                   List<String> configLines, Duration timeout) throws Exception {
        Trees.delete(dir);
        Files.createDirectories(dir.resolve("blobs"));
        LocalNodes cluster = new LocalNodes(dir, environment, jvmOptions, size);
        try {
            for (int node = 0; node < size; node++) {
                List<String> lines = new ArrayList<>(configLines);
                lines.add("cairn.management.enabled = on");
                lines.add("pekko.management.http.port = " + cluster.managementPorts[node]);
                Files.write(cluster.config(node), lines);
            }
            List<Runnable> starts = new ArrayList<>();
            for (int node = 0; node < size; node++) {
                int n = node;
                starts.add(() -> cluster.launch(n, false));
            }
            inParallel(starts);
            cluster.awaitMembersUp(size, timeout);
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    public int size() {
        return clusterPorts.length;
    }

    /** The running process of a node; null while it is down. */
    public NodeProcess node(int node) {
        return nodes.get(node);
    }

    /** The nodes running now. */
    public List<NodeProcess> running() {
        List<NodeProcess> up = new ArrayList<>();
        for (int i = 0; i < size(); i++) {
            if (nodes.get(i) != null) {
                up.add(nodes.get(i));
            }
        }
        return up;
    }

    public Path log(int node) {
        return dir.resolve("node" + node + ".log");
    }

    /** The oldest member, as {@code asking} (a running node) sees it through Pekko Management's /cluster/members. */
    public int oldest(int asking) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
            + managementPorts[asking] + "/cluster/members")).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
        String oldest = JSON.readTree(r.body()).path("oldest").asText();
        for (int i = 0; i < size(); i++) {
            if (oldest.endsWith(":" + clusterPorts[i])) {
                return i;
            }
        }
        throw new IllegalStateException("node " + asking + " names no known node the oldest: " + r.body());
    }

    /** SIGKILL: the node is gone without leaving the cluster; the others must find it unreachable and down it. */
    public void kill(int node) throws InterruptedException {
        nodes.getAndSet(node, null).kill();
    }

    /**
     * Starts a killed node again on its data directory and cluster address, listing the others as seeds and itself
     * last (only the first seed listed may form a new cluster, which a node restarted into a running one must not),
     * and waits until every node sees all of them Up.
     */
    public void restart(int node, Duration timeout) throws Exception {
        launch(node, true);
        awaitMembersUp(size(), timeout);
    }

    /** Waits until every running node is Up and sees exactly {@code members} members, all Up. */
    public void awaitMembersUp(int members, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = 0; i < size(); i++) {
            NodeProcess p = nodes.get(i);
            while (p != null && !p.membership().allUp(members)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("node " + i + " sees " + p.membership() + ", not " + members
                        + " members Up, after " + timeout.toSeconds() + " s (log: " + log(i) + ")");
                }
                Thread.sleep(100);
            }
        }
    }

    private Path config(int node) {
        return dir.resolve("node" + node + ".conf");
    }

    private void launch(int node, boolean restart) {
        List<String> options = new ArrayList<>(List.of("--profile", "cluster", "--config", config(node).toString(),
            "--cluster-host", "127.0.0.1", "--cluster-port", Integer.toString(clusterPorts[node]),
            "--blob-dir", dir.resolve("blobs").toString()));
        for (int i = 0; i < size(); i++) {
            int seed = restart ? (node + 1 + i) % size() : i;
            options.addAll(List.of("--seed", "pekko://cairn@127.0.0.1:" + clusterPorts[seed]));
        }
        try {
            nodes.set(node, NodeProcess.start(dir.resolve("node" + node), log(node), jvmOptions, environment, options));
        } catch (Exception e) {
            throw new IllegalStateException("node " + node + " did not start", e);
        }
    }

    /**
     * Kills every running node, all at once: the benchmark throws the cluster and its database away, and a graceful
     * leave (drain, shard hand-off, leaving) would only add seconds to every run.
     */
    @Override
    public void close() {
        List<Runnable> kills = new ArrayList<>();
        for (int i = 0; i < size(); i++) {
            NodeProcess p = nodes.getAndSet(i, null);
            if (p != null) {
                kills.add(() -> {
                    try {
                        p.kill();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
        }
        inParallel(kills);
    }

    /** Runs each task on a thread of its own and waits for all; the first failure is rethrown. */
    private static void inParallel(List<Runnable> tasks) {
        List<CompletableFuture<Void>> running = new ArrayList<>();
        for (Runnable task : tasks) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            new Thread(() -> {
                try {
                    task.run();
                    done.complete(null);
                } catch (Throwable t) {
                    done.completeExceptionally(t);
                }
            }, "local-nodes").start();
            running.add(done);
        }
        running.forEach(CompletableFuture::join);
    }
}
