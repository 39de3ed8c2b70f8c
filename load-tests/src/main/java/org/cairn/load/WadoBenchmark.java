package org.cairn.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.cairn.dicom.dict.Tag;
import org.cairn.dicom.dict.UID;
import org.cairn.load.peers.Peers;
import org.cairn.net.dimse.Status;
import org.cairn.scu.AssociationRequest;
import org.cairn.scu.DicomClient;
import org.cairn.scu.ScuAssociation;

/**
 * {@code ./cairn bench wado}: WADO-RS against a 200-slice CT study (512×512, 16-bit, explicit VR little endian,
 * about 525 KB a slice, {@link SyntheticStudies#ctSeries}) held by Cairn (the node in a JVM of its own, {@code -Xmx1g},
 * H2 journal, a fresh data directory) and by Orthanc 1.10 with Debian's DICOMweb plugin 1.7, both filled with the
 * same files by C-STORE, in the same run. One client, one request at a time, the JDK's HttpURLConnection over
 * HTTP/1.1 (keep-alive; the JDK's HttpClient reads a large body at about 200 MB/s here, too slow to tell the servers
 * apart). Cairn is asked with HTTP Basic credentials, Orthanc without (its authentication is off).
 *
 * <ul>
 *   <li><b>Study retrieval</b>: {@code GET /dicom-web/studies/{study}} with {@code Accept: multipart/related;
 *       type="application/dicom"; transfer-syntax=*} (both servers then send the files as stored), the body read to
 *       its end and checked to hold 200 parts. MB/s of the multipart body; {@value #RETRIEVE_WARM_UP} unmeasured,
 *       then {@value #RETRIEVE_MEASURED} measured.</li>
 *   <li><b>Series metadata</b>: {@code GET /dicom-web/studies/{study}/series/{series}/metadata} as
 *       {@code application/dicom+json}, the body read to its end (timed), then parsed and checked to hold 200 items
 *       with their SOP Instance UIDs (not timed). p50/p95/p99 of {@value #METADATA_MEASURED} after
 *       {@value #CAIRN_METADATA_WARM_UP} unmeasured (Cairn) or {@value #ORTHANC_METADATA_WARM_UP} (Orthanc, whose
 *       plugin reads every file of the series for each request: its default {@code "SeriesMetadata": "Full"}).</li>
 * </ul>
 */
public final class WadoBenchmark {
    static final int SLICES = 200;
    static final int RETRIEVE_WARM_UP = 10;
    static final int RETRIEVE_MEASURED = 10;
    /** Cairn's metadata requests before measuring: on two cores its JIT compiles the path late. */
    static final int CAIRN_METADATA_WARM_UP = 1_000;
    /** Orthanc's: a C++ server needs no JIT warm-up, and each of its requests reads the whole series. */
    static final int ORTHANC_METADATA_WARM_UP = 20;
    static final int METADATA_MEASURED = 300;
    static final String ACCEPT_DICOM = "multipart/related; type=\"application/dicom\"; transfer-syntax=*";
    private static final ObjectMapper JSON = new ObjectMapper();

    private WadoBenchmark() {
    }

    /** One server's results: retrieval durations (ns) with the body's size, and metadata latencies (µs). */
    record Result(String server, List<Long> retrievalNanos, long bodyBytes, int metadataWarmUp, Histogram metadata) {
        /** MB/s of each measured retrieval, slowest first. */
        double[] megabytesPerSecond() {
            return retrievalNanos.stream().mapToDouble(ns -> bodyBytes / 1e6 / (ns / 1e9)).sorted().toArray();
        }

        double medianMegabytesPerSecond() {
            double[] mbs = megabytesPerSecond();
            return mbs.length % 2 == 1 ? mbs[mbs.length / 2] : (mbs[mbs.length / 2 - 1] + mbs[mbs.length / 2]) / 2;
        }

        double metadataMillis(double percentile) {
            return metadata.getValueAtPercentile(percentile) / 1e3;
        }
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        Path work = root.resolve("load-tests/target/bench-wado");
        deleteTree(work); // a journal left by an earlier run would turn every store into a duplicate
        Files.createDirectories(work);
        List<Path> files = SyntheticStudies.ctSeries(root.resolve("load-tests/target/bench/ct200"), SLICES);
        long fileBytes = 0;
        for (Path f : files) {
            fileBytes += Files.size(f);
        }
        String study = "2.25.31415926535897932384626433"; // SyntheticStudies' 200-slice study and its series
        String series = study + ".1";
        String studyPath = "/dicom-web/studies/" + study;
        String metadataPath = studyPath + "/series/" + series + "/metadata";

