package org.cairn.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * DCMTK storescp as a C-MOVE destination, writing what it receives to a directory. storescp has no bind-address
 * option: it runs with the shared tools' bind127 preload, which turns its wildcard bind into a loopback one.
 */
final class LoopbackStorescp implements AutoCloseable {
    final int port;
    final Path received;
    private final Process process;

    private LoopbackStorescp(int port, Path received, Process process) {
        this.port = port;
        this.received = received;
        this.process = process;
    }

    static LoopbackStorescp start(Path dir, String aeTitle) throws Exception {
        Path tools = Path.of(System.getProperty("cairn.corpus")).resolveSibling("tools");
        Path preload = dir.resolve("bind127.so");
        Process gcc = new ProcessBuilder("gcc", "-shared", "-fPIC", "-O2", "-o", preload.toString(),
            tools.resolve("bind127.c").toString(), "-ldl").inheritIO().start();
        if (gcc.waitFor() != 0) {
            throw new IOException("could not build bind127.so");
        }
        int port = NodeProcess.freePort();
        Path received = Files.createDirectories(dir.resolve("received"));
        ProcessBuilder pb = new ProcessBuilder("storescp", "-aet", aeTitle, "+xa", "-od", received.toString(),
            Integer.toString(port)).redirectErrorStream(true).redirectOutput(dir.resolve("storescp.log").toFile());
        pb.environment().put("LD_PRELOAD", preload.toString());
        Process p = pb.start();
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            try (java.net.Socket probe = new java.net.Socket("127.0.0.1", port)) {
                return new LoopbackStorescp(port, received, p);
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        p.destroyForcibly();
        throw new IOException("storescp did not start");
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
