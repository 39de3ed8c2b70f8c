package org.cairn.load;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.cairn.load.peers.Peers;
import org.cairn.net.dimse.Status;
import org.cairn.scu.AssociationRequest;
import org.cairn.scu.DicomClient;
import org.cairn.scu.ScuAssociation;

/**
 * {@code ./cairn bench echo}: association establishment plus release (median and p99) and C-ECHO round trips per
 * second on 1 and on 50 associations, with Cairn's SCU against Cairn (in a JVM of its own), DCMTK storescp (alone,
 * and with --fork) and Orthanc, all on loopback in the same run. DCMTK and Orthanc run with TCP_NODELAY=1.
 */
public final class EchoBenchmark {
    static final int ASSOCIATE_WARMUP = 300;
    static final int ASSOCIATE_MEASURED = 1000;
    static final long ECHO_WARMUP_MS = 2000;
    static final long ECHO_MEASURED_MS = 5000;

    private EchoBenchmark() {
    }

    record Result(String peer, Histogram associate, double echoOne, double echoFifty) {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        Path work = Files.createDirectories(root.resolve("load-tests/target/bench-echo"));
        List<Result> results = new ArrayList<>();
        try (DicomClient client = DicomClient.create()) {
            Process cairn = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), VerificationNode.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(cairn.getInputStream(), StandardCharsets.UTF_8));
                String line = out.readLine();
                while (line != null && !line.startsWith("PORT ")) {
                    line = out.readLine();
                }
                if (line == null) {
                    throw new IllegalStateException("Cairn's verification node did not start");
                }
                int port = Integer.parseInt(line.substring("PORT ".length()).trim());
                results.add(measure(client, "Cairn", "CAIRN", port));
            } finally {
                cairn.getOutputStream().close();
                cairn.waitFor(10, TimeUnit.SECONDS);
                cairn.destroy();
            }
            try (Peers.Peer storescp = Peers.storescp(Files.createDirectories(work.resolve("storescp")), "STORESCP")) {
                results.add(measure(client, "DCMTK storescp", "STORESCP", storescp.port(), false));
            }
            try (Peers.Peer forking = Peers.storescp(Files.createDirectories(work.resolve("storescp-fork")), "STORESCP",
                true)) {
                results.add(measure(client, "DCMTK storescp --fork", "STORESCP", forking.port()));
            }
            try (Peers.Peer orthanc = Peers.orthanc(Files.createDirectories(work.resolve("orthanc")), "ORTHANC",
                Map.of(), 50)) {
                results.add(measure(client, "Orthanc 1.10", "ORTHANC", orthanc.port()));
            }
        }
        StringBuilder table = new StringBuilder("| peer | associate + release median | p99 | C-ECHO/s, 1 association "
            + "| C-ECHO/s, 50 associations |\n|---|---:|---:|---:|---:|\n");
        for (Result r : results) {
            table.append(String.format("| %s | %.2f ms | %.2f ms | %,.0f | %s |%n", r.peer(),
                r.associate().getValueAtPercentile(50) / 1000.0, r.associate().getValueAtPercentile(99) / 1000.0,
                r.echoOne(), r.echoFifty() < 0 ? "n/a (one association at a time)" : String.format("%,.0f", r.echoFifty())));
        }
        String report = "Association and C-ECHO benchmark, " + LocalDate.now() + ", "
            + Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version") + "\n\n"
            + table;
        Files.writeString(root.resolve("load-tests/target/echo-benchmark.md"), report);
        System.out.println(report);
    }

    static Result measure(DicomClient client, String peer, String ae, int port) throws Exception {
        return measure(client, peer, ae, port, true);
    }

    static Result measure(DicomClient client, String peer, String ae, int port, boolean concurrent) throws Exception {
        Histogram associate = new Histogram(60_000_000L, 3);
        for (int i = 0; i < ASSOCIATE_WARMUP + ASSOCIATE_MEASURED; i++) {
            long start = System.nanoTime();
            ScuAssociation a = open(client, ae, port);
            a.release().toCompletableFuture().get(30, TimeUnit.SECONDS);
            if (i >= ASSOCIATE_WARMUP) {
                associate.recordValue((System.nanoTime() - start) / 1000);
            }
        }
        double one = echoRate(client, ae, port, 1);
        double fifty = concurrent ? echoRate(client, ae, port, 50) : -1;
        System.out.printf("%s: associate median %.2f ms, echo %.0f/s on 1, %.0f/s on 50%n", peer,
            associate.getValueAtPercentile(50) / 1000.0, one, fifty);
        return new Result(peer, associate, one, fifty);
    }

    private static ScuAssociation open(DicomClient client, String ae, int port) throws Exception {
        return client.connect("127.0.0.1", port, AssociationRequest.to(ae).verification()).toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    }

    /** C-ECHOs per second over {@code associations} associations, each echoing back to back. */
    private static double echoRate(DicomClient client, String ae, int port, int associations) throws Exception {
        List<ScuAssociation> open = new ArrayList<>();
        for (int i = 0; i < associations; i++) {
            open.add(open(client, ae, port));
        }
        AtomicLong count = new AtomicLong();
        long warmupEnd = System.nanoTime() + ECHO_WARMUP_MS * 1_000_000;
        long end = warmupEnd + ECHO_MEASURED_MS * 1_000_000;
        List<CompletableFuture<Void>> loops = new ArrayList<>();
        for (ScuAssociation a : open) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            loop(a, warmupEnd, end, count, done);
            loops.add(done);
        }
        for (CompletableFuture<Void> loop : loops) {
            loop.get(60, TimeUnit.SECONDS);
        }
        for (ScuAssociation a : open) {
            a.release().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        return count.get() / (ECHO_MEASURED_MS / 1000.0);
    }

    private static void loop(ScuAssociation a, long warmupEnd, long end, AtomicLong count, CompletableFuture<Void> done) {
        a.echo().whenComplete((status, failure) -> {
            if (failure != null || status != Status.SUCCESS) {
                done.completeExceptionally(failure != null ? failure : new IllegalStateException("status " + status));
                return;
            }
            long now = System.nanoTime();
            if (now > warmupEnd && now <= end) {
                count.incrementAndGet();
            }
            if (now < end) {
                loop(a, warmupEnd, end, count, done);
            } else {
                done.complete(null);
            }
        });
    }
}
