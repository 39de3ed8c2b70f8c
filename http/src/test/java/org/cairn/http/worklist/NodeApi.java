package org.cairn.http.worklist;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Route;
import org.cairn.access.PasswordHasher;
import org.cairn.access.Role;
import org.cairn.access.User;
import org.cairn.access.UserStore;
import org.cairn.blob.LocalBlobStore;
import org.cairn.http.ApiRoutes;
import org.cairn.http.AuditRoutes;
import org.cairn.http.HealthRoute;
import org.cairn.http.HttpServer;
import org.cairn.http.MetricsRoute;
import org.cairn.http.QidoRoutes;
import org.cairn.http.StudySearch;
import org.cairn.http.WorklistViewDirectory;
import org.cairn.http.auth.HttpSecurity;
import org.cairn.http.stow.StowRoutes;
import org.cairn.http.stow.StowSettings;
import org.cairn.http.stow.UploadRoutes;
import org.cairn.http.studies.StudyManagementRoutes;
import org.cairn.http.wado.WadoRoutes;
import org.cairn.http.wado.WadoUriRoute;
import org.cairn.ingest.InstanceIngest;
import org.cairn.jobs.JobManager;
import org.cairn.jobs.Jobs;
import org.cairn.jobs.StudyJobs;
import org.cairn.journal.JournalSchema;
import org.cairn.qr.MoveDestination;
import org.cairn.scu.DicomClient;
import org.cairn.study.StudyStore;
import org.cairn.views.CorrectedInstanceFiles;
import org.cairn.views.InstanceFiles;
import org.cairn.views.ViewDatabase;

/**
 * The node's whole HTTP API, composed by {@link ApiRoutes} as {@code CairnNode} composes it, over real components: an
 * H2 journal database migrated by {@link JournalSchema} (views, users, access audit and the read journal of the study
 * history all in it), a {@link LocalBlobStore}, the job manager on an actor system, {@link HttpSecurity} with one user
 * per role. Two stand-ins, because the real ones need cluster sharding: the study store holds no study
 * ({@link NoStudies}) and the order feed keeps orders in memory ({@link RecordingOrderFeed}).
 *
 * <p>It is served twice on 127.0.0.1: {@link Served#AS_THE_NODE_SERVES_IT} ({@link ApiRoutes#secured}), and
 * {@link Served#WITH_A_CATCH_ALL}, the same routes inside {@link HttpSecurity#secure} followed by a route that
 * answers 418 with header {@value #UNMATCHED}, so a request no route handles shows as such.
 */
final class NodeApi implements AutoCloseable {
    static final String UNMATCHED = "X-Test-Unmatched";
    static final String AE_TITLE = "CAIRN";
    /** What HttpSecurity hashes with: the least it accepts, so that signing in five users stays quick. */
    private static final int PASSWORD_ITERATIONS = PasswordHasher.MIN_ITERATIONS;
    private static int databases;

    /** Which of the two servers a request goes to. */
    enum Served { AS_THE_NODE_SERVES_IT, WITH_A_CATCH_ALL }

    private final ActorSystem<Void> system;
    private final ViewDatabase views;
    private final DicomClient scu;
    private final HttpSecurity security;
    private final HttpServer served;
    private final HttpServer withCatchAll;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();

    private NodeApi(ActorSystem<Void> system, ViewDatabase views, DicomClient scu, HttpSecurity security,
                    HttpServer served, HttpServer withCatchAll) {
        this.system = system;
        this.views = views;
        this.scu = scu;
        this.security = security;
        this.served = served;
        this.withCatchAll = withCatchAll;
    }

