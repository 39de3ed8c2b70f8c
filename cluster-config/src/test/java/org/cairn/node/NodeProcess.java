package org.cairn.node;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A Cairn node run as a real process on free loopback ports, for tests; its output goes to a log file. */
final class NodeProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** The administrator's password of test nodes (a real node generates one or takes --admin-password). */
    static final String ADMIN_PASSWORD = "test-admin-password-0123";

    final Process process;
    final int dicomPort;
    final int httpPort;
    final int hl7Port;
    final Path log;

    private NodeProcess(Process process, int dicomPort, int httpPort, int hl7Port, Path log) {
        this.process = process;
        this.dicomPort = dicomPort;
        this.httpPort = httpPort;
        this.hl7Port = hl7Port;
        this.log = log;
    }

    /** Starts a node on {@code dataDir} with a heap of {@code heap} (e.g. "512m") and waits for /health. */
    static NodeProcess start(Path dataDir, Path log, String heap, String... options) throws Exception {
        return start(dataDir, log, heap, java.util.Map.of(), options);
    }

    /** As {@link #start(Path, Path, String, String...)} with extra environment variables (e.g. the journal's). */
    static NodeProcess start(Path dataDir, Path log, String heap, java.util.Map<String, String> environment,
                             String... options) throws Exception {
        if (!List.of(options).contains("--admin-password")) {
            List<String> withPassword = new ArrayList<>(List.of(options));
            withPassword.addAll(List.of("--admin-password", ADMIN_PASSWORD));
            options = withPassword.toArray(String[]::new);
        }
        int dicomPort = freePort();
        int httpPort = freePort();
        int hl7Port = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx" + heap, "-cp", System.getProperty("java.class.path"), CairnNode.class.getName(), "--bind", "127.0.0.1",
            "--dicom-port", Integer.toString(dicomPort), "--http-port", Integer.toString(httpPort),
            "--hl7-port", Integer.toString(hl7Port),
            "--data-dir", dataDir.toString()));
        command.addAll(List.of(options));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        Process p = builder.start();
        NodeProcess node = new NodeProcess(p, dicomPort, httpPort, hl7Port, log);
        // a node restarted into a busy three-node cluster on two shared cores may take over a minute
        long deadline = System.currentTimeMillis() + 150_000;
        while (System.currentTimeMillis() < deadline) {
            try {
                if (node.get("/health").statusCode() == 200) {
                    return node;
                }
            } catch (IOException notYet) {
                if (!p.isAlive()) {
                    throw new AssertionError("node exited: " + Files.readString(log));
                }
            }
            Thread.sleep(200);
        }
        p.destroyForcibly();
        throw new AssertionError("node did not start: " + Files.readString(log));
    }

    HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
        return HTTP.send(request(path).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** A request to this node's HTTP listener as its administrator. */
    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
            .header("Authorization", authorization());
    }

    /** HTTP Basic credentials of the administrator every test node is started with. */
    static String authorization() {
        return "Basic " + java.util.Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD)
            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** SIGKILL: no shutdown hooks, nothing flushed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM and wait; true if it stopped in time. */
    boolean stop() throws InterruptedException {
        process.destroy();
        return process.waitFor(60, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        try {
            if (process.isAlive() && !stop()) {
                kill();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Ports handed out by this JVM: the kernel may offer a just-closed port again, so two listeners could get one. */
    private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static int freePort() throws IOException {
        while (true) {
            try (ServerSocket s = new ServerSocket(0)) {
                if (HANDED_OUT.add(s.getLocalPort())) {
                    return s.getLocalPort();
                }
            }
        }
    }
}
