package org.cairn.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.cairn.dicom.DicomWriter;
import org.cairn.dicom.TransferSyntax;
import org.cairn.dicom.dict.UID;
import org.cairn.net.dimse.Status;
import org.cairn.scu.AssociationRequest;
import org.cairn.scu.DicomClient;
import org.cairn.scu.ScuAssociation;
import org.cairn.webhook.WebhookSignature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, acceptance 3, on a node process: a webhook receiver (a real HTTP server) receives every event of the
 * feed at least once, each with a valid signature; while it fails the node retries, and once it recovers it
 * receives everything, in order per study. A second, healthy receiver is not held up by the failing one.
 */
class WebhookAcceptanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String SECRET = "a-webhook-secret-of-some-length";

    @TempDir
    Path dir;

    /** A webhook receiver that records every request and answers 500 while told to fail. */
    static final class Receiver implements AutoCloseable {
        record Delivery(Map<String, String> headers, String body, boolean accepted) {
        }

        final HttpServer server;
        final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
        final AtomicBoolean failing = new AtomicBoolean();

        Receiver() throws Exception {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/hook", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                Map<String, String> headers = new HashMap<>();
                exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
                boolean accept = !failing.get();
                deliveries.add(new Delivery(headers, body, accept));
                exchange.sendResponseHeaders(accept ? 204 : 500, -1);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        List<Delivery> accepted() {
            return deliveries.stream().filter(Delivery::accepted).toList();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @Test
    void everyEventArrivesSignedAndInOrderPerStudyThroughAnOutage() throws Exception {
        Path config = Files.writeString(dir.resolve("cairn.conf"), String.join("\n",
            "cairn.events { stable-after = 1s, stable-check-interval = 300ms }",
            "cairn.events.webhooks { min-backoff = 100ms, max-backoff = 500ms, max-failures = 1000 }", ""));
        long seed = System.nanoTime();
        try (NodeProcess node = NodeProcess.start(dir.resolve("data"), dir.resolve("node.log"), "512m",
                 "--config", config.toString());
             Receiver flaky = new Receiver(); Receiver healthy = new Receiver();
             DicomClient client = DicomClient.create()) {
            String flakyId = subscribe(node, flaky.url());
            subscribe(node, healthy.url());
            flaky.failing.set(true);
            AtomicInteger n = new AtomicInteger();
            send(client, node, seed, 3, 10, n); // 3 studies, 10 instances each, while the flaky receiver fails
            Thread.sleep(1500);
            JsonNode during = json(node.get("/api/webhooks/" + flakyId));
            assertThat(during.get("consecutiveFailures").asInt()).as("failing deliveries counted").isPositive();
            assertThat(during.get("state").asText()).isEqualTo("ACTIVE");
            flaky.failing.set(false);
            send(client, node, seed, 3, 5, n);

            long latest = waitForStable(node, 3);
            waitFor(() -> lastSeq(flaky.accepted()) >= latest && lastSeq(healthy.accepted()) >= latest,
                Duration.ofSeconds(60));

            List<JsonNode> feed = feed(node, latest);
            assertThat(feed).hasSize((int) latest);
            for (Receiver receiver : List.of(flaky, healthy)) {
                Map<Long, JsonNode> firstReceipt = new LinkedHashMap<>();
                for (Receiver.Delivery d : receiver.deliveries) {
                    assertThat(WebhookSignature.verify(SECRET, d.headers().get("cairn-signature"), d.body(),
                        Instant.now(), Duration.ofMinutes(5))).as("signature of %s", d.body()).isTrue();
                    assertThat(d.headers().get("content-type")).startsWith("application/cloudevents+json");
                    JsonNode event = JSON.readTree(d.body());
                    assertThat(d.headers().get("cairn-event-seq")).isEqualTo(event.get("seq").asText());
                    assertThat(d.headers().get("cairn-event-id")).isEqualTo(event.get("id").asText());
                    if (d.accepted()) {
                        firstReceipt.putIfAbsent(event.get("seq").asLong(), event);
                    }
                }
                assertThat(firstReceipt.keySet()).as("every event of the feed accepted")
                    .containsExactlyInAnyOrderElementsOf(feed.stream().map(e -> e.get("seq").asLong()).toList());
                for (JsonNode event : feed) {
                    assertThat(firstReceipt.get(event.get("seq").asLong())).as("the same event").isEqualTo(event);
                }
                Map<String, Long> lastPerStudy = new HashMap<>();
                for (JsonNode event : firstReceipt.values()) { // in order of arrival
                    if (!event.has("subject")) {
                        continue;
                    }
                    long seq = event.get("seq").asLong();
                    Long before = lastPerStudy.put(event.get("subject").asText(), seq);
                    assertThat(before == null || before < seq).as("in order within study %s", event.get("subject"))
                        .isTrue();
                }
            }
            assertThat(flaky.deliveries.stream().filter(d -> !d.accepted()).count()).as("refused deliveries retried")
                .isPositive();
            assertThat(healthy.deliveries).as("the healthy receiver never needed a retry")
                .allSatisfy(d -> assertThat(d.headers().get("cairn-delivery-attempt")).isEqualTo("1"));
            JsonNode after = json(node.get("/api/webhooks/" + flakyId));
            assertThat(after.get("consecutiveFailures").asInt()).isZero();
            assertThat(after.get("cursor").asLong()).isEqualTo(latest);
            assertThat(after.has("secret")).as("the secret is never shown").isFalse();
        }
    }

    private static String subscribe(NodeProcess node, String url) throws Exception {
        String body = JSON.createObjectNode().put("url", url).put("secret", SECRET).put("from", 0).toString();
        HttpResponse<String> created = HTTP.send(node.request("/api/webhooks").header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JSON.readTree(created.body()).get("id").asText();
    }

    private static void send(DicomClient client, NodeProcess node, long seed, int studies, int perStudy,
                             AtomicInteger n) throws Exception {
        ScuAssociation a = client.connect("127.0.0.1", node.dicomPort, AssociationRequest.to("CAIRN")
            .propose(UID.CTImageStorage, UID.ExplicitVRLittleEndian)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        for (int i = 0; i < studies * perStudy; i++) {
            int k = n.getAndIncrement();
            String study = CrashSafetyTest.studyUid(seed, i % studies);
            String sop = study + ".1." + k;
            byte[] bytes = DicomWriter.toBytes(CrashSafetyTest.instance(study, sop, k),
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
            assertThat(a.store(UID.CTImageStorage, sop, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, bytes)
                .toCompletableFuture().get(30, TimeUnit.SECONDS).status()).isEqualTo(Status.SUCCESS);
        }
        a.release().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** Waits until the feed holds {@code studies} stable events after the last instance; the feed's latest seq. */
    private static long waitForStable(NodeProcess node, int studies) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            JsonNode page = json(node.get("/api/changefeed?types=study.stable&limit=1000"));
            if (page.get("events").size() >= studies) {
                Thread.sleep(500); // nothing else is coming: the studies are quiet
                return json(node.get("/api/changefeed/latest")).get("latest").asLong();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("studies not stable within 60 s");
    }

    private static List<JsonNode> feed(NodeProcess node, long upTo) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        long cursor = 0;
        while (cursor < upTo) {
            JsonNode page = json(node.get("/api/changefeed?after=" + cursor + "&limit=1000"));
            page.get("events").forEach(events::add);
            cursor = page.get("next").asLong();
        }
        return events;
    }

    private static long lastSeq(List<Receiver.Delivery> deliveries) {
        long last = 0;
        for (Receiver.Delivery d : deliveries) {
            last = Math.max(last, Long.parseLong(d.headers().get("cairn-event-seq")));
        }
        return last;
    }

    private static JsonNode json(HttpResponse<byte[]> response) throws Exception {
        assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, Duration timeout) throws Exception {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (!condition.getAsBoolean()) {
            assertThat(System.currentTimeMillis()).as("condition within %s", timeout).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
