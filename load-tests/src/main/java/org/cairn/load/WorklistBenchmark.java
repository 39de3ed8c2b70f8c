package org.cairn.load;

import com.fasterxml.jackson.annotation.JsonInclude;
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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.cairn.dicom.DataElement;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.Vr;
import org.cairn.dicom.dict.Tag;
import org.cairn.dicom.dict.UID;
import org.cairn.load.peers.Peers;
import org.cairn.scu.AssociationRequest;
import org.cairn.scu.DicomClient;
import org.cairn.scu.ScuAssociation;
import org.cairn.worklist.Order;

/**
 * {@code ./cairn bench worklist [ENTRIES]} (default 10,000): Modality Worklist C-FIND latency by Scheduled Procedure
 * Step Start Date range (3 days of 60) plus Modality plus Scheduled Station AE Title, with Cairn's SCU on one
 * association per server, against a Cairn node whose worklist was filled through {@code POST /api/worklist}, and
 * against DCMTK {@code wlmscpfs} holding the same entries as worklist files, in the same run. Every answer is checked
 * against the orders the query should match, and the two servers against each other; a mismatch fails the run.
 * Cairn: 500 measured queries after 2,000 unmeasured ones (on two cores the JIT compiler needs that many before the
 * query path runs compiled: a probe of 300-query rounds on one node gave medians of 12.4, 7.9, 3.8, 3.1, 3.5, 2.3 and
 * 2.3 ms). wlmscpfs, a C++ process forked per
 * association, gets the first 50 of those unmeasured, and reads every file for every query, so when its queries
 * would take over two minutes it is measured on 40 after 5 (the first 40 of Cairn's measured queries).
 */
public final class WorklistBenchmark {
    static final int WARM_UP = 2_000;
    static final int PEER_WARM_UP = 50;
    static final int MEASURED = 500;
    static final int SLOW_WARM_UP = 5;
    static final int SLOW_MEASURED = 40;
    static final int IN_FLIGHT = 16;
    private static final ObjectMapper JSON = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();

    private WorklistBenchmark() {
    }

    /** One server's measurement: latencies (µs), its answers (accession numbers per measured query) in order. */
    record Measured(String server, int warmUp, Histogram latencies, List<List<String>> answers) {
        double meanMatches() {
            return answers.stream().mapToInt(List::size).average().orElse(0);
        }
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        int entries = args.length > 1 ? Integer.parseInt(args[1].replace(",", "").replace("_", "")) : 10_000;
        if (entries < 1) {
            throw new IllegalArgumentException("ENTRIES must be at least 1: " + entries);
        }
        Path work = root.resolve("load-tests/target/bench-worklist");
        deleteTree(work); // each run starts from an empty node and empty worklist files
        Files.createDirectories(work);

        List<Order> orders = WorklistOrders.generate(entries);
        List<WorklistOrders.Query> warmUp = WorklistOrders.queries(WARM_UP, 1);
        List<WorklistOrders.Query> measured = WorklistOrders.queries(MEASURED, 2);
        List<Set<String>> expected = measured.stream().map(q -> q.expected(orders)).toList();

        long writing = System.nanoTime();
        Path files = work.resolve("worklist-files");
        WorklistFilesPeer.writeFiles(files, orders);
        double filesSeconds = (System.nanoTime() - writing) / 1e9;
        System.out.printf(Locale.ROOT, "wlmscpfs: %d worklist files written in %.1f s%n", entries, filesSeconds);

