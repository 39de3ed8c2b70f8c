package org.cairn.load.events;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A Server-Sent Events reader (the text/event-stream format of the HTML standard) on a thread of its own that
 * records each {@code instance.created} event into {@link Arrivals}, timed when its {@code data:} line was read, before
 * the JSON is parsed. Comment lines (the server's keep-alive) are skipped.
 */
public final class SseListener implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final InputStream body;
    private final Arrivals arrivals;
    private final Thread reader;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private volatile boolean closing;

    private SseListener(InputStream body, Arrivals arrivals) {
        this.body = body;
        this.arrivals = arrivals;
        this.reader = new Thread(this::read, "sse-listener");
        reader.setDaemon(true);
    }

    /**
     * Sends {@code request} (its URL and credentials; {@code Accept: text/event-stream} is added) and returns once the
     * server answered 200, so the stream's "from now" is before anything stored after this returns.
     */
    public static SseListener connect(HttpRequest.Builder request, Arrivals arrivals)
        throws IOException, InterruptedException {
        HttpResponse<InputStream> response = HTTP.send(request.header("Accept", "text/event-stream").build(),
            HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            String error = new String(response.body().readNBytes(2000), StandardCharsets.UTF_8);
            response.body().close();
            throw new IOException("the event stream answered " + response.statusCode() + ": " + error);
        }
        SseListener listener = new SseListener(response.body(), arrivals);
        listener.reader.start();
        return listener;
    }

    /** What ended the stream before it was closed, if anything did. */
    public Exception failure() {
        return failure.get();
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            StringBuilder data = null;
            long dataNanos = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty()) {
                    if (data != null) {
                        String json = data.toString();
                        long at = dataNanos;
                        InstanceEvents.createdInstance(json).ifPresent(sop -> arrivals.record(sop, at));
                    }
                    data = null;
                } else if (line.startsWith("data:")) {
                    String value = line.substring(line.startsWith("data: ") ? 6 : 5);
                    if (data == null) {
                        dataNanos = System.nanoTime();
                        data = new StringBuilder(value);
                    } else {
                        data.append('\n').append(value);
                    }
                }
                // "id:", "event:" and ":" comment lines carry nothing the benchmark needs
            }
            if (!closing) {
                failure.set(new IOException("the event stream ended"));
            }
        } catch (IOException | RuntimeException e) {
            if (!closing) {
                failure.set(e);
            }
        }
    }

    @Override
    public void close() throws IOException {
        closing = true;
        body.close();
        reader.interrupt();
    }
}
