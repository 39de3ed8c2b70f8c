package org.cairn.load;

import com.typesafe.config.Config;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.cairn.dicom.DataElement;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.DicomJson;
import org.cairn.dicom.DicomWriter;
import org.cairn.dicom.TransferSyntax;
import org.cairn.dicom.Vr;
import org.cairn.dicom.dict.ElementDictionary;
import org.cairn.dicom.dict.Tag;
import org.cairn.dicom.dict.UID;
import org.cairn.journal.JournalSchema;
import org.cairn.load.peers.Peers;
import org.cairn.node.NodeOptions;
import org.cairn.projection.StudyViews;
import org.cairn.scu.AssociationRequest;
import org.cairn.scu.DicomClient;
import org.cairn.scu.ScuAssociation;
import org.cairn.study.DuplicatePolicy;
import org.cairn.study.ShardedStudies;
import org.cairn.study.StudyEntity;
import org.cairn.study.StudyEvent;
import org.cairn.views.ViewDatabase;

/**
 * {@code ./cairn bench query [STUDIES [INSTANCES_PER_STUDY]]} (default 20,000 × 50): the journal is filled
 * through the Study entities (no blobs on disk) and projected into the views; then a Cairn node on that data
 * answers study-level C-FIND (Cairn's SCU) and QIDO-RS (an HTTP client) by Patient ID, by Study Date range and
 * by Patient Name wildcard, and Orthanc holding the same studies (one small instance each) answers the same
 * queries, in the same run. Median and p95 of 200 queries each after 50 unmeasured.
 */
public final class QueryBenchmark {
    private static final int WARM_UP = 50;
    private static final int MEASURED = 200;
    private static final String[] SURNAMES = {"SMITH", "MÜLLER", "GARCIA", "NGUYEN", "KOWALSKI", "ROSSI", "TANAKA",
        "OKAFOR", "DUBOIS", "SILVA", "JANSEN", "ANDERSSON", "COHEN", "KIM", "PATEL", "OLSEN", "NOVAK", "HORVAT",
        "MURPHY", "SCHMIDT"};

    private QueryBenchmark() {
    }

    /** The synthetic study {@code s}: two studies per patient, dates over 2,000 days, 20 surnames. */
    static DataSet study(int s) {
        int patient = s / 2;
        String name = SURNAMES[patient % SURNAMES.length] + "^PATIENT" + patient;
        return new DataSet().putString(Tag.SpecificCharacterSet, Vr.CS, "ISO_IR 192")
            .putString(Tag.StudyDate, Vr.DA, LocalDate.of(2020, 1, 1).plusDays(s % 2000).toString().replace("-", ""))
            .putString(Tag.StudyTime, Vr.TM, "101500")
            .putString(Tag.AccessionNumber, Vr.SH, "ACC" + s)
            .putString(Tag.ReferringPhysicianName, Vr.PN, "REFERRER^RITA")
            .putString(Tag.StudyDescription, Vr.LO, "CT CHEST")
            .putString(Tag.PatientName, Vr.PN, name)
            .putString(Tag.PatientID, Vr.LO, "PID" + patient)
            .putString(Tag.PatientBirthDate, Vr.DA, "19610712")
            .putString(Tag.PatientSex, Vr.CS, patient % 2 == 0 ? "F" : "M")
            .putString(Tag.StudyInstanceUID, Vr.UI, "2.25.4242." + s)
            .putString(Tag.StudyID, Vr.SH, Integer.toString(s % 10000));
    }

