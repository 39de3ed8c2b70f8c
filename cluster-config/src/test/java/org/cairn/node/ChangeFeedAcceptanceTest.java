package org.cairn.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.cairn.dicom.DicomWriter;
import org.cairn.dicom.TransferSyntax;
import org.cairn.dicom.dict.UID;
import org.cairn.net.dimse.Status;
import org.cairn.scu.AssociationRequest;
import org.cairn.scu.DicomClient;
import org.cairn.scu.ScuAssociation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, acceptance 1 and 2, on a node process: a consumer reading the change feed while 4 associations ingest,
 * across a SIGKILL and restart of the node, sees each event exactly once by cursor (no gaps, no reordering), and an
 * SSE client that disconnects and reconnects with Last-Event-ID loses nothing.
 */
class ChangeFeedAcceptanceTest {
    static final int ASSOCIATIONS = 4;
    static final int PER_ASSOCIATION = 60;
    static final int STUDIES = 6;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    protected Map<String, String> journalEnvironment() throws Exception {
        return Map.of();
    }

    protected String[] profile() {
        return new String[0];
    }

    private Map<String, String> environment;

    @org.junit.jupiter.api.BeforeEach
    void journal() throws Exception {
        environment = journalEnvironment(); // one database per test, kept across the restart
    }

    private NodeProcess start(Path data) throws Exception {
        Path config = Files.writeString(dir.resolve("cairn.conf"),
            "cairn.events { stable-after = 2s, stable-check-interval = 300ms }\n");
        List<String> options = new ArrayList<>(List.of("--config", config.toString()));
        options.addAll(List.of(profile()));
        return NodeProcess.start(data, dir.resolve("node.log"), "512m", environment,
            options.toArray(String[]::new));
    }

