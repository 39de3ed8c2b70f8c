package org.cairn.load.events;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import org.cairn.load.CairnProcess;

/**
 * The benchmark's two subscribers to a node's {@code instance.created} events, either of which may be left out: an
 * SSE client ({@code GET /api/events/stream?types=instance.created}, from now) and a webhook receiver subscribed
 * from the feed's latest event. Both are listening once {@link #open} returns.
 */
public final class Subscribers implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String SECRET = "events-benchmark-secret";

    private final Arrivals sse = new Arrivals();
    private final Arrivals webhook = new Arrivals();
    private WebhookReceiver receiver;
    private SseListener listener;

    private Subscribers() {
    }

    public static Subscribers open(CairnProcess cairn, boolean withSse, boolean withWebhook) throws Exception {
        Subscribers s = new Subscribers();
        try {
            if (withWebhook) {
                s.receiver = WebhookReceiver.start(s.webhook);
                subscribeWebhook(cairn, s.receiver.url(), "\"latest\"");
            }
            if (withSse) {
                s.listener = SseListener.connect(cairn.request("/api/events/stream?types=instance.created"), s.sse);
            }
            return s;
        } catch (Exception e) {
            s.close();
            throw e;
        }
    }

    /**
     * Subscribes {@code url} to {@code instance.created} from {@code from}, a JSON value: {@code "latest"} or a seq.
     */
    public static void subscribeWebhook(CairnProcess cairn, String url, String from)
        throws IOException, InterruptedException {
        String body = "{\"url\": \"" + url + "\", \"secret\": \"" + SECRET + "\", "
            + "\"eventTypes\": [\"instance.created\"], \"from\": " + from + "}";
        HttpResponse<String> created = HTTP.send(cairn.request("/api/webhooks")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
            HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201) {
            throw new IOException("POST /api/webhooks answered " + created.statusCode() + ": " + created.body());
        }
    }

    /** Waits until every open channel received the events of {@code sopInstanceUids}; false if one had not in time. */
    public boolean awaitAll(Collection<String> sopInstanceUids, Duration timeout) throws InterruptedException {
        boolean all = listener == null || sse.awaitAll(sopInstanceUids, timeout);
        return (receiver == null || webhook.awaitAll(sopInstanceUids, timeout)) && all;
    }

    /** The SSE channel's latencies for the instances answered at {@code responded}; null without SSE. */
    public DeliveryLatencies sse(Map<String, Long> responded) {
        return listener == null ? null : DeliveryLatencies.of(responded, sse.firstArrivals());
    }

    /** The webhook's latencies for the instances answered at {@code responded}; null without a webhook. */
    public DeliveryLatencies webhook(Map<String, Long> responded) {
        return receiver == null ? null : DeliveryLatencies.of(responded, webhook.firstArrivals());
    }

    /** How many distinct instances each channel has heard of, for a failure message. */
    public String progress() {
        return "SSE " + (listener == null ? "-" : sse.firstArrivals().size()) + ", webhook "
            + (receiver == null ? "-" : webhook.firstArrivals().size())
            + (listener == null || listener.failure() == null ? "" : "; SSE failed: " + listener.failure())
            + (receiver == null || receiver.failure() == null ? "" : "; webhook failed: " + receiver.failure());
    }

    /** Fails if a channel broke (the stream ended, a body was not an event). */
    public void checkHealthy() {
        if ((listener != null && listener.failure() != null) || (receiver != null && receiver.failure() != null)) {
            throw new IllegalStateException("a channel failed: " + progress());
        }
    }

    @Override
    public void close() throws IOException {
        if (listener != null) {
            listener.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }
}
