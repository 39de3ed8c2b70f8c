package org.cairn.load.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.cairn.load.peers.Peers;

/**
 * Debian's PostgreSQL 15 in a directory of its own on a loopback port, started and stopped by a benchmark: the
 * shared journal and views of a cluster. PostgreSQL refuses to run as root, so under root it runs as the postgres
 * user (which must be able to enter the directory). Durable as in production: fsync on, the defaults otherwise.
 */
public final class ThrowawayPostgres implements AutoCloseable {
    private static final String BIN = "/usr/lib/postgresql/15/bin/";
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    private final Path dir;
    private final int port;
    private final AtomicInteger databases = new AtomicInteger();

    private ThrowawayPostgres(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /**
     * Creates a database cluster in a new temporary directory and starts it. The directory is made under the system's
     * temporary directory, not under the caller's, since the postgres user must be able to reach it.
     */
    public static ThrowawayPostgres start() throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of(BIN, "initdb"))) {
            throw new IllegalStateException("PostgreSQL 15 is not installed (apt-get install postgresql)");
        }
        Path dir = Files.createTempDirectory("cairn-bench-pg");
        if (ROOT) {
            run(List.of("chown", "postgres", dir.toString()));
        }
        int port = Peers.freePort();
        run(asPostgres(BIN + "initdb", "-D", dir.resolve("data").toString(), "-A", "trust", "-U", "cairn"));
        run(asPostgres(BIN + "pg_ctl", "-D", dir.resolve("data").toString(), "-o",
            "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=200",
            "-l", dir.resolve("postgres.log").toString(), "-w", "start"));
        return new ThrowawayPostgres(dir, port);
    }

    /** A new, empty database; returns the environment a node needs to keep its journal and views there. */
    public Map<String, String> newDatabase() throws Exception {
        String name = "cairn_" + databases.incrementAndGet();
        try (Connection c = DriverManager.getConnection(url("postgres"), "cairn", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return Map.of("CAIRN_JOURNAL_URL", url(name), "CAIRN_JOURNAL_USER", "cairn", "CAIRN_JOURNAL_PASSWORD", "");
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** CPU ticks of the server so far: the postmaster, its running processes and the connections it reaped. */
    public long cpuTicks() throws IOException {
        long postmaster = Long.parseLong(Files.readAllLines(dir.resolve("data/postmaster.pid")).get(0).strip());
        return ProcessCpu.ticksWithChildren(postmaster);
    }

    /** Stops the server and deletes its directory. */
    @Override
    public void close() throws IOException, InterruptedException {
        try {
            run(asPostgres(BIN + "pg_ctl", "-D", dir.resolve("data").toString(), "-m", "fast", "stop"));
        } finally {
            Trees.delete(dir);
        }
    }

    private static List<String> asPostgres(String... command) {
        List<String> full = new ArrayList<>();
        if (ROOT) {
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
