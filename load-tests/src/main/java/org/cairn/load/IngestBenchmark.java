package org.cairn.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.cairn.dicom.dict.UID;
import org.cairn.load.peers.Peers;
import org.cairn.net.dimse.Status;
import org.cairn.scu.AssociationRequest;
import org.cairn.scu.DicomClient;
import org.cairn.scu.ScuAssociation;

/**
 * {@code ./cairn bench ingest}: 2,000 generated CT slices (512×512, 16-bit, about 525 KB each) stored over 1 and
 * over 8 associations into Cairn (the node in a JVM of its own, H2 journal, every instance durable before its
 * response), Orthanc (default SQLite index) and DCMTK storescp (files only, no index: the practical upper bound),
 * in the same run, with Cairn's SCU streaming the files from disk. DCMTK and Orthanc run with TCP_NODELAY=1.
 * Each peer first receives 300 other slices, untimed: Cairn's JVM is measured compiled, as it runs in service.
 * {@code --cairn-only} skips the peers (for profiling); {@code -Dcairn.bench.nodeOptions="..."} adds JVM options to
 * the node (a flight recording, say).
 */
public final class IngestBenchmark {
    static final int SLICES = 2000;
    /** A series of its own sent first and not timed, so that a JVM is measured compiled, as it runs in service. */
    static final int WARM_UP_SLICES = 300;
    private static List<Path> warmUp;

    private IngestBenchmark() {
    }

    record Result(String peer, int associations, double seconds, long bytes) {
        double instancesPerSecond() {
            return SLICES / seconds;
        }

        double megabytesPerSecond() {
            return bytes / 1e6 / seconds;
        }
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        Path work = Files.createDirectories(root.resolve("load-tests/target/bench-ingest"));
        List<Path> files = SyntheticStudies.ctSeries(root.resolve("load-tests/target/bench/ct2000"), SLICES);
        warmUp = SyntheticStudies.ctSeries(root.resolve("load-tests/target/bench/ct300"), WARM_UP_SLICES);
        long bytes = 0;
        for (Path f : files) {
            bytes += Files.size(f);
        }
        boolean cairnOnly = List.of(args).contains("--cairn-only");
        List<Result> results = new ArrayList<>();
        try (DicomClient client = DicomClient.create()) {
            for (int associations : new int[] {1, 8}) {
                results.add(cairn(client, work.resolve("cairn-" + associations), files, associations, bytes));
                if (cairnOnly) {
                    continue;
                }
                try (Peers.Peer orthanc = Peers.orthanc(Files.createDirectories(work.resolve("orthanc-" + associations)),
                    "ORTHANC", Map.of(), 8)) {
                    results.add(send(client, "Orthanc 1.10", "ORTHANC", orthanc.port(), files, associations, bytes));
                }
                try (Peers.Peer storescp = Peers.storescp(Files.createDirectories(work.resolve("storescp-" + associations)),
                    "STORESCP", associations > 1)) {
                    results.add(send(client, associations > 1 ? "DCMTK storescp --fork" : "DCMTK storescp", "STORESCP",
                        storescp.port(), files, associations, bytes));
                }
            }
        }
        StringBuilder table = new StringBuilder("| peer | associations | seconds | instances/s | MB/s |\n"
            + "|---|---:|---:|---:|---:|\n");
        for (Result r : results) {
            table.append(String.format("| %s | %d | %.1f | %,.0f | %,.0f |%n", r.peer(), r.associations(), r.seconds(),
                r.instancesPerSecond(), r.megabytesPerSecond()));
        }
        String report = "Ingest benchmark, " + LocalDate.now() + ", " + SLICES + " CT slices ("
            + String.format("%.0f MB", bytes / 1e6) + "), " + Runtime.getRuntime().availableProcessors() + " cores\n\n"
            + table;
        Files.writeString(root.resolve("load-tests/target/ingest-benchmark.md"), report);
        System.out.println(report);
    }

    private static Result cairn(DicomClient client, Path dir, List<Path> files, int associations, long bytes)
        throws Exception {
        deleteRecursively(dir); // a journal left by an earlier run would turn every store into a duplicate
        Files.createDirectories(dir);
        List<String> jvm = new ArrayList<>(List.of("-Xmx1g"));
        String nodeOptions = System.getProperty("cairn.bench.nodeOptions", "").strip();
        if (!nodeOptions.isEmpty()) {
            jvm.addAll(List.of(nodeOptions.split("\\s+")));
        }
        try (CairnProcess node = CairnProcess.start(dir, dir.resolve("data"), 0, jvm, List.of())) {
            Result result = send(client, "Cairn", "CAIRN", node.dicomPort, files, associations, bytes);
            reportGrouping(node);
            return result;
        }
    }

    /** Prints how many instances each group-commit fsync served, from the node's metrics (warm-up included). */
    private static void reportGrouping(CairnProcess node) throws Exception {
        Thread.sleep(6_000); // the metrics snapshot is taken every 5 s
        String metrics = node.get("/metrics").body();
        for (String sync : List.of("journal", "blobs")) {
            double sum = metric(metrics, "cairn_group_commit_requests_per_fsync_sum", sync);
            double count = metric(metrics, "cairn_group_commit_requests_per_fsync_count", sync);
            System.out.printf("  group commit (%s): %.0f requests, %.0f fsyncs, %.2f per fsync%n", sync, sum, count,
                count == 0 ? 0 : sum / count);
        }
    }

    private static double metric(String metrics, String name, String sync) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name + "{") && line.contains("sync=\"" + sync + "\"")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Stores every file, split over {@code associations} concurrent associations; each must succeed. */
    private static Result send(DicomClient client, String peer, String ae, int port, List<Path> files, int associations,
                               long bytes) throws Exception {
        sendAll(client, peer, ae, port, warmUp, associations);
        long start = System.nanoTime();
        sendAll(client, peer, ae, port, files, associations);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%s over %d: %.1f s, %.0f instances/s%n", peer, associations, seconds, SLICES / seconds);
        return new Result(peer, associations, seconds, bytes);
    }

    private static void sendAll(DicomClient client, String peer, String ae, int port, List<Path> files,
                                int associations) throws Exception {
        List<CompletableFuture<Void>> senders = new ArrayList<>();
        for (int a = 0; a < associations; a++) {
            List<Path> share = new ArrayList<>();
            for (int i = a; i < files.size(); i += associations) {
                share.add(files.get(i));
            }
            senders.add(CompletableFuture.runAsync(() -> {
                try {
                    ScuAssociation association = client.connect("127.0.0.1", port, AssociationRequest.to(ae)
                        .propose(UID.CTImageStorage, UID.ExplicitVRLittleEndian)).toCompletableFuture()
                        .get(60, TimeUnit.SECONDS);
                    for (Path f : share) {
                        int status = association.store(f).toCompletableFuture().get(120, TimeUnit.SECONDS).status();
                        if (status != Status.SUCCESS) {
                            throw new IllegalStateException(peer + " answered " + Integer.toHexString(status) + " for " + f);
                        }
                    }
                    association.release().toCompletableFuture().get(60, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (CompletableFuture<Void> s : senders) {
            s.get(30, TimeUnit.MINUTES);
        }
    }
}
