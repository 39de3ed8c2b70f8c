package org.cairn.node;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node Cassandra 5.0 in a directory of the test's, on loopback ports of its own, as a separate JVM:
 * cassandra-all brings its own Netty, Guava and logback, so it runs from the classpath that the test-cassandra
 * module writes ({@code mvn -pl test-cassandra install}), never from the test's.
 */
final class CassandraNode implements AutoCloseable {
    private static final String HOST = "127.0.0.1";
    /** Cassandra's data center name under SimpleSnitch. */
    static final String DATACENTER = "datacenter1";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    /**
     * Measured here: as quick to answer CQL as with 1G (11 to 14 s) at 950 MiB resident instead of 1.5 GiB; 384M
     * saves only 135 MiB more, and once logged a long GC pause while starting on a loaded machine.
     */
    private static final String HEAP = "512M";

    private final Process process;
    private final int port;
    private final Path log;
    private Duration startupTime;

    private CassandraNode(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    private static CassandraNode shared;

    /**
     * One node for every test class of this JVM that needs one (each uses keyspaces of its own): a Cassandra start
     * costs 10 to 15 s of the suite's time. Stopped when the JVM exits.
     */
    static synchronized CassandraNode shared() throws Exception {
        if (shared == null) {
            Path dir = java.nio.file.Files.createTempDirectory("cairn-cassandra-shared");
            CassandraNode node = start(dir);
            Runtime.getRuntime().addShutdownHook(new Thread(node::close, "cassandra-stop"));
            shared = node;
        }
        return shared;
    }

    /** Starts a node keeping everything under {@code dir}, and returns once it answers CQL. */
    static CassandraNode start(Path dir) throws Exception {
        List<String> classpath = classpath();
        int nativePort = NodeProcess.freePort();
        int storagePort = NodeProcess.freePort();
        int jmxPort = NodeProcess.freePort();
        Path config = Files.writeString(dir.resolve("cassandra.yaml"), yaml(dir.resolve("run"), nativePort, storagePort));
        Path logging = Files.writeString(dir.resolve("logback.xml"), LOGBACK);
        Path log = dir.resolve("cassandra.log");

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xms" + HEAP, "-Xmx" + HEAP, "-Xss256k"));
        command.addAll(JAVA_17_ACCESS);
        command.addAll(List.of(
            "-Djava.net.preferIPv4Stack=true",
            "-Djdk.attach.allowAttachSelf=true",
            "-Dcassandra.config=" + config.toUri(),
            "-Dcassandra.storagedir=" + dir.resolve("run"),
            "-Dcassandra-foreground=yes",
            "-Dlogback.configurationFile=" + logging,
            "-Dcassandra.jmx.local.port=" + jmxPort,
            // alone in its ring: no gossip to wait for
            "-Dcassandra.skip_wait_for_gossip_to_settle=0",
            "-Dcassandra.ring_delay_ms=1000",
            "-cp", String.join(java.io.File.pathSeparator, classpath),
            "org.apache.cassandra.service.CassandraDaemon"));
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        CassandraNode node = new CassandraNode(process, nativePort, log);
        try {
            node.awaitCql(started);
        } catch (Exception | Error e) {
            node.close();
            throw e;
        }
        return node;
    }

    String host() {
        return HOST;
    }

    int port() {
        return port;
    }

    /** host:port, as the driver's {@code basic.contact-points} takes it. */
    String contactPoint() {
        return HOST + ":" + port;
    }

    /** From the JVM's launch to the first CQL answer. */
    Duration startupTime() {
        return startupTime;
    }

    /** The node's resident memory now, from /proc (Linux). */
    long residentBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS for process " + process.pid());
    }

