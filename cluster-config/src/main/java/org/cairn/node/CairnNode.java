package org.cairn.node;

import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.cairn.association.AssociationSettings;
import org.cairn.association.NodeMetrics;
import org.cairn.association.ServiceRegistry;
import org.cairn.association.VerificationService;
import org.cairn.http.HealthRoute;
import org.cairn.http.HttpServer;
import org.cairn.http.QidoRoutes;
import org.cairn.http.StudyRoutes;
import org.cairn.ingest.StorageService;
import org.cairn.projection.StudyViews;
import org.cairn.qr.FindService;
import org.cairn.qr.GetService;
import org.cairn.qr.MoveDestination;
import org.cairn.qr.MoveService;
import org.cairn.scu.DicomClient;
import org.cairn.views.ViewDatabase;
import org.cairn.blob.LocalBlobStore;
import org.cairn.durability.GroupSync;
import org.cairn.durability.JournalSync;
import org.cairn.study.BlobReconciliation;
import org.cairn.study.DuplicatePolicy;
import org.cairn.study.ShardedStudies;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import java.util.Set;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import org.cairn.journal.JournalSchema;
import org.cairn.net.netty.DicomServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Cairn node: a one-node cluster (until others join) running the Study entities, the blob store, the DIMSE
 * listener (Verification and Storage SCP) and the HTTP listener (/health, /metrics and the study API). On SIGTERM
 * it stops accepting associations, lets open ones finish (at most {@code cairn.dicom.drain-timeout}), then
 * leaves the cluster and stops. On SIGTERM (or any other
 * coordinated shutdown) it first reports 503 on /health and stops accepting associations, then lets the actor
 * system finish what is in flight.
 */
public final class CairnNode {
    private static final Logger LOG = LoggerFactory.getLogger(CairnNode.class);

    private CairnNode() {
    }

