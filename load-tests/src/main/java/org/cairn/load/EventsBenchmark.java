package org.cairn.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.cairn.dicom.DataElement;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.DicomWriter;
import org.cairn.dicom.TransferSyntax;
import org.cairn.dicom.Values;
import org.cairn.dicom.Vr;
import org.cairn.dicom.dict.Tag;
import org.cairn.dicom.dict.UID;
import org.cairn.load.events.Arrivals;
import org.cairn.load.events.ChangeLogReads;
import org.cairn.load.events.CpuShare;
import org.cairn.load.events.DeliveryLatencies;
import org.cairn.load.events.Subscribers;
import org.cairn.load.events.WebhookReceiver;
import org.cairn.load.peers.Peers;
import org.cairn.net.dimse.Status;
import org.cairn.scu.AssociationRequest;
import org.cairn.scu.DicomClient;
import org.cairn.scu.DimseResponse;
import org.cairn.scu.ScuAssociation;

/**
 * {@code ./cairn bench events}: Cairn's study events (issue 8), on a real node process (a JVM of its own,
 * {@code -Xmx1g}, H2 journal, a fresh data directory, {@code cairn.events.stable-after = 1h} so that no
 * {@code study.stable} comes during the run), in one run:
 * <ol>
 *   <li><b>Delivery latency under load</b>: one SSE client ({@code GET /api/events/stream?types=instance.created})
 *       and one webhook subscription ({@code instance.created}; a JDK HTTP server on 127.0.0.1 answering 204) listen
 *       while 8 associations store 250 CT slices each, back to back (one study per association, as 8 modalities
 *       would), after 50 each not measured. For every instance: from the moment its C-STORE success response
 *       completed on the client to the moment its event was read by each receiver, in this JVM
 *       ({@link System#nanoTime()}), keyed by SOP Instance UID.</li>
 *   <li><b>Delivery latency at a trickle</b>: the same for 100 instances on one association, one every 50 ms: the
 *       floor that the pipeline's polling sets when the machine is not busy.</li>
 *   <li><b>Webhook replay</b>: a second subscription from seq 0 once ingest is over; how many deliveries per second
 *       one subscription makes.</li>
 *   <li><b>Change log read throughput</b>: the whole feed paged from 0 to its end ({@code GET /api/changefeed?after=
 *       &limit=}) again and again, events per second of request time; then the same instances stored into Orthanc
 *       (Debian's 1.10, default SQLite index) and its change log read the same way ({@code GET /changes?since=
 *       &limit=}), in the same run, at the same page sizes.</li>
 * </ol>
 * The slices are 256×256 (128 KiB of pixel data): pixel data up to 64 KiB would be kept in the instance's indexed
 * header, and so travel in its journal event (see docs/benchmarks.md); {@code --rows 128} measures that case.
 * Options: {@code --associations N}, {@code --instances N} (per association), {@code --rows N}, {@code --set 'key =
 * value'} (a line of HOCON added to the node's configuration, repeatable), {@code --without sse|webhook},
 * {@code --cairn-only}.
 */
public final class EventsBenchmark {
    private static final Duration DELIVERY_TIMEOUT = Duration.ofMinutes(2);
    /** The most of the machine other processes may use while the benchmark waits to measure. */
    private static final double QUIET = 0.10;

    private EventsBenchmark() {
    }

    /** Where the benchmark listens for events; a run without one measures ingest without that subscriber. */
    public enum Channel { SSE, WEBHOOK }

