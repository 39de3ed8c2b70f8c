package org.cairn.load.cluster;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.concurrent.TimeUnit;
import org.cairn.load.CairnProcess;
import org.cairn.load.peers.Peers;
import org.cairn.node.CairnNode;

/**
 * One Cairn node of a benchmark cluster: a JVM of its own on loopback ports, its log appended to a file, its
 * process id known so that its CPU time can be read and it can be killed. Started with the benchmarks'
 * administrator password ({@link CairnProcess#AUTHORIZATION}).
 */
public final class NodeProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final int dicomPort;
    private final int httpPort;

    private NodeProcess(Process process, int dicomPort, int httpPort) {
        this.process = process;
        this.dicomPort = dicomPort;
        this.httpPort = httpPort;
    }

    /** What a node sees of the cluster on {@code /health}: its own status, the members Up and all it knows of. */
    public record Membership(String self, int membersUp, int members) {
        static final Membership UNKNOWN = new Membership("unknown", 0, 0);

        public boolean allUp(int expected) {
            return "Up".equals(self) && membersUp == expected && members == expected;
        }
    }

    /**
     * Starts a node with {@code jvmOptions} (e.g. "-Xmx384m"), data in {@code dataDir}, the extra {@code environment}
     * (the journal's) and {@code options} (profile, cluster address, seeds, blob directory, …), and waits until its
     * HTTP listener answers {@code /health}; it may still be joining the cluster then.
     */
    public static NodeProcess start(Path dataDir, Path log, List<String> jvmOptions, Map<String, String> environment,
                                    List<String> options) throws Exception {
        int dicom = Peers.freePort();
        int http = Peers.freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
            .toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), CairnNode.class.getName(), "--bind",
            "127.0.0.1", "--dicom-port", Integer.toString(dicom), "--http-port", Integer.toString(http), "--hl7-port",
            Integer.toString(Peers.freePort()), "--data-dir", dataDir.toString(), "--admin-password",
            CairnProcess.ADMIN_PASSWORD));
        command.addAll(options);
        Files.createDirectories(dataDir);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        NodeProcess node = new NodeProcess(builder.start(), dicom, http);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            try {
                if (node.get("/health").statusCode() == 200) {
                    return node;
                }
            } catch (IOException notYet) {
                if (!node.process.isAlive()) {
                    throw new IllegalStateException("the node exited at start; its log " + log + " ends: "
                        + tail(log));
                }
            }
            Thread.sleep(200);
        }
        node.process.destroyForcibly();
        throw new IllegalStateException("the node did not answer /health in 120 s; its log " + log + " ends: "
            + tail(log));
    }

    public long pid() {
        return process.pid();
    }

    public int dicomPort() {
        return dicomPort;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
            .header("Authorization", CairnProcess.AUTHORIZATION).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    /** The cluster as this node sees it; {@link Membership#UNKNOWN} if it does not answer. */
    public Membership membership() {
        try {
            JsonNode cluster = JSON.readTree(get("/health").body()).path("cluster");
            return new Membership(cluster.path("self").asText("unknown"), cluster.path("membersUp").asInt(),
                cluster.path("members").asInt());
        } catch (IOException e) {
            return Membership.UNKNOWN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Membership.UNKNOWN;
        }
    }

    /** This node's cluster traffic counters as of its last metrics snapshot. */
    public RemoteTraffic remoteTraffic() throws IOException, InterruptedException {
        HttpResponse<String> r = get("/metrics");
        if (r.statusCode() != 200) {
            throw new IOException("/metrics answered " + r.statusCode());
        }
        return RemoteTraffic.parse(r.body());
    }

    /** User and system CPU seconds of the node's JVM so far. */
    public double cpuSeconds() {
        return ProcessCpu.seconds(ProcessCpu.ticks(pid()));
    }

    /** SIGKILL, as a crash or the OOM killer would: no shutdown, nothing flushed, no leaving the cluster. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM (the node drains, hands its shards over and leaves), then SIGKILL if it has not exited in a minute. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static String tail(Path log) throws IOException {
        String all = Files.readString(log);
        return all.substring(Math.max(0, all.length() - 3000));
    }
}
