package org.cairn.http.stow;

import static org.apache.pekko.http.javadsl.server.Directives.concat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.cairn.blob.Digest;
import org.cairn.blob.LocalBlobStore;
import org.cairn.http.HttpServer;
import org.cairn.ingest.InstanceIngest;
import org.cairn.journal.JournalSchema;
import org.cairn.study.DuplicatePolicy;
import org.cairn.study.ShardedStudies;
import org.cairn.study.StudyEvent;

/**
 * A node for the HTTP ingest tests: a one-node cluster with the real H2 journal under a data directory, sharded
 * Study entities, a local blob store, and the STOW-RS and upload routes served on a free loopback port by a real Pekko
 * HTTP server; requests go through java.net.http.
 */
final class StowNode implements AutoCloseable {
    final ActorSystem<Void> system;
    final LocalBlobStore blobs;
    final ShardedStudies studies;
    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private StowNode(ActorSystem<Void> system, LocalBlobStore blobs, ShardedStudies studies, HttpServer server) {
        this.system = system;
        this.blobs = blobs;
        this.studies = studies;
        this.server = server;
    }

    static StowNode start(Path dataDir, StowSettings settings) throws Exception {
        Map<String, Object> overrides = new HashMap<>();
        overrides.put("pekko.actor.provider", "cluster");
        overrides.put("pekko.remote.artery.canonical.hostname", "127.0.0.1");
        overrides.put("pekko.remote.artery.canonical.port", 0);
        overrides.put("pekko.cluster.jmx.multi-mbeans-in-same-jvm", "on");
        overrides.put("pekko.loglevel", "WARNING");
        overrides.put("cairn.data-dir", dataDir.toString());
        Config config = ConfigFactory.parseMap(overrides)
            .withFallback(ConfigFactory.defaultApplication())
            .withFallback(ConfigFactory.defaultReferenceUnresolved())
            .resolve();
        JournalSchema.migrate(config.getString("cairn.journal.url"), config.getString("cairn.journal.user"),
            config.getString("cairn.journal.password"));
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "stow-test", config);
        try {
            Cluster cluster = Cluster.get(system);
            cluster.manager().tell(Join.create(cluster.selfMember().address()));
            ShardedStudies studies = ShardedStudies.init(system, DuplicatePolicy.REJECT, 100, Duration.ofSeconds(30));
            LocalBlobStore blobs = LocalBlobStore.open(dataDir.resolve("blobs"));
            InstanceIngest ingest = InstanceIngest.create(system, blobs, studies, Set.of());
            HttpServer server = HttpServer.start(system, "127.0.0.1", 0, concat(
                    StowRoutes.create(ingest, settings),
                    UploadRoutes.create(ingest, system.dispatchers().lookup(DispatcherSelector.blocking()), settings)))
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
            return new StowNode(system, blobs, studies, server);
        } catch (Exception e) {
            system.terminate();
            throw e;
        }
    }

    static StowSettings settings() {
        return StowSettings.fromConfig(ConfigFactory.load());
    }

    int port() {
        return server.port();
    }

    HttpResponse<byte[]> post(String path, String contentType, byte[] body) {
        return post(path, contentType, HttpRequest.BodyPublishers.ofByteArray(body));
    }

    /** A body streamed from {@code body} (sent chunked: its length is not known beforehand). */
    HttpResponse<byte[]> post(String path, String contentType, Supplier<InputStream> body) {
        return post(path, contentType, HttpRequest.BodyPublishers.ofInputStream(body));
    }

    private HttpResponse<byte[]> post(String path, String contentType, HttpRequest.BodyPublisher body) {
        try {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .timeout(Duration.ofMinutes(5)).header("Content-Type", contentType).POST(body).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            throw new IllegalStateException("POST " + path + " failed", e);
        }
    }

    /** The instance as its study has it, or null. */
    StudyEvent.StoredInstance instance(String studyUid, String sopInstanceUid) throws Exception {
        return studies.study(studyUid).toCompletableFuture().get(30, TimeUnit.SECONDS).find(sopInstanceUid);
    }

    /** The stored file of an instance. */
    byte[] file(StudyEvent.StoredInstance instance) throws Exception {
        try (InputStream in = blobs.open(new Digest(instance.digest())).orElseThrow()) {
            return in.readAllBytes();
        }
    }

    @Override
    public void close() throws Exception {
        try {
            server.stop(Duration.ofSeconds(1)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }
}
