package org.cairn.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Cairn nodes as separate processes forming one cluster on loopback: the cluster profile, one PostgreSQL database
 * (or whatever {@code environment} and {@code profile} name), one shared blob directory, every node's cluster port
 * fixed for the test so a restarted node comes back at the same address, all nodes listed as seeds.
 */
final class LocalCluster implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Map<String, String> environment;
    private final String profile;
    private final int[] clusterPorts;
    private final AtomicReferenceArray<NodeProcess> nodes;
    private final Path config;

    private LocalCluster(Path dir, Map<String, String> environment, String profile, int size, String extraConfig)
        throws IOException {
        this.dir = dir;
        this.environment = environment;
        this.profile = profile;
        this.clusterPorts = new int[size];
        for (int i = 0; i < size; i++) {
            clusterPorts[i] = NodeProcess.freePort();
        }
        this.nodes = new AtomicReferenceArray<>(size);
        this.config = Files.writeString(dir.resolve("cluster-test.conf"), extraConfig);
        Files.createDirectories(blobs());
    }

    /** Starts {@code size} nodes at once and waits until each sees all of them Up. */
    static LocalCluster start(Path dir, Map<String, String> environment, String profile, int size,
                              String extraConfig) throws Exception {
        LocalCluster cluster = new LocalCluster(dir, environment, profile, size, extraConfig);
        try {
            List<CompletableFuture<Void>> starting = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                int node = i;
                starting.add(CompletableFuture.runAsync(() -> {
                    try {
                        cluster.startNode(node);
                    } catch (Exception e) {
                        throw new IllegalStateException("node " + node + " did not start", e);
                    }
                }));
            }
            for (CompletableFuture<Void> s : starting) {
                s.join();
            }
            cluster.awaitMembersUp(size, Duration.ofSeconds(90));
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    int size() {
        return clusterPorts.length;
    }

    Path blobs() {
        return dir.resolve("shared-blobs");
    }

    Path log(int node) {
        return dir.resolve("node" + node + ".log");
    }

    /** The running process of a node (null while it is down). */
    NodeProcess node(int node) {
        return nodes.get(node);
    }

    /**
     * Starts (or restarts) a node with its data directory, log and cluster address. The first start lists node 0
     * first on every node (node 0 forms the cluster); a restart lists the node itself last, as operators should:
     * only the first seed may form a new cluster, and a restarted node must join the running one.
     */
    NodeProcess startNode(int node) throws Exception {
        boolean restart = Files.exists(dir.resolve("node" + node));
        List<String> options = new ArrayList<>(List.of("--profile", profile, "--config", config.toString(),
            "--cluster-host", "127.0.0.1", "--cluster-port", Integer.toString(clusterPorts[node]),
            "--blob-dir", blobs().toString()));
        for (int i = 0; i < size(); i++) {
            int seed = restart ? (node + 1 + i) % size() : i;
            options.addAll(List.of("--seed", "pekko://cairn@127.0.0.1:" + clusterPorts[seed]));
        }
        NodeProcess started = NodeProcess.start(dir.resolve("node" + node), log(node), "384m", environment,
            options.toArray(String[]::new));
        nodes.set(node, started);
        return started;
    }

    /** SIGKILL: the node is gone without leaving; the others must down it. */
    void kill(int node) throws InterruptedException {
        NodeProcess p = nodes.getAndSet(node, null);
        p.kill();
    }

    /** SIGTERM and wait: the node drains its associations, hands its shards over and leaves. */
    boolean stop(int node) throws InterruptedException {
        NodeProcess p = nodes.getAndSet(node, null);
        return p.stop();
    }

    /**
     * Waits until every running node reports itself Up and sees {@code members} members, all Up (a stopped or
     * killed node must be gone from every view, not only no longer Up).
     */
    void awaitMembersUp(int members, Duration timeout) throws Exception {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        for (int i = 0; i < size(); i++) {
            NodeProcess p = nodes.get(i);
            if (p == null) {
                continue;
            }
            while (true) {
                JsonNode cluster = health(p).path("cluster");
                if ("Up".equals(cluster.path("self").asText()) && cluster.path("membersUp").asInt() == members
                    && cluster.path("members").asInt() == members) {
                    break;
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new AssertionError("node " + i + " sees " + cluster + ", not " + members + " members Up");
                }
                Thread.sleep(200);
            }
        }
    }

    private static JsonNode health(NodeProcess p) {
        try {
            HttpResponse<byte[]> r = p.get("/health");
            return JSON.readTree(r.body());
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }

    @Override
    public void close() {
        List<CompletableFuture<Void>> stopping = new ArrayList<>();
        for (int i = 0; i < size(); i++) {
            NodeProcess p = nodes.getAndSet(i, null);
            if (p != null) {
                stopping.add(CompletableFuture.runAsync(p::close));
            }
        }
        stopping.forEach(CompletableFuture::join);
    }
}