    /** A session on the node, for tests that look at what was written. */
    CqlSession session() {
        return CqlSession.builder().addContactPoint(new InetSocketAddress(HOST, port)).withLocalDatacenter(DATACENTER)
            .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(10)).build())
            .build();
    }

    /** SIGTERM (Cassandra drains and flushes), then a kill if it has not exited within 20 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void awaitCql(long started) throws Exception {
        long deadline = started + STARTUP_TIMEOUT.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Cassandra exited with code " + process.exitValue()
                    + " before answering CQL on " + contactPoint() + "; the end of " + log + ":\n" + logTail());
            }
            if (listening()) {
                try (CqlSession session = session()) {
                    session.execute("SELECT release_version FROM system.local").one();
                    startupTime = Duration.ofNanos(System.nanoTime() - started);
                    return;
                } catch (RuntimeException e) {
                    last = e;
                }
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("Cassandra did not answer CQL on " + contactPoint() + " within "
            + STARTUP_TIMEOUT.toSeconds() + " s" + (last == null ? "" : " (last attempt: " + last + ")")
            + "; the end of " + log + ":\n" + logTail(), last);
    }

    /** Cheaper than a driver session while the port is still closed. */
    private boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static List<String> classpath() throws IOException {
        // surefire runs in the module's directory: cluster-config, beside test-cassandra
        Path file = Path.of("").toAbsolutePath().resolveSibling("test-cassandra").resolve("target")
            .resolve("cassandra-classpath.txt");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " is missing: build it with `mvn -o -pl test-cassandra install`"
                + " (it lists cassandra-all's jars for the separate JVM)");
        }
        return List.of(Files.readString(file).strip().split(java.io.File.pathSeparator));
    }

    /** One node alone in its ring, small, everything under {@code run}. */
    private static String yaml(Path run, int nativePort, int storagePort) {
        return """
            cluster_name: cairn-test
            num_tokens: 1
            initial_token: 0
            partitioner: org.apache.cassandra.dht.Murmur3Partitioner
            endpoint_snitch: SimpleSnitch
            dynamic_snitch: false
            authenticator: AllowAllAuthenticator
            authorizer: AllowAllAuthorizer
            seed_provider:
              - class_name: org.apache.cassandra.locator.SimpleSeedProvider
                parameters:
                  - seeds: "127.0.0.1:%2$d"
            listen_address: 127.0.0.1
            rpc_address: 127.0.0.1
            storage_port: %2$d
            native_transport_port: %1$d
            start_native_transport: true
            data_file_directories:
              - %3$s/data
            commitlog_directory: %3$s/commitlog
            saved_caches_directory: %3$s/saved_caches
            hints_directory: %3$s/hints
            cdc_raw_directory: %3$s/cdc_raw
            # a test node: a crash may lose the last 10 s, and nothing waits for the disk
            commitlog_sync: periodic
            commitlog_sync_period: 10000ms
            commitlog_segment_size: 8MiB
            memtable_heap_space: 64MiB
            memtable_offheap_space: 64MiB
            key_cache_size: 8MiB
            counter_cache_size: 0MiB
            concurrent_reads: 4
            concurrent_writes: 4
            concurrent_counter_writes: 4
            concurrent_compactors: 1
            disk_failure_policy: stop
            commit_failure_policy: stop
            auto_snapshot: false
            """.formatted(nativePort, storagePort, run);
    }

    /** INFO to the console, which the test sends to cassandra.log: enough to see why a start failed. */
    private static final String LOGBACK = """
        <configuration>
          <appender name="CONSOLE" class="ch.qos.logback.core.ConsoleAppender">
            <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{24} - %msg%n</pattern></encoder>
          </appender>
          <root level="INFO"><appender-ref ref="CONSOLE"/></root>
        </configuration>
        """;

    /** What Cassandra 5.0 reaches into on Java 17 (its jvm17-server.options). */
    private static final List<String> JAVA_17_ACCESS = List.of(
        "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
        "--add-exports", "java.base/java.lang.ref=ALL-UNNAMED",
        "--add-exports", "java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED",
        "--add-exports", "java.rmi/sun.rmi.registry=ALL-UNNAMED",
        "--add-exports", "java.rmi/sun.rmi.server=ALL-UNNAMED",
        "--add-exports", "java.sql/java.sql=ALL-UNNAMED",
        "--add-exports", "jdk.unsupported/sun.misc=ALL-UNNAMED",
        "--add-exports", "jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
        "--add-exports", "jdk.attach/sun.tools.attach=ALL-UNNAMED",
        "--add-opens", "java.base/java.lang=ALL-UNNAMED",
        "--add-opens", "java.base/java.lang.module=ALL-UNNAMED",
        "--add-opens", "java.base/java.lang.reflect=ALL-UNNAMED",
        "--add-opens", "java.base/java.io=ALL-UNNAMED",
        "--add-opens", "java.base/java.util=ALL-UNNAMED",
        "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens", "java.base/jdk.internal.loader=ALL-UNNAMED",
        "--add-opens", "java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-opens", "java.base/jdk.internal.reflect=ALL-UNNAMED",
        "--add-opens", "java.base/jdk.internal.math=ALL-UNNAMED",
        "--add-opens", "java.base/jdk.internal.module=ALL-UNNAMED",
        "--add-opens", "java.base/jdk.internal.util.jar=ALL-UNNAMED",
        "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
        "--add-opens", "jdk.compiler/com.sun.tools.javac=ALL-UNNAMED");
}