    public static void main(String[] args) throws Exception {
        NodeOptions options;
        Config config;
        boolean rebuildViews = args.length > 0 && args[0].equals("rebuild-views");
        if (rebuildViews) {
            args = java.util.Arrays.copyOfRange(args, 1, args.length);
        }
        try {
            options = NodeOptions.parse(args);
            config = options.config();
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (config.getString("cairn.journal.url").isBlank()) {
            System.err.println("cairn.journal.url is not set: the postgres profile takes it from CAIRN_JOURNAL_URL "
                + "(with CAIRN_JOURNAL_USER and CAIRN_JOURNAL_PASSWORD)");
            System.exit(2);
            return;
        }
        Path dataDir = Path.of(config.getString("cairn.data-dir")).toAbsolutePath();
        Files.createDirectories(dataDir);
        int migrations = JournalSchema.migrate(config.getString("cairn.journal.url"), config.getString("cairn.journal.user"),
            config.getString("cairn.journal.password"));
        if (migrations > 0) {
            LOG.info("Journal schema created or upgraded ({} migrations)", migrations);
        }
        if (rebuildViews) {
            ViewRebuild.run(config);
            System.exit(0);
            return;
        }
        kamon.Kamon.init(config);
        ActorSystem<SpawnProtocol.Command> system = ActorSystem.create(SpawnProtocol.create(), "cairn", config);
        Cluster cluster = Cluster.get(system);
        cluster.manager().tell(Join.create(cluster.selfMember().address())); // a cluster of one until others join
        GroupSync blobDirectorySync = new GroupSync("blobs", served -> NodeMetrics.groupCommitted("blobs", served));
        JournalSync journalSync = JournalSync.forJournal(config.getString("cairn.journal.url"),
            served -> NodeMetrics.groupCommitted("journal", served));
        LocalBlobStore blobs = LocalBlobStore.open(dataDir.resolve("blobs"), blobDirectorySync);
        int orphans = BlobReconciliation.run(system, blobs, java.time.Duration.ofMinutes(10));
        if (orphans > 0) {
            LOG.warn("Removed {} blobs that no journaled instance refers to (left by an interrupted store)", orphans);
        }
        ShardedStudies studies = ShardedStudies.init(system,
            DuplicatePolicy.valueOf(config.getString("cairn.studies.duplicate-policy").toUpperCase()),
            config.getInt("cairn.studies.snapshot-every"), config.getDuration("cairn.studies.ask-timeout"), journalSync);
        ViewDatabase views = ViewDatabase.open(config.getString("cairn.journal.url"), config.getString("cairn.journal.user"),
            config.getString("cairn.journal.password"), config.getInt("cairn.views.max-connections"));
        StudyViews.start(system, views.dataSource());
        AssociationSettings dicom = AssociationSettings.from(config);
        FindService find = new FindService(views.dataSource(), system.dispatchers().lookup(DispatcherSelector.blocking()),
            dicom.aeTitles().iterator().next(), config.getInt("cairn.query.max-matches"),
            config.getBoolean("cairn.query.person-names-ignore-case"));
        DicomClient scu = DicomClient.create();
        MoveService move = new MoveService(views.dataSource(), blobs, scu,
            system.dispatchers().lookup(DispatcherSelector.blocking()), dicom.aeTitles().iterator().next(),
            MoveDestination.fromConfig(config));
        DicomServer dimse = DicomServer.start(system, system, dicom, ServiceRegistry.of(new VerificationService(),
            new StorageService(system, blobs, studies, Set.copyOf(config.getStringList("cairn.storage.extra-sop-classes"))),
            find, move, new GetService(views.dataSource(), blobs, system.dispatchers().lookup(DispatcherSelector.blocking()))));
        AtomicBoolean serving = new AtomicBoolean(true);
        HttpServer http = HttpServer.start(system, config.getString("cairn.http.bind-address"),
            config.getInt("cairn.http.port"), concat(HealthRoute.create(() -> new HealthRoute.Health(serving.get(),
                String.join(",", dicom.aeTitles()), dimse.port(), dimse.openAssociations())),
                StudyRoutes.create(studies, blobs), org.cairn.http.MetricsRoute.create(),
                QidoRoutes.create(views.dataSource(), system.dispatchers().lookup(DispatcherSelector.blocking()),
                    dicom.aeTitles().iterator().next(), config.getInt("cairn.query.max-matches"),
                    config.getBoolean("cairn.query.person-names-ignore-case"))))
            .toCompletableFuture().get(30, TimeUnit.SECONDS);

        CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
        Duration drain = config.getDuration("cairn.dicom.drain-timeout");
        shutdown.addTask(CoordinatedShutdown.PhaseServiceUnbind(), "stop-accepting", () -> {
            serving.set(false);
            LOG.info("Cairn stopping: no new associations; waiting up to {} s for open ones", drain.toSeconds());
            dimse.stopAccepting();
            return CompletableFuture.completedFuture(Done.getInstance());
        });
        shutdown.addTask(CoordinatedShutdown.PhaseServiceRequestsDone(), "finish-in-flight", () ->
            CompletableFuture.supplyAsync(() -> {
                try {
                    if (!dimse.awaitIdle(drain)) {
                        LOG.warn("{} associations still open after {} s: closing them", dimse.openAssociations(),
                            drain.toSeconds());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Done.getInstance();
            }).thenCompose(done -> http.stop(Duration.ofSeconds(5))).thenApply(x -> Done.getInstance()));
        shutdown.addTask(CoordinatedShutdown.PhaseServiceStop(), "dicom-stop", () -> {
            dimse.close();
            return CompletableFuture.completedFuture(Done.getInstance());
        });
        shutdown.addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(), "group-sync-stop", () -> {
            LOG.info("Group commit: {} journal commits made durable by {} fsyncs, {} blob names by {}",
                journalSync.requests(), journalSync.flushes(), blobDirectorySync.requests(), blobDirectorySync.flushes());
            journalSync.close();
            blobDirectorySync.close();
            scu.close();
            views.close();
            return CompletableFuture.completedFuture(Done.getInstance());
        });
        shutdown.addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(), "metrics-stop",
            () -> scala.jdk.javaapi.FutureConverters.asJava(kamon.Kamon.stop()).thenApply(x -> Done.getInstance()));
        LOG.info("Cairn {} listening: DIMSE {} on {}:{}, HTTP on {}:{}, data in {}",
            org.cairn.dicom.Implementation.VERSION_NAME, dicom.aeTitles(), dicom.bindAddress(), dimse.port(),
            config.getString("cairn.http.bind-address"), http.port(), dataDir);
        system.getWhenTerminated().toCompletableFuture().get();
    }
}