    @Test
    void feedIsGapFreeAndExactlyOnceAcrossARestartDuringIngest() throws Exception {
        Path data = dir.resolve("data");
        AtomicReference<NodeProcess> node = new AtomicReference<>(start(data));
        long seed = System.nanoTime();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger acks = new AtomicInteger();
        List<JsonNode> consumed = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean reading = new AtomicBoolean(true);
        CompletableFuture<Void> consumer = CompletableFuture.runAsync(() -> consume(node, consumed, reading));
        try (DicomClient client = DicomClient.create()) {
            List<CompletableFuture<Void>> senders = new ArrayList<>();
            for (int a = 0; a < ASSOCIATIONS; a++) {
                int association = a;
                senders.add(CompletableFuture.runAsync(() ->
                    send(client, node, association, seed, acknowledged, acks)));
            }
            long deadline = System.currentTimeMillis() + 120_000;
            while (acks.get() < ASSOCIATIONS * PER_ASSOCIATION / 3 && System.currentTimeMillis() < deadline) {
                Thread.sleep(5);
            }
            node.get().kill(); // mid-ingest, mid-read
            node.set(start(data));
            for (CompletableFuture<Void> s : senders) {
                s.get(180, TimeUnit.SECONDS);
            }
            assertThat(acknowledged).hasSize(ASSOCIATIONS * PER_ASSOCIATION);
            // everything reaches the feed, up to each study's last stability (the restart made an earlier one)
            awaitSettled(consumed, acknowledged, Duration.ofSeconds(60));
        } finally {
            reading.set(false);
            consumer.get(30, TimeUnit.SECONDS);
            node.get().close();
        }

        List<JsonNode> events = List.copyOf(consumed);
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).get("seq").asLong()).as("event %d of the feed", i).isEqualTo(i + 1L);
        }
        Map<String, Integer> created = new HashMap<>();
        Set<String> ids = new HashSet<>();
        Set<String> studies = new HashSet<>();
        Set<String> series = new HashSet<>();
        for (JsonNode e : events) {
            assertThat(ids.add(e.get("id").asText())).as("event id %s once", e.get("id")).isTrue();
            assertThat(e.get("specversion").asText()).isEqualTo("1.0");
            JsonNode d = e.get("data");
            switch (e.get("type").asText()) {
                case "study.created" -> assertThat(studies.add(d.get("studyInstanceUid").asText())).isTrue();
                case "series.created" -> {
                    assertThat(studies).as("study announced before its series").contains(d.get("studyInstanceUid").asText());
                    assertThat(series.add(d.get("seriesInstanceUid").asText())).isTrue();
                }
                case "instance.created" -> {
                    assertThat(series).as("series announced before its instances")
                        .contains(d.get("seriesInstanceUid").asText());
                    created.merge(d.get("sopInstanceUid").asText(), 1, Integer::sum);
                }
                default -> { }
            }
        }
        assertThat(created.keySet()).as("every acknowledged instance in the feed").isEqualTo(acknowledged);
        assertThat(created.values()).as("each instance once").containsOnly(1);
        assertThat(studies).hasSize(STUDIES);
        // stable once per quiet spell (the restart made one): never twice without an instance between, and last
        Map<String, String> lastOfStudy = new HashMap<>();
        for (JsonNode e : events) {
            String type = e.get("type").asText();
            if (type.equals("study.stable") || type.equals("instance.created")) {
                String study = e.get("data").get("studyInstanceUid").asText();
                String before = lastOfStudy.put(study, type);
                assertThat(type.equals("study.stable") && "study.stable".equals(before))
                    .as("%s announced stable twice in one quiet spell", study).isFalse();
            }
        }
        assertThat(lastOfStudy).hasSize(STUDIES).allSatisfy((study, last) -> assertThat(last).isEqualTo("study.stable"));
    }

    @Test
    void sseClientThatReconnectsWithLastEventIdLosesNothingAndAWebSocketReadsTheSame() throws Exception {
        long seed = System.nanoTime();
        try (NodeProcess node = start(dir.resolve("data")); DicomClient client = DicomClient.create()) {
            String url = "http://127.0.0.1:" + node.httpPort + "/api/events/stream?types=instance.created";
            Set<String> received = new HashSet<>();
            String lastId;
            try (SseClient sse = SseClient.connect(url + "&after=0", NodeProcess.authorization(), null)) {
                assertThat(sse.status).isEqualTo(200);
                sendBatch(client, node, seed, 0, 20);
                lastId = readInstances(sse, received, 20);
            } // disconnected
            sendBatch(client, node, seed, 20, 30); // while nobody listens
            try (SseClient sse = SseClient.connect(url, NodeProcess.authorization(), lastId)) {
                sendBatch(client, node, seed, 50, 10);
                readInstances(sse, received, 60);
            }
            Set<String> expected = new HashSet<>();
            for (int n = 0; n < 60; n++) {
                expected.add(sop(seed, n));
            }
            assertThat(received).isEqualTo(expected);

            // the WebSocket equivalent, from the start of the feed
            java.util.concurrent.BlockingQueue<String> messages = new java.util.concurrent.LinkedBlockingQueue<>();
            java.net.http.WebSocket ws = java.net.http.HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", NodeProcess.authorization())
                .buildAsync(java.net.URI.create("ws://127.0.0.1:" + node.httpPort
                    + "/api/events/ws?after=0&types=instance.created"), new java.net.http.WebSocket.Listener() {
                        private final StringBuilder text = new StringBuilder();

                        @Override
                        public CompletableFuture<?> onText(java.net.http.WebSocket socket, CharSequence data,
                                                           boolean last) {
                            text.append(data);
                            if (last) {
                                messages.add(text.toString());
                                text.setLength(0);
                            }
                            socket.request(1);
                            return null;
                        }
                    }).get(30, TimeUnit.SECONDS);
            Set<String> overWebSocket = new HashSet<>();
            long previous = 0;
            while (overWebSocket.size() < 60) {
                String message = messages.poll(30, TimeUnit.SECONDS);
                assertThat(message).as("a WebSocket message within 30 s").isNotNull();
                JsonNode event = JSON.readTree(message);
                assertThat(event.get("seq").asLong()).isGreaterThan(previous);
                previous = event.get("seq").asLong();
                assertThat(overWebSocket.add(event.get("data").get("sopInstanceUid").asText())).isTrue();
            }
            assertThat(overWebSocket).isEqualTo(expected);
            ws.abort();
        }
    }

    /** Reads instance.created events until {@code total} distinct instances are in {@code received}; the last id. */
    private static String readInstances(SseClient sse, Set<String> received, int total) throws Exception {
        String lastId = null;
        long previous = -1;
        while (received.size() < total) {
            SseClient.Event event = sse.next(Duration.ofSeconds(30));
            assertThat(event).as("an event within 30 s (have %d of %d)", received.size(), total).isNotNull();
            assertThat(event.type()).isEqualTo("instance.created");
            long seq = Long.parseLong(event.id());
            assertThat(seq).as("ids increase").isGreaterThan(previous);
            previous = seq;
            JsonNode body = JSON.readTree(event.data());
            assertThat(body.get("seq").asLong()).isEqualTo(seq);
            assertThat(received.add(body.get("data").get("sopInstanceUid").asText())).as("no duplicate").isTrue();
            lastId = event.id();
        }
        return lastId;
    }

    private static void sendBatch(DicomClient client, NodeProcess node, long seed, int first, int count)
        throws Exception {
        ScuAssociation a = client.connect("127.0.0.1", node.dicomPort, AssociationRequest.to("CAIRN")
            .propose(UID.CTImageStorage, UID.ExplicitVRLittleEndian)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        for (int n = first; n < first + count; n++) {
            String study = CrashSafetyTest.studyUid(seed, 0);
            byte[] bytes = DicomWriter.toBytes(CrashSafetyTest.instance(study, sop(seed, n), n),
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
            assertThat(a.store(UID.CTImageStorage, sop(seed, n), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, bytes)
                .toCompletableFuture().get(30, TimeUnit.SECONDS).status()).isEqualTo(Status.SUCCESS);
        }
        a.release().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static String sop(long seed, int n) {
        return CrashSafetyTest.studyUid(seed, 0) + ".1." + n;
    }

    /** Sends this association's share, reconnecting to whichever node is up until every instance is acknowledged. */
    private static void send(DicomClient client, AtomicReference<NodeProcess> node, int association, long seed,
                             Set<String> acknowledged, AtomicInteger acks) {
        long deadline = System.currentTimeMillis() + 150_000;
        int next = 0;
        while (next < PER_ASSOCIATION && System.currentTimeMillis() < deadline) {
            try {
                ScuAssociation a = client.connect("127.0.0.1", node.get().dicomPort, AssociationRequest.to("CAIRN")
                    .propose(UID.CTImageStorage, UID.ExplicitVRLittleEndian)).toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
                while (next < PER_ASSOCIATION) {
                    int n = association * PER_ASSOCIATION + next;
                    String study = CrashSafetyTest.studyUid(seed, n % STUDIES);
                    String sop = study + ".1." + n;
                    byte[] bytes = DicomWriter.toBytes(CrashSafetyTest.instance(study, sop, n),
                        TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
                    if (a.store(UID.CTImageStorage, sop, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, bytes)
                        .toCompletableFuture().get(30, TimeUnit.SECONDS).status() != Status.SUCCESS) {
                        throw new IllegalStateException("store of " + sop + " failed");
                    }
                    acknowledged.add(sop);
                    acks.incrementAndGet();
                    next++;
                }
                a.release().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (Exception nodeDown) {
                sleep(300); // as a modality does: try again, with what was not acknowledged
            }
        }
    }

    /** Reads the change feed page by page from cursor 0, through the node's restart, until told to stop. */
    private static void consume(AtomicReference<NodeProcess> node, List<JsonNode> consumed, AtomicBoolean reading) {
        long cursor = 0;
        while (reading.get()) {
            try {
                HttpResponse<byte[]> page = node.get().get("/api/changefeed?after=" + cursor + "&limit=97");
                if (page.statusCode() != 200) {
                    sleep(100);
                    continue;
                }
                JsonNode body = JSON.readTree(page.body());
                for (JsonNode e : body.get("events")) {
                    consumed.add(e);
                }
                long next = body.get("next").asLong();
                if (next == cursor) {
                    sleep(20);
                }
                cursor = next;
            } catch (Exception nodeDown) {
                sleep(100);
            }
        }
    }

    /** Waits until the feed has every acknowledged instance and each study's last event is its stability. */
    private static void awaitSettled(List<JsonNode> events, Set<String> acknowledged, Duration timeout)
        throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        String unsettled;
        while ((unsettled = unsettled(events, acknowledged)) != null) {
            assertThat(System.currentTimeMillis()).as("feed settled within %s; still %s", timeout, unsettled)
                .isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** What keeps the feed from being settled, or null when it is. */
    private static String unsettled(List<JsonNode> events, Set<String> acknowledged) {
        Set<String> read = new HashSet<>();
        Map<String, String> last = new HashMap<>();
        int count;
        synchronized (events) {
            count = events.size();
            for (JsonNode e : events) {
                String type = e.get("type").asText();
                if (type.equals("instance.created")) {
                    read.add(e.get("data").get("sopInstanceUid").asText());
                }
                if (type.equals("instance.created") || type.equals("study.stable")) {
                    last.put(e.get("data").get("studyInstanceUid").asText(), type);
                }
            }
        }
        Set<String> unread = new HashSet<>(acknowledged);
        unread.removeAll(read);
        long unstable = last.values().stream().filter(type -> !type.equals("study.stable")).count();
        if (unread.isEmpty() && last.size() == STUDIES && unstable == 0) {
            return null;
        }
        return String.format("%d events read; %d acknowledged instances not in the feed (e.g. %s); %d of %d studies "
            + "seen, %d of them not stable after their last instance", count, unread.size(),
            unread.stream().limit(3).toList(), last.size(), STUDIES, unstable);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
