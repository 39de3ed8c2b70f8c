package org.cairn.webhook;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook subscriber: a real JDK HTTP server on 127.0.0.1 that records every request and answers the status a test
 * sets, or never answers ({@link #hang}). It can be stopped, so connections are refused, and started again on the
 * same port.
 */
final class Receiver implements AutoCloseable {
    /** One request as received, and the status it was answered with (0 if never answered). */
    record Received(Map<String, String> headers, String body, int status, Instant at) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        long seq() {
            return Long.parseLong(header(WebhookSignature.EVENT_SEQ));
        }

        boolean accepted() {
            return status >= 200 && status < 300;
        }
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private final CountDownLatch released = new CountDownLatch(1);
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private volatile boolean hanging;
    private volatile String location;
    private volatile HttpServer server;
    private final int port;

    private Receiver(int port) throws IOException {
        this.server = bind(port);
        this.port = server.getAddress().getPort();
    }

    static Receiver start() throws IOException {
        return new Receiver(0);
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port + "/hooks/cairn");
    }

    void answer(int code) {
        status.set(code);
    }

    /** Answers with a redirect to {@code target}. */
    void redirect(int code, URI target) {
        location = target.toString();
        status.set(code);
    }

    /** Never answers (until closed): every request times out. */
    void hang() {
        hanging = true;
    }

    /** Stops listening: connections are refused. */
    void stop() {
        server.stop(0);
    }

    /** Listens again on the same port. */
    void restart() throws IOException {
        server = bind(port);
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    /** The seqs answered with a 2xx, in the order they arrived. */
    List<Long> acceptedSeqs() {
        return received.stream().filter(Received::accepted).map(Received::seq).toList();
    }

    @Override
    public void close() {
        released.countDown();
        try {
            server.stop(0);
        } catch (IllegalStateException alreadyStopped) {
            // stopped by the test to refuse connections
        }
        handlers.shutdownNow();
    }

    private HttpServer bind(int on) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), on), 16);
        s.setExecutor(handlers);
        s.createContext("/", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) ->
                headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
            if (hanging) {
                received.add(new Received(headers, body, 0, Instant.now()));
                try {
                    released.await(1, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
                return;
            }
            int code = status.get();
            received.add(new Received(headers, body, code, Instant.now()));
            if (code >= 300 && code < 400 && location != null) {
                exchange.getResponseHeaders().add("Location", location);
            }
            exchange.sendResponseHeaders(code, -1);
            exchange.close();
        });
        s.start();
        return s;
    }
}