    /**
     * What to run: {@code rows} × {@code rows} 16-bit CT slices, {@code warmUpPerAssociation} unmeasured first on
     * every association, then the burst, then {@code trickle} instances one every {@code trickleEvery}; each page
     * size in {@code pageLimits} read for {@code feedWarmUp} unmeasured then {@code feedMeasured}. Before each
     * measurement it waits up to {@code quietWait} for other processes to leave the machine mostly idle (zero: not).
     */
    public record Plan(int associations, int perAssociation, int warmUpPerAssociation, int rows, int trickle,
                       Duration trickleEvery, List<Integer> pageLimits, Duration feedWarmUp, Duration feedMeasured,
                       List<String> configLines, boolean orthanc, Set<Channel> channels, Duration quietWait) {
        public static Plan standard() {
            return new Plan(8, 250, 50, 256, 100, Duration.ofMillis(50), List.of(1000, 100), Duration.ofSeconds(3),
                Duration.ofSeconds(8), List.of(), true, EnumSet.allOf(Channel.class), Duration.ofMinutes(3));
        }

        static Plan fromArguments(List<String> args) {
            Plan p = standard();
            List<String> config = new ArrayList<>();
            int associations = p.associations();
            int perAssociation = p.perAssociation();
            int rows = p.rows();
            boolean orthanc = p.orthanc();
            Set<Channel> channels = EnumSet.copyOf(p.channels());
            for (int i = 0; i < args.size(); i++) {
                switch (args.get(i)) {
                    case "--associations" -> associations = Integer.parseInt(args.get(++i));
                    case "--instances" -> perAssociation = Integer.parseInt(args.get(++i));
                    case "--rows" -> rows = Integer.parseInt(args.get(++i));
                    case "--set" -> config.add(args.get(++i));
                    case "--cairn-only" -> orthanc = false;
                    case "--without" -> channels.remove(Channel.valueOf(args.get(++i).toUpperCase(Locale.ROOT)));
                    default -> throw new IllegalArgumentException("unknown option " + args.get(i) + " (known: "
                        + "--associations N, --instances N, --rows N, --set 'key = value', --without sse|webhook, "
                        + "--cairn-only)");
                }
            }
            return new Plan(associations, perAssociation, p.warmUpPerAssociation(), rows, p.trickle(),
                p.trickleEvery(), p.pageLimits(), p.feedWarmUp(), p.feedMeasured(), List.copyOf(config), orthanc,
                Set.copyOf(channels), p.quietWait());
        }
    }

    /** One instance to store: its SOP Instance UID and its data set, encoded explicit VR little endian. */
    record Instance(String sopInstanceUid, byte[] dataSet) {
    }

    /**
     * A measured ingest: how many, how long, each channel's latencies (null for a channel not subscribed), and how
     * busy the machine was meanwhile.
     */
    public record Delivery(int instances, double seconds, DeliveryLatencies sse, DeliveryLatencies webhook,
                           CpuShare cpu) {
        public double instancesPerSecond() {
            return instances / seconds;
        }

        int missing() {
            return (sse == null ? 0 : sse.missing().size()) + (webhook == null ? 0 : webhook.missing().size());
        }
    }

    /**
     * A run's numbers: the burst and the trickle, the size of one instance's data set, the seconds a webhook
     * subscription from 0 took to receive every instance's event once ingest was over (NaN without webhooks), the
     * feed's last seq, Orthanc's seconds for the burst's instances (NaN without Orthanc), and the change log reads,
     * Cairn's first.
     */
    public record Result(Plan plan, Delivery burst, Delivery trickle, long instanceBytes, double webhookReplaySeconds,
                         int webhookReplayEvents, long feedLatest, double orthancIngestSeconds,
                         List<ChangeLogReads.Throughput> reads) {
        /** Instances whose event never came, over the channels measured. */
        public int missingEvents() {
            return burst.missing() + trickle.missing();
        }
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        Plan plan = Plan.fromArguments(List.of(args).subList(Math.min(1, args.length), args.length));
        Result result = run(root.resolve("load-tests/target/bench-events"), plan);
        String report = report(result);
        Files.writeString(root.resolve("load-tests/target/events-benchmark.md"), report);
        System.out.println(report);
        if (result.missingEvents() > 0) {
            System.exit(1);
        }
    }

