package org.cairn.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pekko Management on a real one-node cluster: its health checks, Cluster Bootstrap, and silence when disabled. */
class ClusterManagementTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private ActorSystem<Void> system;

    @AfterEach
    void stopSystem() throws Exception {
        if (system != null) {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void healthChecksAnswerOnceTheSelfJoinedMemberIsUp() throws Exception {
        int port = freePort();
        Config config = node(port, "cairn.management.enabled = on");
        system = ActorSystem.create(Behaviors.empty(), "cairn", config);

        assertThat(ClusterManagement.start(system, config)).as("no bootstrap: the caller joins").isFalse();
        assertThat(status(port, "/alive")).isEqualTo(200);
        assertThat(status(port, "/ready")).as("not a member yet: Pekko answers 500, a failed probe").isEqualTo(500);

        Cluster cluster = Cluster.get(system);
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
        awaitReady(port);
        assertThat(cluster.selfMember().status()).isEqualTo(MemberStatus.up());
        assertThat(status(port, "/alive")).isEqualTo(200);
    }

    @Test
    void clusterBootstrapFormsTheClusterWithoutASelfJoin() throws Exception {
        int port = freePort();
        Config config = node(port, """
            cairn.management { enabled = on, bootstrap = on }
            pekko.discovery.config.services.cairn.endpoints = [ { host = "127.0.0.1", port = %d } ]
            pekko.management.cluster.bootstrap.contact-point-discovery {
              discovery-method = config
              service-name = cairn
              required-contact-point-nr = 1
              stable-margin = 500ms
              interval = 200ms
            }
            """.formatted(port));
        system = ActorSystem.create(Behaviors.empty(), "cairn", config);

        assertThat(ClusterManagement.start(system, config)).as("bootstrap joins: the caller must not").isTrue();
        awaitReady(port);
        assertThat(Cluster.get(system).selfMember().status()).isEqualTo(MemberStatus.up());
    }

    @Test
    void nothingListensWhenManagementIsDisabled() throws Exception {
        int port = freePort();
        Config config = node(port, "cairn.management.enabled = off");
        system = ActorSystem.create(Behaviors.empty(), "cairn", config);

        assertThat(ClusterManagement.start(system, config)).isFalse();
        Cluster cluster = Cluster.get(system);
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            }
        }).isInstanceOf(ConnectException.class);
    }

    @Test
    void bootstrapWithoutManagementOrWithStaticSeedsIsRefused() throws Exception {
        int port = freePort();
        Config config = node(port, "pekko.actor.provider = local");
        system = ActorSystem.create(Behaviors.empty(), "cairn", config);

        assertThatThrownBy(() -> ClusterManagement.start(system, ConfigFactory.parseString(
            "cairn.management { enabled = off, bootstrap = on }").withFallback(config)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs cairn.management.enabled");
        assertThatThrownBy(() -> ClusterManagement.start(system, ConfigFactory.parseString("""
            cairn.management { enabled = on, bootstrap = on }
            pekko.cluster.seed-nodes = ["pekko://cairn@10.0.0.1:25520"]
            """).withFallback(config)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exclude each other");
        try (Socket socket = new Socket()) {
            assertThatThrownBy(() -> socket.connect(new InetSocketAddress("127.0.0.1", port), 1000))
                .as("a refused configuration starts nothing").isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void theNodeDefaultsKeepManagementOffOnPort8558() {
        Config defaults = ConfigFactory.defaultReference();

        assertThat(defaults.getBoolean("cairn.management.enabled")).isFalse();
        assertThat(defaults.getBoolean("cairn.management.bootstrap")).isFalse();
        assertThat(defaults.getInt("pekko.management.http.port")).isEqualTo(8558);
        assertThat(defaults.getString("pekko.management.health-checks.readiness-path")).isEqualTo("ready");
        assertThat(defaults.getString("pekko.management.health-checks.liveness-path")).isEqualTo("alive");
    }

    /** A cluster node on loopback: Artery on any free port, management on {@code managementPort}. */
    private static Config node(int managementPort, String overrides) {
        return ConfigFactory.parseString(overrides)
            .withFallback(ConfigFactory.parseString("""
                pekko.actor.provider = cluster
                pekko.remote.artery.canonical { hostname = "127.0.0.1", port = 0 }
                pekko.management.http { hostname = "127.0.0.1", port = %d }
                pekko.coordinated-shutdown.exit-jvm = off
                pekko.loglevel = WARNING
                """.formatted(managementPort)))
            .withFallback(ConfigFactory.defaultReference())
            .resolve();
    }

    private void awaitReady(int port) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        int last = status(port, "/ready");
        while (last != 200 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            last = status(port, "/ready");
        }
        assertThat(last).as("/ready within " + PATIENCE).isEqualTo(200);
    }

    private int status(int port, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(5)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