        List<Result> results = new ArrayList<>();
        try (DicomClient client = DicomClient.create()) {
            try (CairnProcess cairn = CairnProcess.start(work, work.resolve("cairn-data"), 0, List.of("-Xmx1g"),
                List.of())) {
                store(client, "Cairn", "CAIRN", cairn.dicomPort, files);
                String base = "http://127.0.0.1:" + cairn.httpPort;
                awaitInstances(base + studyPath + "/instances", SLICES);
                results.add(measure("Cairn", base + studyPath, base + metadataPath, fileBytes,
                    CAIRN_METADATA_WARM_UP));
            }
            try (Peers.Peer orthanc = Peers.orthanc(Files.createDirectories(work.resolve("orthanc")), "ORTHANC",
                Map.of(), 4, true)) {
                store(client, "Orthanc", "ORTHANC", orthanc.port(), files);
                String base = "http://127.0.0.1:" + orthanc.httpPort();
                results.add(measure("Orthanc 1.10 + DICOMweb 1.7", base + studyPath, base + metadataPath, fileBytes,
                    ORTHANC_METADATA_WARM_UP));
            }
        }
        String report = report(results, fileBytes);
        Files.writeString(root.resolve("load-tests/target/wado-benchmark.md"), report);
        System.out.println(report);
    }

    private static Result measure(String server, String studyUrl, String metadataUrl, long fileBytes,
                                  int metadataWarmUp) throws Exception {
        long bodyBytes = 0;
        List<Long> nanos = new ArrayList<>();
        for (int i = 0; i < RETRIEVE_WARM_UP + RETRIEVE_MEASURED; i++) {
            long start = System.nanoTime();
            MultipartCount body = retrieve(studyUrl);
            long took = System.nanoTime() - start;
            if (body.parts() != SLICES || body.bytes() < fileBytes) {
                throw new IllegalStateException(server + " sent " + body.parts() + " parts, " + body.bytes()
                    + " bytes, for a study of " + SLICES + " files, " + fileBytes + " bytes");
            }
            bodyBytes = body.bytes();
            if (i >= RETRIEVE_WARM_UP) {
                nanos.add(took);
            }
            System.out.printf(Locale.ROOT, "%s: study retrieval %d: %.0f MB in %.3f s%s%n", server, i + 1,
                body.bytes() / 1e6, took / 1e9, i < RETRIEVE_WARM_UP ? " (warm-up)" : "");
        }

        Histogram latencies = new Histogram(3);
        String sopInstanceUid = String.format("%08X", Tag.SOPInstanceUID);
        for (int i = 0; i < metadataWarmUp + METADATA_MEASURED; i++) {
            long start = System.nanoTime();
            byte[] body = get(metadataUrl, "application/dicom+json");
            long took = System.nanoTime() - start;
            JsonNode items = JSON.readTree(body);
            if (!items.isArray() || items.size() != SLICES || !items.get(0).path(sopInstanceUid).has("Value")) {
                throw new IllegalStateException(server + "'s series metadata has " + items.size() + " items, not "
                    + SLICES);
            }
            if (i >= metadataWarmUp) {
                latencies.recordValue(Math.max(1, took / 1000));
            }
        }
        System.out.printf(Locale.ROOT, "%s: series metadata p50 %.2f ms over %d after %d%n", server,
            latencies.getValueAtPercentile(50) / 1e3, METADATA_MEASURED, metadataWarmUp);
        return new Result(server, nanos, bodyBytes, metadataWarmUp, latencies);
    }

    /** A GET read to its end; anything but 200 fails the run. */
    static byte[] get(String url, String accept) throws IOException {
        HttpURLConnection c = open(url, accept);
        try (InputStream in = c.getInputStream()) {
            return in.readAllBytes();
        }
    }

