package org.cairn.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cairn.load.peers.Peers;
import org.cairn.node.CairnNode;

/** A Cairn node in a JVM of its own on loopback, for benchmarks and peer tests; ready once /health answers. */
public final class CairnProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** The administrator's password the benchmarks start Cairn with (its HTTP API needs credentials). */
    public static final String ADMIN_PASSWORD = "bench-admin-password-0123";
    /** HTTP Basic credentials of that administrator. */
    public static final String AUTHORIZATION = "Basic " + java.util.Base64.getEncoder().encodeToString(
        ("admin:" + ADMIN_PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8));

    public final int dicomPort;
    public final int httpPort;
    private final Process process;

    private CairnProcess(Process process, int dicomPort, int httpPort) {
        this.process = process;
        this.dicomPort = dicomPort;
        this.httpPort = httpPort;
    }

    /**
     * Starts a node on {@code dataDir} with its log in {@code dir/node.log}; {@code jvmOptions} such as "-Xmx1g",
     * {@code nodeOptions} such as "--config", FILE. {@code dicomPort} 0 picks a free port.
     */
    public static CairnProcess start(Path dir, Path dataDir, int dicomPort, List<String> jvmOptions,
                                     List<String> nodeOptions) throws Exception {
        int dicom = dicomPort == 0 ? Peers.freePort() : dicomPort;
        int http = Peers.freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), CairnNode.class.getName(), "--bind",
            "127.0.0.1", "--dicom-port", Integer.toString(dicom), "--http-port", Integer.toString(http),
            "--data-dir", dataDir.toString()));
        command.addAll(nodeOptions);
        if (!nodeOptions.contains("--hl7-port")) {
            // never the default 2575: two nodes of two tests (or a benchmark beside a running node) would collide
            command.addAll(List.of("--hl7-port", Integer.toString(Peers.freePort())));
        }
        if (!nodeOptions.contains("--admin-password")) {
            command.addAll(List.of("--admin-password", ADMIN_PASSWORD));
        }
        Path log = dir.resolve("node.log");
        Process node = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        CairnProcess started = new CairnProcess(node, dicom, http);
        long deadline = System.currentTimeMillis() + 90_000;
        while (true) {
            try {
                if (started.get("/health").statusCode() == 200) {
                    return started;
                }
            } catch (IOException notYet) {
                if (System.currentTimeMillis() > deadline || !node.isAlive()) {
                    node.destroyForcibly();
                    throw new IllegalStateException("Cairn did not start: " + Files.readString(log));
                }
                Thread.sleep(200);
            }
        }
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A request to this node's HTTP listener as its administrator. */
    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
            .header("Authorization", AUTHORIZATION);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