    /** Runs the benchmark in {@code work}, emptied first. */
    public static Result run(Path work, Plan plan) throws Exception {
        deleteTree(work); // a journal left by an earlier run would turn every store into a duplicate
        Files.createDirectories(work);
        Path config = work.resolve("cairn.conf");
        List<String> lines = new ArrayList<>(List.of("cairn.events.stable-after = 1h"));
        lines.addAll(plan.configLines());
        Files.write(config, lines);
        List<List<Instance>> warmUp = instances(1, plan.associations(), plan.warmUpPerAssociation(), plan.rows());
        List<List<Instance>> burst = instances(2, plan.associations(), plan.perAssociation(), plan.rows());
        List<List<Instance>> trickle = instances(3, 1, plan.trickle(), plan.rows());
        List<String> all = new ArrayList<>(uids(warmUp));
        all.addAll(uids(burst));
        all.addAll(uids(trickle));

        List<ChangeLogReads.Throughput> reads = new ArrayList<>();
        try (DicomClient client = DicomClient.create()) {
            Delivery burstDelivery;
            Delivery trickleDelivery;
            double replaySeconds = Double.NaN;
            long latest;
            try (CairnProcess cairn = CairnProcess.start(work, work.resolve("cairn-data"), 0, List.of("-Xmx1g"),
                List.of("--config", config.toString()))) {
                try (Subscribers subscribers = Subscribers.open(cairn, plan.channels().contains(Channel.SSE),
                    plan.channels().contains(Channel.WEBHOOK))) {
                    ingest(client, "Cairn", "CAIRN", cairn.dicomPort, warmUp, Duration.ZERO, new ConcurrentHashMap<>());
                    if (!subscribers.awaitAll(uids(warmUp), DELIVERY_TIMEOUT)) {
                        throw new IllegalStateException("the warm-up's events did not all arrive: "
                            + subscribers.progress());
                    }
                    Thread.sleep(1_000); // the delivery paths idle again, as before any burst
                    awaitQuietMachine(plan, "the burst");
                    burstDelivery = deliver(client, cairn, subscribers, burst, Duration.ZERO);
                    awaitQuietMachine(plan, "the trickle");
                    trickleDelivery = deliver(client, cairn, subscribers, trickle, plan.trickleEvery());
                }
                latest = settledFeed(cairn);
                if (plan.channels().contains(Channel.WEBHOOK)) {
                    replaySeconds = webhookReplay(cairn, all);
                }
                Thread.sleep(2_000); // the views' projection finishes its share of the ingest off the measurement
                String base = "http://127.0.0.1:" + cairn.httpPort;
                for (int limit : plan.pageLimits()) {
                    awaitQuietMachine(plan, "Cairn's change feed");
                    reads.add(print(ChangeLogReads.measure("Cairn", limit,
                        () -> ChangeLogReads.cairnPass(base, CairnProcess.AUTHORIZATION, limit), plan.feedWarmUp(),
                        plan.feedMeasured())));
                }
            }
            double orthancSeconds = Double.NaN;
            if (plan.orthanc()) {
                try (Peers.Peer orthanc = Peers.orthanc(Files.createDirectories(work.resolve("orthanc")), "ORTHANC",
                    Map.of(), Math.max(4, plan.associations()))) {
                    String ae = "ORTHANC";
                    ingest(client, "Orthanc", ae, orthanc.port(), warmUp, Duration.ZERO, new ConcurrentHashMap<>());
                    orthancSeconds = ingest(client, "Orthanc", ae, orthanc.port(), burst, Duration.ZERO,
                        new ConcurrentHashMap<>());
                    ingest(client, "Orthanc", ae, orthanc.port(), trickle, Duration.ZERO, new ConcurrentHashMap<>());
                    String base = "http://127.0.0.1:" + orthanc.httpPort();
                    for (int limit : plan.pageLimits()) {
                        awaitQuietMachine(plan, "Orthanc's change log");
                        reads.add(print(ChangeLogReads.measure("Orthanc 1.10", limit,
                            () -> ChangeLogReads.orthancPass(base, limit), plan.feedWarmUp(), plan.feedMeasured())));
                    }
                }
            }
            return new Result(plan, burstDelivery, trickleDelivery, burst.get(0).get(0).dataSet().length, replaySeconds,
                all.size(), latest, orthancSeconds, List.copyOf(reads));
        }
    }

