package org.cairn.http.wado;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;
import org.cairn.blob.BlobWriter;
import org.cairn.blob.LocalBlobStore;
import org.cairn.blob.StoredBlob;
import org.cairn.dicom.DicomFile;
import org.cairn.dicom.DicomJson;
import org.cairn.dicom.DicomReader;
import org.cairn.dicom.dict.Tag;
import org.cairn.http.HttpServer;
import org.cairn.journal.JournalSchema;
import org.cairn.views.IndexedInstance;
import org.cairn.views.InstanceFiles;
import org.cairn.views.ViewDatabase;
import org.cairn.views.ViewUpdater;

/**
 * A real archive for WADO tests: views in H2 as Flyway creates them, filled with ViewUpdater as the projection
 * does; files of the shared corpus in a LocalBlobStore; the WADO-RS and WADO-URI routes on a real Pekko HTTP
 * server on 127.0.0.1, reached with java.net.http. Instances get UIDs of the test's choosing (several corpus files
 * share theirs), so the files keep their own: WADO serves the stored bytes as they are.
 */
final class TestArchive implements AutoCloseable {
    static final String PYTHON = "/usr/bin/python3";
    private static int databases;

    private final Path blobDir;
    private final ViewDatabase views;
    private final LocalBlobStore blobs;
    private final ExecutorService blocking = Executors.newFixedThreadPool(4);
    private final Map<String, Path> files = new HashMap<>();
    private final Map<String, String> attributes = new HashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger opened = new java.util.concurrent.atomic.AtomicInteger();
    private ActorSystem<Void> system;
    private HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    TestArchive() throws Exception {
        blobDir = Files.createTempDirectory("cairn-wado-blobs");
        String url = "jdbc:h2:mem:wado" + (++databases) + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        JournalSchema.migrate(url, "cairn", "");
        views = ViewDatabase.open(url, "cairn", "", 4);
        blobs = LocalBlobStore.open(blobDir);
    }

    /** A file of the shared corpus beside the project root, or under {@code -Dcairn.corpus}. */
    static Path corpus(String name) {
        String configured = System.getProperty("cairn.corpus");
        Path dir = configured != null ? Path.of(configured) : Path.of("..", "..", "shared", "corpus");
        if (!Files.isDirectory(dir)) {
            dir = Path.of("..", "shared", "corpus");
        }
        Path file = dir.resolve(name).toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("corpus file not found: " + file);
        }
        return file;
    }

    /** Stores corpus file {@code name} as instance {@code sop} of {@code series} of {@code study}. */
    TestArchive store(String name, String study, String series, String sop, int instanceNumber) throws Exception {
        Path file = corpus(name);
        StoredBlob blob;
        try (BlobWriter writer = blobs.newBlob()) {
            writer.write(ByteBuffer.wrap(Files.readAllBytes(file)));
            blob = writer.commit();
        }
        DicomFile header = DicomReader.read(file, 64 * 1024, Tag.PixelData);
        header.dataSet().remove(Tag.InstanceNumber);
        header.dataSet().putString(Tag.InstanceNumber, org.cairn.dicom.Vr.IS, Integer.toString(instanceNumber));
        String json = DicomJson.inline().toJson(header.dataSet());
        try (Connection c = views.dataSource().getConnection()) {
            c.setAutoCommit(false);
            ViewUpdater.apply(c, new IndexedInstance(study, series, sop, header.sopClassUid(),
                header.transferSyntax().uid(), blob.digest().hex(), blob.size(), "TEST", Instant.now(), json));
            c.commit();
        }
        files.put(sop, file);
        attributes.put(sop, json);
        return this;
    }

    /** How many times the routes have opened an instance file. */
    int filesOpened() {
        return opened.get();
    }

    Path file(String sop) {
        return files.get(sop);
    }

    String attributes(String sop) {
        return attributes.get(sop);
    }

    TestArchive start() throws Exception {
        InstanceFiles stored = InstanceFiles.stored(blobs);
        InstanceFiles instanceFiles = instance -> {
            opened.incrementAndGet();
            return stored.open(instance);
        };
        Route routes = Directives.concat(
            WadoRoutes.create(views.dataSource(), instanceFiles, blocking, DicomwebSettings.fromConfig(ConfigFactory.load())),
            WadoUriRoute.create(views.dataSource(), instanceFiles, blocking, ConfigFactory.load()));
        system = ActorSystem.create(Behaviors.empty(), "wado-test",
            ConfigFactory.parseString("pekko.loglevel = WARNING").withFallback(ConfigFactory.load()));
        server = HttpServer.start(system, "127.0.0.1", 0, routes).toCompletableFuture().get();
        return this;
    }

    HttpResponse<byte[]> get(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    @Override
    public void close() throws Exception {
        try {
            if (server != null) {
                server.stop(Duration.ofSeconds(1)).toCompletableFuture().get();
            }
        } finally {
            if (system != null) {
                system.terminate();
                system.getWhenTerminated().toCompletableFuture().join();
            }
            blocking.shutdownNow();
            views.close();
            try (var walk = Files.walk(blobDir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
