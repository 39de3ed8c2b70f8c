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
import org.cairn.http.ApiRoutes;
import org.cairn.http.StudySearch;
import org.cairn.http.auth.Access;
import org.cairn.http.auth.HttpSecurity;
import org.cairn.http.stow.StowRoutes;
import org.cairn.http.stow.StowSettings;
import org.cairn.http.stow.UploadRoutes;
import org.cairn.http.studies.StudyManagementRoutes;
import org.cairn.http.wado.WadoRoutes;
import org.cairn.http.wado.WadoUriRoute;
import org.cairn.ingest.InstanceIngest;
import org.cairn.jobs.ExpiredStudyPurger;
import org.cairn.jobs.JobManager;
import org.cairn.jobs.Jobs;
import org.cairn.jobs.StudyJobs;
import org.apache.pekko.actor.typed.Props;
import java.util.Optional;
import org.cairn.http.AuditRoutes;
import org.cairn.http.WorklistViewDirectory;
import org.cairn.http.worklist.FhirMapping;
import org.cairn.http.worklist.FhirRoutes;
import org.cairn.http.worklist.OpenApiRoute;
import org.cairn.http.worklist.WorklistRoutes;
import org.cairn.hl7.Hl7Listener;
import org.cairn.mpps.MppsService;
import org.cairn.projection.OrderLinking;
import org.cairn.projection.OrderViews;
import org.cairn.qr.WorklistFindService;
import org.cairn.worklist.OrderStatus;
import org.cairn.worklist.ShardedOrders;
import org.cairn.worklist.WorklistAuditLog;
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
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.SingletonActor;
import java.util.Set;
import org.cairn.journal.JournalSchema;
import org.cairn.net.netty.DicomServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Cairn node: a one-node cluster (until others join) running the Study, order and performed-step entities, the
 * blob store, the projections, the DIMSE listener (Verification, Storage, Query/Retrieve, Modality Worklist and MPPS
 * SCPs), the HL7 v2 MLLP listener and the HTTP listener (/health, /metrics, the study, worklist, FHIR and audit APIs,
 * QIDO-RS). On SIGTERM (or any other coordinated shutdown) it reports 503 on /health, stops accepting associations
 * and HL7 connections, lets open associations finish (at most {@code cairn.dicom.drain-timeout}), then leaves the
 * cluster and stops.
 */
public final class CairnNode {
    private static final Logger LOG = LoggerFactory.getLogger(CairnNode.class);