        Measured cairnResult;
        double createSeconds;
        double viewSeconds;
        try (DicomClient client = DicomClient.create()) {
            try (CairnProcess cairn = CairnProcess.start(work, work.resolve("data"), 0, List.of("-Xmx1g"),
                List.of("--hl7-port", Integer.toString(Peers.freePort())))) {
                long creating = System.nanoTime();
                create(cairn.httpPort, orders);
                long created = System.nanoTime();
                createSeconds = (created - creating) / 1e9;
                System.out.printf(Locale.ROOT, "Cairn: %d entries created through REST in %.1f s (%.0f entries/s)%n",
                    entries, createSeconds, entries / createSeconds);
                awaitView(cairn, entries);
                viewSeconds = (System.nanoTime() - created) / 1e9;
                System.out.printf(Locale.ROOT, "Cairn: all %d entries in the worklist view %.2f s after the last "
                    + "write%n", entries, viewSeconds);
                cairnResult = measure(client, "Cairn", "CAIRN", cairn.dicomPort, warmUp, measured);
            }
            check(cairnResult, measured, expected);

            Measured dcmtk;
            Path peerDir = Files.createDirectories(work.resolve("wlmscpfs"));
            try (Peers.Peer wlm = WorklistFilesPeer.start(peerDir, files)) {
                dcmtk = measureFiles(client, wlm.port(), orders.get(0), warmUp.subList(0, PEER_WARM_UP), measured);
            }
            check(dcmtk, measured, expected);
            int compared = dcmtk.answers().size();
            for (int i = 0; i < compared; i++) {
                if (!cairnResult.answers().get(i).equals(dcmtk.answers().get(i))) {
                    throw new IllegalStateException("query " + i + " " + measured.get(i) + ": Cairn answered "
                        + cairnResult.answers().get(i) + ", wlmscpfs answered " + dcmtk.answers().get(i));
                }
            }
            String report = report(entries, createSeconds, viewSeconds, filesSeconds, cairnResult, dcmtk, compared);
            Files.writeString(root.resolve("load-tests/target/worklist-benchmark.md"), report);
            System.out.println(report);
        }
    }

