package org.cairn.http.auth;

import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.server.Route;
import org.cairn.http.HttpServer;

/**
 * A route served on 127.0.0.1 on a free port by a real Pekko HTTP server (recording the peer address, as the node
 * should), with a java.net.http client that sends whatever headers a test gives.
 */
final class TestServer implements AutoCloseable {
    private final ActorSystem<Void> system;
    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestServer(ActorSystem<Void> system, HttpServer server) {
        this.system = system;
        this.server = server;
    }

    static TestServer start(Route route) {
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "auth-http-test", ConfigFactory.parseString(
            "pekko.loglevel = WARNING\npekko.http.server.remote-address-attribute = on").withFallback(ConfigFactory.load()));
        try {
            return new TestServer(system, HttpServer.start(system, "127.0.0.1", 0, route).toCompletableFuture().get());
        } catch (Exception e) {
            system.terminate();
            throw new IllegalStateException("could not start the test server", e);
        }
    }

    /** Sends {@code method path} with a JSON {@code body} (or none) and {@code headers} as name, value, name, value... */
    HttpResponse<String> send(String method, String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        try {
            return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String path, String... headers) {
        return send("GET", path, null, headers);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    String origin() {
        return "http://127.0.0.1:" + server.port();
    }

    @Override
    public void close() {
        try {
            server.stop(Duration.ofSeconds(1)).toCompletableFuture().get();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the test server", e);
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().join();
        }
    }
}
