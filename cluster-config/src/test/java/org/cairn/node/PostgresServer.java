package org.cairn.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A throwaway PostgreSQL 15 (Debian's) in a temporary directory on a loopback port, for tests. PostgreSQL refuses
 * to run as root, so as root it runs as the postgres user.
 */
final class PostgresServer implements AutoCloseable {
    private static final String BIN = "/usr/lib/postgresql/15/bin/";
    private final Path dir;
    private final int port;
    private final AtomicInteger databases = new AtomicInteger();

    private PostgresServer(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    static PostgresServer start() throws Exception {
        Path dir = Files.createTempDirectory("cairn-pg");
        int port = NodeProcess.freePort();
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            run(List.of("chown", "postgres", dir.toString()));
        }
        run(asPostgres(root, BIN + "initdb", "-D", dir.resolve("data").toString(), "-A", "trust", "-U", "cairn"));
        run(asPostgres(root, BIN + "pg_ctl", "-D", dir.resolve("data").toString(), "-o",
            "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=on", "-l", dir.resolve("log").toString(),
            "-w", "start"));
        return new PostgresServer(dir, port);
    }

    /** A new, empty database; returns the environment a node needs to use it as its journal. */
    Map<String, String> newDatabase() throws Exception {
        String name = "cairn_" + databases.incrementAndGet();
        try (Connection c = DriverManager.getConnection(url("postgres"), "cairn", "")) {
            c.createStatement().execute("CREATE DATABASE " + name);
        }
        return Map.of("CAIRN_JOURNAL_URL", url(name), "CAIRN_JOURNAL_USER", "cairn", "CAIRN_JOURNAL_PASSWORD", "");
    }

    String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    @Override
    public void close() throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        run(asPostgres(root, BIN + "pg_ctl", "-D", dir.resolve("data").toString(), "-m", "fast", "stop"));
    }

    private static List<String> asPostgres(boolean root, String... command) {
        List<String> full = new ArrayList<>();
        if (root) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(List.of(command));
        return full;
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }
}