    static DataSet instance(int s, int i) {
        DataSet ds = study(s);
        return ds.putString(Tag.SOPClassUID, Vr.UI, UID.CTImageStorage)
            .putString(Tag.SOPInstanceUID, Vr.UI, "2.25.4242." + s + ".1." + (i + 1))
            .putString(Tag.Modality, Vr.CS, "CT")
            .putString(Tag.SeriesInstanceUID, Vr.UI, "2.25.4242." + s + ".1")
            .putString(Tag.SeriesNumber, Vr.IS, "1")
            .putString(Tag.InstanceNumber, Vr.IS, Integer.toString(i + 1));
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        int studies = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int perStudy = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        Path work = root.resolve("load-tests/target/bench-query/" + studies + "x" + perStudy);
        Path data = work.resolve("data");
        if (!Files.exists(work.resolve("loaded"))) {
            Files.createDirectories(work);
            load(data, studies, perStudy);
            Files.writeString(work.resolve("loaded"), Instant.now().toString());
        }
        List<String[]> rows = new ArrayList<>();
        int patient = studies / 4;
        String from = LocalDate.of(2020, 1, 1).plusDays(700).toString().replace("-", "");
        String to = LocalDate.of(2020, 1, 1).plusDays(709).toString().replace("-", "");
        String[][] queries = {
            {"by Patient ID", "PatientID=PID" + patient, "PatientID=PID" + patient},
            {"by Study Date range (10 days)", "StudyDate=" + from + "-" + to, "StudyDate=" + from + "-" + to},
            {"by Patient Name wildcard", "PatientName=KOWAL*", "PatientName=KOWAL*"},
        };
        try (CairnProcess cairn = CairnProcess.start(work, data, 0, List.of("-Xmx1g"), List.of());
             DicomClient client = DicomClient.create();
             Peers.Peer orthanc = Peers.orthanc(Files.createDirectories(work.resolve("orthanc-" + System.nanoTime())),
                 "ORTHANC", Map.of(), 4, true)) {
            loadOrthanc(client, orthanc.port(), studies);
            for (String[] q : queries) {
                rows.add(row("Cairn C-FIND", q[0], cfind(client, "CAIRN", cairn.dicomPort, q[1])));
                rows.add(row("Cairn QIDO-RS", q[0], qido("http://127.0.0.1:" + cairn.httpPort + "/dicom-web/studies?"
                    + q[2])));
                rows.add(row("Orthanc C-FIND", q[0], cfind(client, "ORTHANC", orthanc.port(), q[1])));
                rows.add(row("Orthanc QIDO-RS", q[0], qido("http://127.0.0.1:" + orthanc.httpPort()
                    + "/dicom-web/studies?" + q[2])));
            }
            Histogram visibility = storeToFindLatency(client, cairn.dicomPort);
            StringBuilder report = new StringBuilder("Query benchmark, " + LocalDate.now() + ": Cairn views holding "
                + studies * perStudy + " instances (" + studies + " studies of " + perStudy + "); Orthanc holding the "
                + studies + " studies, one instance each\n\n| server | query | matches | median ms | p95 ms |\n"
                + "|---|---|---:|---:|---:|\n");
            for (String[] r : rows) {
                report.append("| ").append(String.join(" | ", r)).append(" |\n");
            }
            report.append(String.format(Locale.ROOT, "%nC-STORE success to C-FIND visibility, 400 instances over 4 "
                    + "associations: median %.1f ms, p99 %.1f ms, max %.1f ms%n",
                visibility.getValueAtPercentile(50) / 1e3, visibility.getValueAtPercentile(99) / 1e3,
                visibility.getMaxValue() / 1e3));
            Files.writeString(root.resolve("load-tests/target/query-benchmark.md"), report);
            System.out.println(report);
        }
    }