    /** Stores {@code batch} into Cairn and waits for every event on the open channels (or the timeout). */
    private static Delivery deliver(DicomClient client, CairnProcess cairn, Subscribers subscribers,
                                    List<List<Instance>> batch, Duration pause) throws Exception {
        Map<String, Long> responded = new ConcurrentHashMap<>();
        CpuShare.Sample cpuAtStart = CpuShare.sample();
        double seconds = ingest(client, "Cairn", "CAIRN", cairn.dicomPort, batch, pause, responded);
        CpuShare cpu = CpuShare.between(cpuAtStart, CpuShare.sample());
        if (!subscribers.awaitAll(uids(batch), DELIVERY_TIMEOUT)) {
            System.out.println("Not every event arrived within " + DELIVERY_TIMEOUT + ": " + subscribers.progress());
        }
        subscribers.checkHealthy();
        return new Delivery(responded.size(), seconds, subscribers.sse(responded), subscribers.webhook(responded), cpu);
    }

    /** Waits for other processes to leave the machine (mostly) idle before a measurement, or says that they did not. */
    private static void awaitQuietMachine(Plan plan, String before) throws InterruptedException {
        if (!plan.quietWait().isZero() && !CpuShare.awaitQuiet(QUIET, Duration.ofSeconds(2), plan.quietWait())) {
            System.out.printf(Locale.ROOT, "Other processes kept more than %.0f%% of the CPU busy for %d s; measuring %s"
                + " anyway%n", QUIET * 100, plan.quietWait().toSeconds(), before);
        }
    }

    private static ChangeLogReads.Throughput print(ChangeLogReads.Throughput t) {
        System.out.printf(Locale.ROOT, "%s change log, limit %d: %,.0f events/s (%d passes of %d events)%n", t.server(),
            t.limit(), t.eventsPerSecond(), t.passes(), t.eventsPerPass());
        return t;
    }

    /**
     * A new subscription from seq 0 while nothing else happens: the seconds from its creation until the event of
     * each of {@code sopInstanceUids} arrived.
     */
    private static double webhookReplay(CairnProcess cairn, List<String> sopInstanceUids) throws Exception {
        Arrivals replayed = new Arrivals();
        try (WebhookReceiver receiver = WebhookReceiver.start(replayed)) {
            long start = System.nanoTime();
            Subscribers.subscribeWebhook(cairn, receiver.url(), "0");
            if (!replayed.awaitAll(sopInstanceUids, DELIVERY_TIMEOUT)) {
                throw new IllegalStateException("a subscription from 0 received " + replayed.firstArrivals().size()
                    + " of " + sopInstanceUids.size() + " instance.created events within " + DELIVERY_TIMEOUT);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "Webhook from 0: %d events in %.1f s, %.0f/s%n", sopInstanceUids.size(),
                seconds, sopInstanceUids.size() / seconds);
            return seconds;
        }
    }

    /**
     * {@code perAssociation.size()} associations at once, each storing its list with {@code pause} after each
     * instance; every response must be a success. Each instance's response time goes into {@code responded}.
     * Returns the seconds from the first association request to the last release.
     */
    private static double ingest(DicomClient client, String server, String ae, int port,
                                 List<List<Instance>> perAssociation, Duration pause, Map<String, Long> responded)
        throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(perAssociation.size());
        try {
            long start = System.nanoTime();
            List<Future<?>> running = new ArrayList<>();
            for (List<Instance> share : perAssociation) {
                running.add(senders.submit(() -> {
                    ScuAssociation association = client.connect("127.0.0.1", port, AssociationRequest.to(ae)
                        .propose(UID.CTImageStorage, UID.ExplicitVRLittleEndian)).toCompletableFuture()
                        .get(60, TimeUnit.SECONDS);
                    for (Instance i : share) {
                        CompletableFuture<DimseResponse> stored = association.store(UID.CTImageStorage,
                            i.sopInstanceUid(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, i.dataSet())
                            .toCompletableFuture();
                        // timed where the response completes (the SCU's I/O thread), not when this thread wakes
                        CompletableFuture<Long> at = stored.thenApply(r -> System.nanoTime());
                        int status = stored.get(120, TimeUnit.SECONDS).status();
                        if (status != Status.SUCCESS) {
                            throw new IllegalStateException(server + " answered " + Integer.toHexString(status)
                                + " for " + i.sopInstanceUid());
                        }
                        responded.put(i.sopInstanceUid(), at.get());
                        if (!pause.isZero()) {
                            Thread.sleep(pause.toMillis());
                        }
                    }
                    association.release().toCompletableFuture().get(60, TimeUnit.SECONDS);
                    return null;
                }));
            }
            for (Future<?> r : running) {
                r.get(30, TimeUnit.MINUTES);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            int count = perAssociation.stream().mapToInt(List::size).sum();
            System.out.printf(Locale.ROOT, "%s: %d instances over %d associations in %.1f s, %.0f instances/s%n",
                server, count, perAssociation.size(), seconds, count / seconds);
            return seconds;
        } finally {
            senders.shutdownNow();
        }
    }

    /** Waits until the feed's last seq holds still for a second (the projection has caught up); returns it. */
    private static long settledFeed(CairnProcess cairn) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        long previous = -1;
        while (System.currentTimeMillis() < deadline) {
            String body = cairn.get("/api/changefeed/latest").body();
            long latest = Long.parseLong(body.replaceAll("[^0-9]", ""));
            if (latest == previous) {
                return latest;
            }
            previous = latest;
            Thread.sleep(1_000);
        }
        throw new IllegalStateException("the change feed kept growing for 60 s after ingest");
    }