    private CairnNode() {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable failed) {
            // the actor system's threads would keep a half-started node alive, holding its ports and data
            LOG.error("Cairn could not start", failed);
            System.exit(1);
        }
    }

    private static java.util.stream.Stream<org.apache.pekko.cluster.Member> memberStream(Cluster cluster) {
        return java.util.stream.StreamSupport.stream(cluster.state().getMembers().spliterator(), false);
    }

    private static int membersUp(Cluster cluster) {
        return (int) memberStream(cluster).filter(m -> m.status() == org.apache.pekko.cluster.MemberStatus.up()).count();
    }

    private static int members(Cluster cluster) {
        return (int) memberStream(cluster).count();
    }

    private static void reportOrphans(int orphans) {
        if (orphans > 0) {
            LOG.warn("Removed {} blobs that no journaled instance refers to (left by an interrupted store)", orphans);
        }
    }

    private static void run(String[] args) throws Exception {
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
        boolean bootstrapped = ClusterManagement.start(system, config);
        if (config.getStringList("pekko.cluster.seed-nodes").isEmpty() && !bootstrapped) {
            cluster.manager().tell(Join.create(cluster.selfMember().address())); // a cluster of one until others join
        }
        GroupSync blobDirectorySync = new GroupSync("blobs", served -> NodeMetrics.groupCommitted("blobs", served));
        JournalSync journalSync = JournalSync.forJournal(config.getString("cairn.journal.url"),
            served -> NodeMetrics.groupCommitted("journal", served));
        Duration orphanAge = config.getDuration("cairn.blobs.orphan-min-age");
        Path blobPath = Path.of(config.getString("cairn.blobs.path")).toAbsolutePath();
        LocalBlobStore blobs = LocalBlobStore.open(blobPath, blobDirectorySync, orphanAge);
        if (orphanAge.isZero()) {
            // nobody else writes here: every unreferenced blob is a crash's leftover, removed before stores begin
            reportOrphans(BlobReconciliation.run(system, blobs, Duration.ofMinutes(10), orphanAge));
        } else {
            // a shared path: only blobs older than the age are touched, never a store in progress, so the journal
            // is read in the background rather than holding up a restart (a rolling restart, with a long journal)
            CompletableFuture.runAsync(() -> {
                try {
                    reportOrphans(BlobReconciliation.run(system, blobs, Duration.ofMinutes(30), orphanAge));
                } catch (Exception e) {
                    LOG.warn("Orphan blob reconciliation failed; it runs again at the next start: {}", e.toString());
                }
            }, system.dispatchers().lookup(DispatcherSelector.blocking()));
        }
        ShardedStudies studies = ShardedStudies.init(system,
            DuplicatePolicy.valueOf(config.getString("cairn.studies.duplicate-policy").toUpperCase()),
            config.getInt("cairn.studies.snapshot-every"), config.getDuration("cairn.studies.ask-timeout"), journalSync);
        ViewDatabase views = ViewDatabase.open(config.getString("cairn.journal.url"), config.getString("cairn.journal.user"),
            config.getString("cairn.journal.password"), config.getInt("cairn.views.max-connections"));
        StudyViews.start(system, views.dataSource());
        java.util.concurrent.Executor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
        Duration orderTimeout = config.getDuration("cairn.worklist.ask-timeout");
        ShardedOrders orders = ShardedOrders.init(system, orderTimeout, journalSync, views.dataSource(), blocking);
        OrderViews.start(system, views.dataSource());
        OrderLinking.start(system, views.dataSource(), studies, orders);
        MppsService mpps = MppsService.init(system, orderTimeout, journalSync, orders, views.dataSource(), blocking);
        WorklistAuditLog worklistAudit = new WorklistAuditLog(views.dataSource());
        WorklistFindService worklist = new WorklistFindService(views.dataSource(), blocking,
            config.getInt("cairn.worklist.max-matches"), config.getBoolean("cairn.query.person-names-ignore-case"),
            config.getStringList("cairn.worklist.return-statuses").stream().map(OrderStatus::valueOf)
                .collect(java.util.stream.Collectors.toSet()), worklistAudit);
        AssociationSettings dicom = AssociationSettings.from(config).withUserAuthenticator(new DimseUsers(
            new org.cairn.access.UserStore(views.dataSource()),
            new org.cairn.access.PasswordHasher(config.getInt("cairn.auth.password-iterations"))));
        FindService find = new FindService(views.dataSource(), system.dispatchers().lookup(DispatcherSelector.blocking()),
            dicom.aeTitles().iterator().next(), config.getInt("cairn.query.max-matches"),
            config.getBoolean("cairn.query.person-names-ignore-case"));
        DicomClient scu = DicomClient.create();
        org.cairn.views.InstanceFiles served = new org.cairn.views.CorrectedInstanceFiles(blobs, views.dataSource());
        MoveService move = new MoveService(views.dataSource(), served, scu,
            system.dispatchers().lookup(DispatcherSelector.blocking()), dicom.aeTitles().iterator().next(),
            MoveDestination.fromConfig(config));
        InstanceIngest ingest = InstanceIngest.create(system, blobs, studies,
            Set.copyOf(config.getStringList("cairn.storage.extra-sop-classes")));
        DicomServer dimse = DicomServer.start(system, system, dicom, ServiceRegistry.of(new VerificationService(),
            new StorageService(ingest), find, move, new GetService(views.dataSource(), served, blocking),
            worklist, mpps));
        Hl7Listener hl7 = config.getBoolean("cairn.hl7.enabled")
            ? Hl7Listener.start(system, config.getString("cairn.hl7.bind-address"), config.getInt("cairn.hl7.port"),
                orders, config.getInt("cairn.hl7.max-message-bytes")).toCompletableFuture().get(30, TimeUnit.SECONDS)
            : null;
        String aeTitle = dicom.aeTitles().iterator().next();
        Jobs jobs = new Jobs(system.systemActorOf(JobManager.create(blocking, config.getInt("cairn.jobs.max-running"),
            config.getInt("cairn.jobs.keep-finished")), "jobs", Props.empty()), system);
        StudyJobs studyJobs = new StudyJobs(studies, served, blobs, scu, aeTitle, dataDir.resolve("exports"), ingest);
        Duration retention = config.getDuration("cairn.studies.deleted-retention");
        // one purger in the cluster: two would purge the same studies at the same time
        ClusterSingleton.get(system).init(SingletonActor.of(ExpiredStudyPurger.create(views.dataSource(), jobs,
            studyJobs, retention, config.getDuration("cairn.studies.purge-interval"),
            config.getInt("cairn.studies.purge-batch"), blocking), "expired-study-purger"));
        StudyManagementRoutes studyApi = new StudyManagementRoutes(studies, new StudySearch(views.dataSource(), aeTitle,
            config.getInt("cairn.query.max-matches"), config.getBoolean("cairn.query.person-names-ignore-case")),
            views.dataSource(), served, jobs, studyJobs, MoveDestination.fromConfig(config), system, blocking,
            retention, Optional.of(studyJobs::anonymize));
        StowSettings stow = StowSettings.fromConfig(config);
        java.util.function.Function<org.apache.pekko.http.javadsl.model.HttpRequest, String> uploader = request ->
            request.getAttribute(Access.PRINCIPAL).map(p -> "HTTP:" + p.name()).orElse("HTTP");
        HttpSecurity security = HttpSecurity.start(config, views.dataSource(), dataDir, blocking);
        EventServices events = EventServices.start(system, config, views.dataSource(), blocking, studies, aeTitle,
            journalSync);
        AtomicBoolean serving = new AtomicBoolean(true);
        ApiRoutes api = new ApiRoutes(
            HealthRoute.create(() -> new HealthRoute.Health(serving.get(), String.join(",", dicom.aeTitles()),
                dimse.port(), dimse.openAssociations(), cluster.selfMember().status().toString(),
                membersUp(cluster), members(cluster))),
            org.cairn.http.MetricsRoute.create(),
            studyApi.route(),
            QidoRoutes.create(views.dataSource(), blocking, aeTitle, config.getInt("cairn.query.max-matches"),
                config.getBoolean("cairn.query.person-names-ignore-case")),
            WadoRoutes.create(views.dataSource(), served, blocking, config),
            WadoUriRoute.create(views.dataSource(), served, blocking, config),
            StowRoutes.create(ingest, stow, uploader),
            UploadRoutes.create(ingest, blocking, stow, uploader),
            WorklistRoutes.create(orders, new WorklistViewDirectory(views.dataSource(), blocking)),
            FhirRoutes.create(orders, FhirMapping.fromConfig(config)),
            AuditRoutes.create(views.dataSource(), blocking),
            events.routes(),
            OpenApiRoute.create(),
            org.cairn.http.UiRoutes.create());
        HttpServer http = HttpServer.start(system, config.getString("cairn.http.bind-address"),
            config.getInt("cairn.http.port"), api.secured(security)).toCompletableFuture().get(30, TimeUnit.SECONDS);

        CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
        Duration drain = config.getDuration("cairn.dicom.drain-timeout");
        shutdown.addTask(CoordinatedShutdown.PhaseServiceUnbind(), "stop-accepting", () -> {
            serving.set(false);
            LOG.info("Cairn stopping: no new associations; waiting up to {} s for open ones", drain.toSeconds());
            dimse.stopAccepting();
            if (hl7 != null) {
                return hl7.stop().thenApply(stopped -> Done.getInstance());
            }
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
            security.close();
            events.close();
            try {
                worklistAudit.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return CompletableFuture.completedFuture(Done.getInstance());
        });
        shutdown.addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(), "metrics-stop",
            () -> scala.jdk.javaapi.FutureConverters.asJava(kamon.Kamon.stop()).thenApply(x -> Done.getInstance()));
        LOG.info("Cairn {} listening: DIMSE {} on {}:{}, HTTP on {}:{}, HL7 (MLLP) {}, data in {}",
            org.cairn.dicom.Implementation.VERSION_NAME, dicom.aeTitles(), dicom.bindAddress(), dimse.port(),
            config.getString("cairn.http.bind-address"), http.port(),
            hl7 == null ? "off" : config.getString("cairn.hl7.bind-address") + ":" + hl7.port(), dataDir);
        // the projections use the views' pool until the actor system has stopped them
        system.getWhenTerminated().thenRun(views::close);
        system.getWhenTerminated().toCompletableFuture().get();
    }
}