    /** A GET with the administrator's credentials (Orthanc, without authentication, ignores them). */
    private static HttpURLConnection open(String url, String accept) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setConnectTimeout(10_000);
        c.setReadTimeout(300_000);
        c.setRequestProperty("Accept", accept);
        c.setRequestProperty("Authorization", CairnProcess.AUTHORIZATION);
        if (c.getResponseCode() != 200) {
            InputStream error = c.getErrorStream();
            throw new IllegalStateException(url + " answered " + c.getResponseCode() + ": "
                + (error == null ? "" : new String(error.readNBytes(2000), StandardCharsets.UTF_8)));
        }
        return c;
    }

    /** A multipart body read to its end: its size and how many parts it held. */
    record MultipartCount(long bytes, int parts) {
    }

    /** Retrieves the study and reads its multipart body to the end, counting the parts by their delimiters. */
    static MultipartCount retrieve(String url) throws IOException {
        HttpURLConnection c = open(url, ACCEPT_DICOM);
        try (InputStream in = c.getInputStream()) {
            String type = c.getContentType() == null ? "" : c.getContentType();
            Matcher boundary = Pattern.compile("boundary=\"?([^\";]+)\"?").matcher(type);
            if (!type.toLowerCase(Locale.ROOT).startsWith("multipart/related") || !boundary.find()) {
                throw new IllegalStateException(url + " answered " + type + ", not multipart/related");
            }
            return countParts(in, boundary.group(1));
        }
    }

    /**
     * Counts the parts of a multipart body (RFC 2046 5.1.1) as it streams by: each "CRLF--boundary" delimiter
     * (the first may open the body without its CRLF) begins a part, except the last, "--boundary--", which closes
     * the body. The boundary holds no CR, so a failed match can restart at the byte that failed it.
     */
    static MultipartCount countParts(InputStream in, String boundary) throws IOException {
        byte[] delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
        byte[] buffer = new byte[256 * 1024];
        long bytes = 0;
        int delimiters = 0;
        int matched = 2; // as if the body were preceded by a CRLF
        int afterDelimiter = -1; // bytes seen after the last delimiter, while looking for its "--"
        boolean closed = false;
        for (int n; (n = in.read(buffer)) > 0; ) {
            bytes += n;
            for (int i = 0; i < n; i++) {
                byte b = buffer[i];
                if (afterDelimiter >= 0) {
                    if (b == '-' && afterDelimiter < 2) {
                        afterDelimiter++;
                        if (afterDelimiter == 2) {
                            closed = true;
                        }
                        continue;
                    }
                    afterDelimiter = -1;
                }
                if (b == delimiter[matched]) {
                    if (++matched == delimiter.length) {
                        delimiters++;
                        matched = 0;
                        afterDelimiter = 0;
                    }
                } else {
                    matched = b == delimiter[0] ? 1 : 0;
                }
            }
        }
        if (!closed) {
            throw new IOException("the multipart body ended without its closing delimiter");
        }
        return new MultipartCount(bytes, delimiters - 1);
    }

    /** C-STORE of every file on one association; each must succeed. */
    private static void store(DicomClient client, String server, String ae, int port, List<Path> files)
        throws Exception {
        long start = System.nanoTime();
        ScuAssociation association = client.connect("127.0.0.1", port, AssociationRequest.to(ae)
            .propose(UID.CTImageStorage, UID.ExplicitVRLittleEndian)).toCompletableFuture().get(60, TimeUnit.SECONDS);
        for (Path f : files) {
            int status = association.store(f).toCompletableFuture().get(120, TimeUnit.SECONDS).status();
            if (status != Status.SUCCESS) {
                throw new IllegalStateException(server + " answered " + Integer.toHexString(status) + " for " + f);
            }
        }
        association.release().toCompletableFuture().get(60, TimeUnit.SECONDS);
        System.out.printf(Locale.ROOT, "%s: %d instances stored by C-STORE in %.1f s%n", server, files.size(),
            (System.nanoTime() - start) / 1e9);
    }

    /** Waits until QIDO-RS finds every instance: Cairn's views follow its journal by a few milliseconds. */
    private static void awaitInstances(String instancesUrl, int count) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            int found;
            try {
                found = JSON.readTree(get(instancesUrl, "application/dicom+json")).size();
            } catch (IllegalStateException noneYet) {
                found = 0; // 204 No Content while the views hold none of the study
            }
            if (found == count) {
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException(instancesUrl + " found " + found + " instances, not " + count);
            }
            Thread.sleep(100);
        }
    }

    static String report(List<Result> results, long fileBytes) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "WADO-RS benchmark, %s: a study of %d CT "
                + "slices (%.1f MB of files), %d cores%n%n", LocalDate.now(), SLICES, fileBytes / 1e6,
            Runtime.getRuntime().availableProcessors()));
        s.append("| server | study retrieval MB/s, median | min | max | seconds per study, median | series metadata "
            + "requests (warm-up) | p50 ms | p95 ms | p99 ms |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Result r : results) {
            double[] mbs = r.megabytesPerSecond();
            s.append(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f | %,.0f | %.3f | %d (%d) | %.2f | %.2f | %.2f |%n",
                r.server(), r.medianMegabytesPerSecond(), mbs[0], mbs[mbs.length - 1],
                r.bodyBytes() / 1e6 / r.medianMegabytesPerSecond(), r.metadata().getTotalCount(), r.metadataWarmUp(),
                r.metadataMillis(50), r.metadataMillis(95), r.metadataMillis(99)));
        }
        if (results.size() == 2) {
            Result cairn = results.get(0);
            Result orthanc = results.get(1);
            s.append(String.format(Locale.ROOT, "%nCairn ÷ Orthanc: study retrieval %.2f× (goal ≥ 3×); series metadata "
                    + "p50 %.1f× faster. Cairn series metadata p99 %.2f ms (goal < 20 ms).%n",
                cairn.medianMegabytesPerSecond() / orthanc.medianMegabytesPerSecond(),
                orthanc.metadataMillis(50) / cairn.metadataMillis(50), cairn.metadataMillis(99)));
        }
        return s.toString();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