    /**
     * {@code associations} studies of {@code perAssociation} CT slices, one study per association; {@code phase}
     * keeps the UIDs of the warm-up, the burst and the trickle apart.
     */
    static List<List<Instance>> instances(int phase, int associations, int perAssociation, int rows) {
        SplittableRandom random = new SplittableRandom(phase);
        byte[] pixels = new byte[rows * rows * 2];
        byte[] size = new byte[2];
        Values.putUint16(size, 0, rows, false);
        List<List<Instance>> all = new ArrayList<>();
        for (int a = 0; a < associations; a++) {
            String study = "2.25.808080." + phase + "." + (a + 1);
            String series = study + ".1";
            List<Instance> share = new ArrayList<>();
            for (int i = 0; i < perAssociation; i++) {
                for (int p = 0; p < pixels.length; p += 2) {
                    Values.putUint16(pixels, p, 1000 + random.nextInt(200), false);
                }
                String sop = series + "." + (i + 1);
                DataSet slice = SyntheticStudies.ctSlice(study, series, sop, i + 1, pixels)
                    .put(DataElement.of(Tag.Rows, Vr.US, size.clone()))
                    .put(DataElement.of(Tag.Columns, Vr.US, size.clone()));
                share.add(new Instance(sop, DicomWriter.toBytes(slice, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN)));
            }
            all.add(share);
        }
        return all;
    }

    private static List<String> uids(List<List<Instance>> perAssociation) {
        return perAssociation.stream().flatMap(List::stream).map(Instance::sopInstanceUid).toList();
    }