    /** Persists every instance through the Study entities, then projects the journal into the views. */
    private static void load(Path data, int studies, int perStudy) throws Exception {
        Config config = com.typesafe.config.ConfigFactory.parseString("pekko.coordinated-shutdown.exit-jvm = off")
            .withFallback(NodeOptions.parse("--data-dir", data.toString(), "--dicom-port", "0").config());
        JournalSchema.migrate(config.getString("cairn.journal.url"), config.getString("cairn.journal.user"),
            config.getString("cairn.journal.password"));
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "cairn", config);
        Cluster cluster = Cluster.get(system);
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
        ShardedStudies store = ShardedStudies.init(system, DuplicatePolicy.REJECT, 100, java.time.Duration.ofMinutes(2));
        Semaphore inFlight = new Semaphore(256);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long start = System.nanoTime();
        String digest = "0".repeat(64);
        for (int s = 0; s < studies; s++) {
            for (int i = 0; i < perStudy; i++) {
                DataSet ds = instance(s, i);
                StudyEvent.StoredInstance event = new StudyEvent.StoredInstance(ds.getString(Tag.SeriesInstanceUID),
                    ds.getString(Tag.SOPInstanceUID), UID.CTImageStorage, UID.ExplicitVRLittleEndian, digest, digest,
                    525_000, "BENCH", Instant.now(), DicomJson.inline().toJson(ds));
                inFlight.acquire();
                store.store(ds.getString(Tag.StudyInstanceUID), event).whenComplete((r, e) -> {
                    if (e != null || !(r instanceof StudyEntity.StoreResult.Stored)) {
                        failure.compareAndSet(null, e != null ? e : new IllegalStateException(String.valueOf(r)));
                    }
                    inFlight.release();
                });
                if (failure.get() != null) {
                    throw new IllegalStateException("loading the journal failed", failure.get());
                }
            }
            if (s % 1000 == 999) {
                System.out.printf("journal: %d studies in %.0f s%n", s + 1, (System.nanoTime() - start) / 1e9);
            }
        }
        inFlight.acquire(256);
        System.out.printf("journal: %d events in %.0f s%n", (long) studies * perStudy, (System.nanoTime() - start) / 1e9);
        long projecting = System.nanoTime();
        try (ViewDatabase views = ViewDatabase.open(config.getString("cairn.journal.url"),
            config.getString("cairn.journal.user"), config.getString("cairn.journal.password"), 4)) {
            StudyViews.start(system, views.dataSource());
            long target = (long) studies * perStudy;
            while (true) {
                long done;
                try (var c = views.dataSource().getConnection(); var q = c.createStatement();
                     var r = q.executeQuery("SELECT COUNT(*) FROM view_instance")) {
                    r.next();
                    done = r.getLong(1);
                }
                if (done >= target) {
                    break;
                }
                Thread.sleep(2000);
                System.out.printf("views: %d instances in %.0f s%n", done, (System.nanoTime() - projecting) / 1e9);
            }
        }
        System.out.printf("views: projected in %.0f s%n", (System.nanoTime() - projecting) / 1e9);
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get();
    }

    /** One small instance per study into Orthanc, over 4 associations. */
    private static void loadOrthanc(DicomClient client, int port, int studies) throws Exception {
        List<CompletableFuture<Void>> senders = new ArrayList<>();
        for (int a = 0; a < 4; a++) {
            int first = a;
            senders.add(CompletableFuture.runAsync(() -> {
                try {
                    ScuAssociation association = client.connect("127.0.0.1", port, AssociationRequest.to("ORTHANC")
                        .propose(UID.CTImageStorage, UID.ExplicitVRLittleEndian)).toCompletableFuture()
                        .get(30, TimeUnit.SECONDS);
                    for (int s = first; s < studies; s += 4) {
                        DataSet ds = instance(s, 0);
                        int status = association.store(UID.CTImageStorage, ds.getString(Tag.SOPInstanceUID),
                            TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, DicomWriter.toBytes(ds,
                                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN)).toCompletableFuture()
                            .get(60, TimeUnit.SECONDS).status();
                        if (status != 0) {
                            throw new IllegalStateException("Orthanc answered " + Integer.toHexString(status));
                        }
                    }
                    association.release().toCompletableFuture().get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (CompletableFuture<Void> s : senders) {
            s.get(60, TimeUnit.MINUTES);
        }
    }

    /** One query's latencies (microseconds) and how many matches it returned. */
    private record Measured(Histogram latencies, long matches) {
    }

    private static String[] row(String server, String query, Measured m) {
        return new String[] {server, query, Long.toString(m.matches()),
            String.format(Locale.ROOT, "%.2f", m.latencies().getValueAtPercentile(50) / 1e3),
            String.format(Locale.ROOT, "%.2f", m.latencies().getValueAtPercentile(95) / 1e3)};
    }

    /** Study-level C-FIND latencies in microseconds, on one association. */
    private static Measured cfind(DicomClient client, String ae, int port, String key) throws Exception {
        ScuAssociation a = client.connect("127.0.0.1", port, AssociationRequest.to(ae)
            .propose(UID.StudyRootQueryRetrieveInformationModelFind, UID.ExplicitVRLittleEndian)).toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
        String[] kv = key.split("=", 2);
        DataSet keys = new DataSet().putString(Tag.SpecificCharacterSet, Vr.CS, "ISO_IR 192")
            .putString(Tag.QueryRetrieveLevel, Vr.CS, "STUDY")
            .put(DataElement.of(Tag.StudyInstanceUID, Vr.UI, new byte[0]))
            .put(DataElement.of(Tag.PatientName, Vr.PN, new byte[0]))
            .put(DataElement.of(Tag.StudyDate, Vr.DA, new byte[0]));
        int matched = ElementDictionary.tagOf(kv[0]);
        keys.putString(matched, ElementDictionary.vrOf(matched), kv[1]); // after the return keys it may replace
        Histogram h = new Histogram(3);
        long n = 0;
        for (int i = 0; i < WARM_UP + MEASURED; i++) {
            long t = System.nanoTime();
            n = a.find(UID.StudyRootQueryRetrieveInformationModelFind, keys).toCompletableFuture()
                .get(60, TimeUnit.SECONDS).size();
            if (i >= WARM_UP) {
                h.recordValue((System.nanoTime() - t) / 1000);
            }
        }
        a.release().toCompletableFuture().get(30, TimeUnit.SECONDS);
        return new Measured(h, n);
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private static Measured qido(String url) throws Exception {
        Histogram h = new Histogram(3);
        long n = 0;
        HttpRequest rq = HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/dicom+json")
            .header("Authorization", CairnProcess.AUTHORIZATION).build(); // Orthanc, without authentication, ignores it
        for (int i = 0; i < WARM_UP + MEASURED; i++) {
            long t = System.nanoTime();
            HttpResponse<byte[]> r = HTTP.send(rq, HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new IllegalStateException(url + " answered " + r.statusCode());
            }
            if (i >= WARM_UP) {
                h.recordValue((System.nanoTime() - t) / 1000);
            }
            n = JSON.readTree(r.body()).size();
        }
        return new Measured(h, n);
    }

    /**
     * Time from each C-STORE success to the instance answering an image-level C-FIND, for 400 new instances sent
     * over 4 associations while the others query: the projection's lag as a client sees it.
     */
    private static Histogram storeToFindLatency(DicomClient client, int port) throws Exception {
        Histogram h = new Histogram(3);
        List<CompletableFuture<Void>> senders = new ArrayList<>();
        for (int a = 0; a < 4; a++) {
            int sender = a;
            senders.add(CompletableFuture.runAsync(() -> {
                try {
                    ScuAssociation store = client.connect("127.0.0.1", port, AssociationRequest.to("CAIRN")
                        .propose(UID.CTImageStorage, UID.ExplicitVRLittleEndian)).toCompletableFuture()
                        .get(30, TimeUnit.SECONDS);
                    ScuAssociation find = client.connect("127.0.0.1", port, AssociationRequest.to("CAIRN")
                        .propose(UID.StudyRootQueryRetrieveInformationModelFind, UID.ExplicitVRLittleEndian))
                        .toCompletableFuture().get(30, TimeUnit.SECONDS);
                    for (int i = 0; i < 100; i++) {
                        DataSet ds = instance(9_000_000 + sender, i);
                        int status = store.store(UID.CTImageStorage, ds.getString(Tag.SOPInstanceUID),
                            TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, DicomWriter.toBytes(ds,
                                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN)).toCompletableFuture()
                            .get(60, TimeUnit.SECONDS).status();
                        long stored = System.nanoTime();
                        if (status != 0) {
                            throw new IllegalStateException("store answered " + Integer.toHexString(status));
                        }
                        DataSet keys = new DataSet().putString(Tag.QueryRetrieveLevel, Vr.CS, "IMAGE")
                            .putString(Tag.StudyInstanceUID, Vr.UI, ds.getString(Tag.StudyInstanceUID))
                            .putString(Tag.SeriesInstanceUID, Vr.UI, ds.getString(Tag.SeriesInstanceUID))
                            .putString(Tag.SOPInstanceUID, Vr.UI, ds.getString(Tag.SOPInstanceUID));
                        while (find.find(UID.StudyRootQueryRetrieveInformationModelFind, keys).toCompletableFuture()
                            .get(60, TimeUnit.SECONDS).isEmpty()) {
                            Thread.sleep(2);
                        }
                        synchronized (h) {
                            h.recordValue((System.nanoTime() - stored) / 1000);
                        }
                    }
                    store.release().toCompletableFuture().get(30, TimeUnit.SECONDS);
                    find.release().toCompletableFuture().get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (CompletableFuture<Void> s : senders) {
            s.get(10, TimeUnit.MINUTES);
        }
        return h;
    }
}