    /** Creates every order through {@code POST /api/worklist}, {@link #IN_FLIGHT} at a time; each must get 201. */
    private static void create(int httpPort, List<Order> orders) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + httpPort + "/api/worklist");
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        AtomicReference<String> failure = new AtomicReference<>();
        for (Order order : orders) {
            if (failure.get() != null) {
                break;
            }
            HttpRequest rq = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Authorization", CairnProcess.AUTHORIZATION)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(order))).build();
            inFlight.acquire();
            HTTP.sendAsync(rq, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                if (e != null) {
                    failure.compareAndSet(null, order.accessionNumber() + ": " + e);
                } else if (r.statusCode() != 201) {
                    failure.compareAndSet(null, order.accessionNumber() + ": " + r.statusCode() + " " + r.body());
                }
                inFlight.release();
            });
        }
        inFlight.acquire(IN_FLIGHT);
        if (failure.get() != null) {
            throw new IllegalStateException("POST /api/worklist failed for " + failure.get());
        }
    }

    /** Waits until the worklist view (a projection of the order events) lists all {@code entries}. */
    private static void awaitView(CairnProcess cairn, int entries) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        String path = "/api/worklist?limit=1&offset=" + (entries - 1);
        while (true) {
            HttpResponse<String> r = cairn.get(path);
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + " answered " + r.statusCode() + " " + r.body());
            }
            JsonNode listed = JSON.readTree(r.body()).path("entries");
            if (listed.size() == 1) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the worklist view did not reach " + entries + " entries in 10 minutes");
            }
            Thread.sleep(20);
        }
    }

    private static ScuAssociation open(DicomClient client, String ae, int port) throws Exception {
        return client.connect("127.0.0.1", port, AssociationRequest.to(ae)
                .propose(UID.ModalityWorklistInformationModelFind, UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian)
                .dimseTimeout(Duration.ofMinutes(2)))
            .toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** All warm-up then all measured queries on one association. */
    private static Measured measure(DicomClient client, String server, String ae, int port,
                                    List<WorklistOrders.Query> warmUp, List<WorklistOrders.Query> measured)
        throws Exception {
        ScuAssociation a = open(client, ae, port);
        for (WorklistOrders.Query q : warmUp) {
            find(a, q);
        }
        Measured m = run(a, server, warmUp.size(), measured);
        a.release().toCompletableFuture().get(30, TimeUnit.SECONDS);
        return m;
    }

    /**
     * wlmscpfs: first a query by one order's Accession Number, which must find it (wlmscpfs silently skips files it
     * finds incomplete); then 5 warm-up queries, and the rest at Cairn's counts if that takes under two minutes,
     * else 40 measured.
     */
    private static Measured measureFiles(DicomClient client, int port, Order known, List<WorklistOrders.Query> warmUp,
                                         List<WorklistOrders.Query> measured) throws Exception {
        ScuAssociation a = open(client, WorklistFilesPeer.AE_TITLE, port);
        DataSet byAccession = new DataSet().putString(Tag.AccessionNumber, Vr.SH, known.accessionNumber());
        empty(byAccession, Tag.PatientID, Vr.LO);
        DataElement sps = DataElement.sequence(Tag.ScheduledProcedureStepSequence, Vr.SQ, false, false);
        DataSet item = new DataSet(byAccession);
        empty(item, Tag.ScheduledStationAETitle, Vr.AE);
        sps.items().add(item);
        byAccession.put(sps);
        List<DataSet> found = a.find(UID.ModalityWorklistInformationModelFind, byAccession).toCompletableFuture()
            .get(2, TimeUnit.MINUTES);
        if (found.size() != 1 || !known.patient().id().equals(found.get(0).getString(Tag.PatientID))) {
            throw new IllegalStateException("wlmscpfs did not serve " + known.accessionNumber() + " (found "
                + found.size() + "): it skips worklist files it finds incomplete; see its peer.log");
        }
        long started = System.nanoTime();
        for (WorklistOrders.Query q : warmUp.subList(0, SLOW_WARM_UP)) {
            find(a, q);
        }
        double perQuery = (System.nanoTime() - started) / 1e9 / SLOW_WARM_UP;
        boolean full = perQuery * (warmUp.size() + measured.size() - SLOW_WARM_UP) < 120;
        int warm = SLOW_WARM_UP;
        if (full) {
            for (WorklistOrders.Query q : warmUp.subList(SLOW_WARM_UP, warmUp.size())) {
                find(a, q);
            }
            warm = warmUp.size();
        }
        System.out.printf(Locale.ROOT, "wlmscpfs: %.0f ms per warm-up query, measuring %d queries%n", perQuery * 1e3,
            full ? measured.size() : SLOW_MEASURED);
        Measured m = run(a, "DCMTK wlmscpfs " + WorklistFilesPeer.version(), warm,
            full ? measured : measured.subList(0, SLOW_MEASURED));
        a.release().toCompletableFuture().get(30, TimeUnit.SECONDS);
        return m;
    }

    private static Measured run(ScuAssociation a, String server, int warmUp, List<WorklistOrders.Query> measured)
        throws Exception {
        Histogram h = new Histogram(3);
        List<List<String>> answers = new ArrayList<>();
        for (WorklistOrders.Query q : measured) {
            long t = System.nanoTime();
            List<DataSet> matches = find(a, q);
            h.recordValue((System.nanoTime() - t) / 1000);
            List<String> accessions = new ArrayList<>();
            for (DataSet match : matches) {
                accessions.add(match.getString(Tag.AccessionNumber));
            }
            accessions.sort(Comparator.nullsFirst(Comparator.naturalOrder()));
            answers.add(accessions);
        }
        System.out.printf(Locale.ROOT, "%s: median %.2f ms, p95 %.2f ms over %d queries%n", server,
            h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(95) / 1e3, measured.size());
        return new Measured(server, warmUp, h, answers);
    }

    private static List<DataSet> find(ScuAssociation a, WorklistOrders.Query q) throws Exception {
        return a.find(UID.ModalityWorklistInformationModelFind, keys(q)).toCompletableFuture().get(2, TimeUnit.MINUTES);
    }

    /** The identifier: the usual return keys, and the date range, modality and station to match. */
    static DataSet keys(WorklistOrders.Query q) {
        DataSet keys = new DataSet();
        empty(keys, Tag.AccessionNumber, Vr.SH);
        empty(keys, Tag.PatientName, Vr.PN);
        empty(keys, Tag.PatientID, Vr.LO);
        empty(keys, Tag.PatientBirthDate, Vr.DA);
        empty(keys, Tag.PatientSex, Vr.CS);
        empty(keys, Tag.StudyInstanceUID, Vr.UI);
        empty(keys, Tag.RequestedProcedureDescription, Vr.LO);
        DataElement sps = DataElement.sequence(Tag.ScheduledProcedureStepSequence, Vr.SQ, false, false);
        DataSet step = new DataSet(keys);
        step.putString(Tag.Modality, Vr.CS, q.modality());
        step.putString(Tag.ScheduledStationAETitle, Vr.AE, q.station());
        step.putString(Tag.ScheduledProcedureStepStartDate, Vr.DA, q.from() + "-" + q.to());
        empty(step, Tag.ScheduledProcedureStepStartTime, Vr.TM);
        empty(step, Tag.ScheduledPerformingPhysicianName, Vr.PN);
        empty(step, Tag.ScheduledProcedureStepDescription, Vr.LO);
        empty(step, Tag.ScheduledProcedureStepID, Vr.SH);
        sps.items().add(step);
        keys.put(sps);
        empty(keys, Tag.RequestedProcedureID, Vr.SH);
        return keys;
    }

    private static void empty(DataSet into, int tag, Vr vr) {
        into.put(DataElement.of(tag, vr, new byte[0]));
    }

    /** Fails the run unless every answer holds exactly the accession numbers its query should match. */
    private static void check(Measured m, List<WorklistOrders.Query> queries, List<Set<String>> expected) {
        for (int i = 0; i < m.answers().size(); i++) {
            List<String> got = m.answers().get(i);
            if (got.size() != expected.get(i).size() || !new TreeSet<>(got).equals(expected.get(i))) {
                throw new IllegalStateException(m.server() + " answered query " + i + " " + queries.get(i) + " with "
                    + got.size() + " items " + got + "; expected " + expected.get(i).size() + " " + expected.get(i));
            }
        }
    }

    private static String report(int entries, double createSeconds, double viewSeconds, double filesSeconds,
                                 Measured cairn, Measured dcmtk, int compared) {
        StringBuilder r = new StringBuilder();
        r.append("Worklist benchmark, ").append(LocalDate.now()).append(": ")
            .append(String.format(Locale.ROOT, "%,d", entries)).append(" scheduled entries, ")
            .append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
            .append(System.getProperty("java.version")).append("\n\n");
        r.append("Command: `./cairn bench worklist ").append(entries).append("`\n\n");
        r.append(String.format(Locale.ROOT, "- Cairn (node with `-Xmx1g`, H2, fresh data directory): %,d entries "
                + "created through `POST /api/worklist` (%d in flight) in %.1f s, **%,.0f entries/s**; all in the "
                + "worklist view %.2f s after the last 201%n", entries, IN_FLIGHT, createSeconds, entries / createSeconds,
            viewSeconds));
        r.append(String.format(Locale.ROOT, "- %s (`-dfp DIR -csk`, forks per association, `TCP_NODELAY=1`): the "
            + "same %,d entries as worklist files (written in %.1f s)%n", dcmtk.server(), entries, filesSeconds));
        r.append(String.format(Locale.ROOT, "- Query: MWL C-FIND by Scheduled Procedure Step Start Date range (%d "
                + "days of %d), Modality and Scheduled Station AE Title (one of %d stations), with the usual return "
                + "keys; Cairn's SCU, one association per server; each query a different seeded combination%n",
            WorklistOrders.QUERY_DAYS, WorklistOrders.DAYS, WorklistOrders.STATIONS.length));
        r.append(String.format(Locale.ROOT, "- Answers checked: every measured answer equals the accession numbers the "
            + "query should match, and the first %d queries got the same items from both servers%n", compared));
        if (dcmtk.answers().size() < cairn.answers().size()) {
            r.append(String.format(Locale.ROOT, "- wlmscpfs reads every worklist file for every query, so it is "
                + "measured on the first %d of Cairn's measured queries after %d unmeasured%n", dcmtk.answers().size(),
                dcmtk.warmUp()));
        }
        r.append("\n| server | queries (warm-up) | mean matches | median ms | p95 ms | p99 ms | max ms |\n")
            .append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (Measured m : List.of(cairn, dcmtk)) {
            Histogram h = m.latencies();
            r.append(String.format(Locale.ROOT, "| %s | %d (%d) | %.1f | %.2f | %.2f | %.2f | %.2f |%n", m.server(),
                m.answers().size(), m.warmUp(), m.meanMatches(), h.getValueAtPercentile(50) / 1e3,
                h.getValueAtPercentile(95) / 1e3, h.getValueAtPercentile(99) / 1e3, h.getMaxValue() / 1e3));
        }
        double cairnP95 = cairn.latencies().getValueAtPercentile(95) / 1e3;
        double ratio = dcmtk.latencies().getValueAtPercentile(95) / (double) cairn.latencies().getValueAtPercentile(95);
        r.append(String.format(Locale.ROOT, "%np95: wlmscpfs ÷ Cairn = %,.1f×. Goal (Cairn p95 under 10 ms): %s "
            + "(%.2f ms).%n", ratio, cairnP95 < 10 ? "met" : "not met", cairnP95));
        return r.toString();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