    static String report(Result r) {
        Plan p = r.plan();
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "Study events benchmark, %s: CT slices of %d×%d,"
                + " 16-bit (%.1f KB data sets); %d cores%n", LocalDate.now(), p.rows(), p.rows(),
            r.instanceBytes() / 1e3, Runtime.getRuntime().availableProcessors()));
        s.append("Node configuration: cairn.events.stable-after = 1h").append(p.configLines().isEmpty() ? ""
            : "; " + String.join("; ", p.configLines())).append("\n\n");
        s.append("| instance.created after its C-STORE response | channel | events | p50 ms | p90 ms | p99 ms | max ms"
            + " | mean ms | delivered/s during ingest | last event after last response, ms |\n"
            + "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        String burst = String.format(Locale.ROOT, "burst: %d associations × %d back to back (after %d × %d unmeasured)"
                + ", %.1f s, %.0f instances/s%s", p.associations(), p.perAssociation(), p.associations(),
            p.warmUpPerAssociation(), r.burst().seconds(), r.burst().instancesPerSecond(), cpu(r.burst().cpu()));
        String trickle = String.format(Locale.ROOT, "trickle: 1 association, one every %d ms%s",
            p.trickleEvery().toMillis(), cpu(r.trickle().cpu()));
        latencyRow(s, burst, "SSE", r.burst().sse());
        latencyRow(s, burst, "webhook", r.burst().webhook());
        latencyRow(s, trickle, "SSE", r.trickle().sse());
        latencyRow(s, trickle, "webhook", r.trickle().webhook());
        if (r.burst().sse() != null && r.burst().webhook() != null) {
            double worst = Math.max(r.burst().sse().millis(99), r.burst().webhook().millis(99));
            s.append(String.format(Locale.ROOT, "%nGoal p99 < 100 ms during 8-association ingest: %s (SSE %.1f ms,"
                    + " webhook %.1f ms).%n", worst < 100 && r.missingEvents() == 0 ? "met" : "NOT met",
                r.burst().sse().millis(99), r.burst().webhook().millis(99)));
        }
        if (!Double.isNaN(r.webhookReplaySeconds())) {
            s.append(String.format(Locale.ROOT, "A webhook subscribed from seq 0 after ingest received its %,d "
                    + "instance.created events in %.1f s: %.0f deliveries/s for one subscription.%n",
                r.webhookReplayEvents(), r.webhookReplaySeconds(), r.webhookReplayEvents() / r.webhookReplaySeconds()));
        }

        s.append(String.format(Locale.ROOT, "%nChange log read from 0 to its end (Cairn's feed holds %,d events):%n%n",
            r.feedLatest()));
        s.append("| change log | limit asked | largest page | events per pass | passes (unmeasured) | events/s | MB/s"
            + " | bytes per event | machine CPU: ours, others |\n|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (ChangeLogReads.Throughput t : r.reads()) {
            s.append(String.format(Locale.ROOT, "| %s | %d | %d | %,d | %d (%d) | %,.0f | %.1f | %.0f | %.0f%%, %.0f%% |%n",
                t.server().equals("Cairn") ? "Cairn `/api/changefeed`" : t.server() + " `/changes`", t.limit(),
                t.largestPage(), t.eventsPerPass(), t.passes(), t.warmUpPasses(), t.eventsPerSecond(),
                t.megabytesPerSecond(), t.bytesPerEvent(), t.cpu().ours() * 100, t.cpu().others() * 100));
        }
        if (!Double.isNaN(r.orthancIngestSeconds())) {
            s.append(String.format(Locale.ROOT, "%nOrthanc stored the burst's %,d instances in %.1f s (%.0f "
                + "instances/s).%n", r.burst().instances(), r.orthancIngestSeconds(),
                r.burst().instances() / r.orthancIngestSeconds()));
            for (int limit : p.pageLimits()) {
                ChangeLogReads.Throughput cairn = find(r.reads(), "Cairn", limit);
                ChangeLogReads.Throughput orthanc = find(r.reads(), "Orthanc 1.10", limit);
                if (cairn != null && orthanc != null) {
                    s.append(String.format(Locale.ROOT, "Cairn ÷ Orthanc, events/s at limit %d: %.2f×%n", limit,
                        cairn.eventsPerSecond() / orthanc.eventsPerSecond()));
                }
            }
        }
        return s.toString();
    }

    /** How busy the machine was: the node with this client, and other processes (someone else's work). */
    private static String cpu(CpuShare cpu) {
        return Double.isNaN(cpu.ours()) ? "" : String.format(Locale.ROOT, "; machine CPU %.0f%% ours, %.0f%% others",
            cpu.ours() * 100, cpu.others() * 100);
    }

    private static void latencyRow(StringBuilder s, String phase, String channel, DeliveryLatencies d) {
        if (d == null) {
            s.append("| ").append(phase).append(" | ").append(channel).append(" | not subscribed | | | | | | | |\n");
            return;
        }
        s.append(String.format(Locale.ROOT, "| %s | %s | %,d%s | %.1f | %.1f | %.1f | %.1f | %.1f | %.0f | %.0f |%n",
            phase, channel, d.count(), (d.missing().isEmpty() ? "" : " (" + d.missing().size() + " MISSING)")
                + (d.beforeResponse() == 0 ? "" : " (" + d.beforeResponse() + " seen before their response)"),
            d.millis(50), d.millis(90), d.millis(99), d.maxMillis(), d.meanMillis(), d.keptUpPerSecond(),
            d.drainMillis()));
    }

    private static ChangeLogReads.Throughput find(List<ChangeLogReads.Throughput> reads, String server, int limit) {
        return reads.stream().filter(t -> t.server().equals(server) && t.limit() == limit).findFirst().orElse(null);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var all = Files.walk(dir)) {
            for (Path f : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
