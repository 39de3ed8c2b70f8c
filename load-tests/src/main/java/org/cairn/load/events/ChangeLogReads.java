package org.cairn.load.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A consumer catching up on a change log from its start to its end, page after page, one request at a time over
 * one keep-alive connection (the JDK's HttpURLConnection): Cairn's change feed ({@code GET /api/changefeed?after=
 * &limit=}, read on from {@code next}) and Orthanc's change log ({@code GET /changes?since=&limit=}, read on from
 * {@code Last} until {@code Done}). Each request is timed to its body's last byte; parsing the page is not timed.
 */
public final class ChangeLogReads {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ChangeLogReads() {
    }

    /** One read of a whole log: the events, the bytes of the pages, the time spent in requests, the pages. */
    public record Pass(long events, long bytes, long nanos, int pages, int largestPage) {
    }

    /** Reads a whole log once. */
    @FunctionalInterface
    public interface Reader {
        Pass readAll() throws IOException;
    }

    /**
     * Many passes over the same log, after unmeasured ones; {@code events} and {@code nanos} are totals, {@code cpu}
     * how busy the machine was during the measured passes.
     */
    public record Throughput(String server, int limit, int warmUpPasses, int passes, long eventsPerPass, long events,
                             long bytes, long nanos, int largestPage, CpuShare cpu) {
        public double eventsPerSecond() {
            return events / (nanos / 1e9);
        }

        public double megabytesPerSecond() {
            return bytes / 1e6 / (nanos / 1e9);
        }

        public double bytesPerEvent() {
            return (double) bytes / events;
        }
    }

    /** Cairn's change feed at {@code base} (e.g. http://127.0.0.1:8080), as its administrator. */
    public static Pass cairnPass(String base, String authorization, int limit) throws IOException {
        return pass(after -> base + "/api/changefeed?after=" + after + "&limit=" + limit, authorization, page -> {
            int size = page.get("events").size();
            long next = page.get("next").asLong();
            return new PageRead(size, next, size == 0 || next >= page.get("latest").asLong());
        });
    }

    /** Orthanc's change log at {@code base} (its authentication off). */
    public static Pass orthancPass(String base, int limit) throws IOException {
        return pass(since -> base + "/changes?since=" + since + "&limit=" + limit, null, page -> {
            int size = page.get("Changes").size();
            return new PageRead(size, page.get("Last").asLong(), page.get("Done").asBoolean() || size == 0);
        });
    }

    /** What one page of a change log says: how many events, the cursor after it, and whether it was the last. */
    private record PageRead(int size, long next, boolean last) {
    }

    /** Reads a change log from cursor 0 to its end, page by page, timing each request to its body's last byte. */
    private static Pass pass(java.util.function.LongFunction<String> url, String authorization,
                             java.util.function.Function<JsonNode, PageRead> read) throws IOException {
        long cursor = 0;
        long events = 0;
        long bytes = 0;
        long nanos = 0;
        int pages = 0;
        int largest = 0;
        while (true) {
            long start = System.nanoTime();
            byte[] body = get(url.apply(cursor), authorization);
            nanos += System.nanoTime() - start;
            PageRead page = read.apply(JSON.readTree(body));
            events += page.size();
            bytes += body.length;
            pages++;
            largest = Math.max(largest, page.size());
            if (page.last()) {
                return new Pass(events, bytes, nanos, pages, largest);
            }
            cursor = page.next();
        }
    }

    /**
     * Passes of {@code reader} for {@code warmUp} (at least one) not counted, then for {@code measured} (at least
     * three) counted.
     */
    public static Throughput measure(String server, int limit, Reader reader, Duration warmUp, Duration measured)
        throws IOException {
        int warmUpPasses = 0;
        long until = System.nanoTime() + warmUp.toNanos();
        do {
            reader.readAll();
            warmUpPasses++;
        } while (System.nanoTime() < until);
        int passes = 0;
        long events = 0;
        long bytes = 0;
        long nanos = 0;
        long perPass = 0;
        int largest = 0;
        CpuShare.Sample cpuAtStart = CpuShare.sample();
        until = System.nanoTime() + measured.toNanos();
        do {
            Pass pass = reader.readAll();
            passes++;
            events += pass.events();
            bytes += pass.bytes();
            nanos += pass.nanos();
            perPass = pass.events();
            largest = Math.max(largest, pass.largestPage());
        } while (passes < 3 || System.nanoTime() < until);
        return new Throughput(server, limit, warmUpPasses, passes, perPass, events, bytes, nanos, largest,
            CpuShare.between(cpuAtStart, CpuShare.sample()));
    }

    private static byte[] get(String url, String authorization) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setConnectTimeout(10_000);
        c.setReadTimeout(60_000);
        c.setRequestProperty("Accept", "application/json");
        if (authorization != null) {
            c.setRequestProperty("Authorization", authorization);
        }
        if (c.getResponseCode() != 200) {
            InputStream error = c.getErrorStream();
            throw new IOException(url + " answered " + c.getResponseCode() + ": "
                + (error == null ? "" : new String(error.readNBytes(2000), StandardCharsets.UTF_8)));
        }
        try (InputStream in = c.getInputStream()) {
            return in.readAllBytes();
        }
    }
}
