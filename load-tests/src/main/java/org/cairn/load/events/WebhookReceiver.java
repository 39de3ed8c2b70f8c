package org.cairn.load.events;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A webhook subscriber on 127.0.0.1: a real JDK HTTP server that times each POST on receipt, before reading or
 * parsing its body, records its {@code instance.created} event into {@link Arrivals} and answers 204 at once.
 */
public final class WebhookReceiver implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService handlers = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "webhook-receiver");
        t.setDaemon(true);
        return t;
    });
    private final Arrivals arrivals;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    private WebhookReceiver(Arrivals arrivals) throws IOException {
        this.arrivals = arrivals;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.createContext("/hook", this::handle);
        server.setExecutor(handlers);
        server.start();
    }

    public static WebhookReceiver start(Arrivals arrivals) throws IOException {
        return new WebhookReceiver(arrivals);
    }

    /** The URL to subscribe. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** The first body the receiver could not read as an event, if any. */
    public Exception failure() {
        return failure.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long at = System.nanoTime();
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            try {
                InstanceEvents.createdInstance(body).ifPresent(sop -> arrivals.record(sop, at));
            } catch (IOException | RuntimeException e) {
                failure.compareAndSet(null, e);
            }
            // a 2xx even for a body not understood: a refusal would only make the node send it again
            exchange.sendResponseHeaders(204, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}