    /** Builds and serves the API, keeping its blobs, exports and admin bootstrap file under {@code dataDir}. */
    static NodeApi start(Path dataDir) throws Exception {
        String url = "jdbc:h2:mem:node-api" + (++databases) + ";DB_CLOSE_DELAY=-1";
        JournalSchema.migrate(url, "cairn", "");
        Config config = ConfigFactory.parseMap(Map.of(
                "cairn.data-dir", dataDir.toString(),
                "cairn.journal.url", url, // the study history reads the journal through pekko-persistence-jdbc
                "cairn.auth.password-iterations", PASSWORD_ITERATIONS,
                "cairn.auth.admin-password", password(Role.ADMIN),
                "pekko.loglevel", "WARNING"))
            .withFallback(ConfigFactory.defaultReferenceUnresolved())
            .resolve();
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "node-api-test", config);
        ViewDatabase views = ViewDatabase.open(url, "cairn", "", 4);
        DicomClient scu = DicomClient.create();
        HttpSecurity security = null;
        try {
            DataSource database = views.dataSource();
            Executor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
            security = HttpSecurity.start(config, database, dataDir, blocking);
            createOneUserPerRole(database);
            ApiRoutes api = routes(system, config, database, blocking, scu, dataDir);
            Route marker = complete(org.apache.pekko.http.javadsl.model.HttpResponse.create()
                .withStatus(StatusCodes.IM_A_TEAPOT).addHeader(RawHeader.create(UNMATCHED, "true")));
            HttpServer served = HttpServer.start(system, "127.0.0.1", 0, api.secured(security))
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
            HttpServer withCatchAll = HttpServer.start(system, "127.0.0.1", 0,
                    security.secure(concat(api.routes(security), marker)))
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
            return new NodeApi(system, views, scu, security, served, withCatchAll);
        } catch (Exception | Error e) {
            if (security != null) {
                security.close();
            }
            scu.close();
            system.terminate();
            views.close();
            throw e;
        }
    }

    private static ApiRoutes routes(ActorSystem<Void> system, Config config, DataSource database, Executor blocking,
                                    DicomClient scu, Path dataDir) throws Exception {
        StudyStore studies = new NoStudies();
        LocalBlobStore blobs = LocalBlobStore.open(dataDir.resolve("blobs"));
        InstanceFiles files = new CorrectedInstanceFiles(blobs, database);
        Jobs jobs = new Jobs(system.systemActorOf(JobManager.create(blocking, 2, 100), "jobs", Props.empty()), system);
        InstanceIngest ingest = InstanceIngest.create(system, blobs, studies, Set.of());
        StudyJobs studyJobs = new StudyJobs(studies, files, blobs, scu, AE_TITLE, dataDir.resolve("exports"), ingest);
        StudyManagementRoutes studyApi = new StudyManagementRoutes(studies,
            new StudySearch(database, AE_TITLE, 100, false), database, files, jobs, studyJobs,
            MoveDestination.fromConfig(config), system, blocking, Duration.ofDays(30),
            Optional.of(studyJobs::anonymize));
        StowSettings stow = StowSettings.fromConfig(config);
        RecordingOrderFeed orders = new RecordingOrderFeed(new InMemoryWorklistDirectory());
        org.cairn.events.ChangeFeed feed = new org.cairn.events.ChangeFeed(database, blocking,
            org.cairn.events.FeedHead.start(database, Duration.ofMillis(50)));
        return new ApiRoutes(
            HealthRoute.create(() -> new HealthRoute.Health(true, AE_TITLE, 11112, 0)),
            MetricsRoute.create(),
            studyApi.route(),
            QidoRoutes.create(database, blocking, AE_TITLE, 100, false),
            WadoRoutes.create(database, files, blocking, config),
            WadoUriRoute.create(database, files, blocking, config),
            StowRoutes.create(ingest, stow),
            UploadRoutes.create(ingest, blocking, stow),
            WorklistRoutes.create(orders, new WorklistViewDirectory(database, blocking)),
            FhirRoutes.create(orders, FhirMapping.fromConfig(config)),
            AuditRoutes.create(database, blocking),
            org.apache.pekko.http.javadsl.server.Directives.concat(
                org.cairn.http.events.ChangeFeedRoutes.create(feed, 1000, Duration.ofSeconds(15)),
                org.cairn.http.events.WebhookRoutes.create(org.cairn.webhook.Webhooks.start(system, database, feed,
                    feed::latest, java.util.Set.copyOf(org.cairn.events.EventTypes.ALL),
                    org.cairn.webhook.WebhookSettings.fromConfig(config), blocking)),
                org.cairn.http.events.FhirPublicationRoutes.disabled()),
            OpenApiRoute.create(),
            org.cairn.http.UiRoutes.create());
    }

    /** A user per role, named after it ({@link #user}), as an administrator would make them. */
    private static void createOneUserPerRole(DataSource database) throws Exception {
        UserStore store = new UserStore(database);
        PasswordHasher hasher = new PasswordHasher(PASSWORD_ITERATIONS);
        Instant now = Instant.now();
        for (Role role : Role.values()) {
            if (!store.create(new User(user(role), hasher.hash(password(role)), Set.of(role), now, now))) {
                throw new IllegalStateException("user " + user(role) + " exists already");
            }
        }
    }

    static String user(Role role) {
        return "the-" + role.id();
    }

    private static String password(Role role) {
        return "the password of " + role.id();
    }

    /** HTTP Basic credentials of the user holding only {@code role}. */
    static String basic(Role role) {
        return basic(user(role), password(role));
    }

    static String basic(String name, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((name + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Sends {@code operation} to {@code server}, with {@code authorization} as the Authorization header (or none). */
    HttpResponse<String> send(Served server, DocumentedOperation operation, String authorization) {
        return send(server, operation.method(), operation.path(), operation.contentType(), operation.body(),
            authorization);
    }

    HttpResponse<String> send(Served server, String method, String path, String contentType, String body,
                              String authorization) {
        int port = server == Served.AS_THE_NODE_SERVES_IT ? served.port() : withCatchAll.port();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        try {
            return client.send(request.build(), NodeApi::bodyUnlessEndless);
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        }
    }

    /** The body as text, but for an event stream, which never ends: its status is what a walk of the API needs. */
    private static HttpResponse.BodySubscriber<String> bodyUnlessEndless(HttpResponse.ResponseInfo response) {
        if (response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")) {
            return HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofInputStream(), stream -> {
                try {
                    stream.close();
                } catch (java.io.IOException ignored) {
                    // closing ends the stream either way
                }
                return "";
            });
        }
        return HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            served.stop(Duration.ofSeconds(1)).toCompletableFuture().get();
            withCatchAll.stop(Duration.ofSeconds(1)).toCompletableFuture().get();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the test servers", e);
        } finally {
            security.close();
            scu.close();
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().join();
            views.close();
        }
    }
}
