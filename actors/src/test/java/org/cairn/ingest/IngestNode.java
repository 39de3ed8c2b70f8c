package org.cairn.ingest;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.cairn.blob.LocalBlobStore;
import org.cairn.journal.JournalSchema;
import org.cairn.study.DuplicatePolicy;
import org.cairn.study.ShardedStudies;

/**
 * What the ingest runs against in a node, for tests: a one-node cluster with the real H2 journal under
 * {@code dataDir}, sharded Study entities and a local blob store.
 */
final class IngestNode implements AutoCloseable {
    final ActorSystem<Void> system;
    final LocalBlobStore blobs;
    final ShardedStudies studies;
    final InstanceIngest ingest;

    private IngestNode(ActorSystem<Void> system, LocalBlobStore blobs, ShardedStudies studies) {
        this.system = system;
        this.blobs = blobs;
        this.studies = studies;
        this.ingest = InstanceIngest.create(system, blobs, studies, Set.of());
    }

    static IngestNode start(Path dataDir) throws Exception {
        Map<String, Object> overrides = new HashMap<>(StorageScpTest.CLUSTER);
        overrides.put("cairn.data-dir", dataDir.toString());
        overrides.put("pekko.loglevel", "WARNING");
        Config config = ConfigFactory.parseMap(overrides)
            .withFallback(ConfigFactory.defaultApplication())
            .withFallback(ConfigFactory.defaultReferenceUnresolved())
            .resolve();
        JournalSchema.migrate(config.getString("cairn.journal.url"), config.getString("cairn.journal.user"),
            config.getString("cairn.journal.password"));
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "ingest-test", config);
        Cluster cluster = Cluster.get(system);
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
        ShardedStudies studies = ShardedStudies.init(system, DuplicatePolicy.REJECT, 100, Duration.ofSeconds(30));
        return new IngestNode(system, LocalBlobStore.open(dataDir.resolve("blobs")), studies);
    }

    @Override
    public void close() {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().join();
    }
}
