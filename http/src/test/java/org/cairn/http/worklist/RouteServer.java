package org.cairn.http.worklist;

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
 * A route served on 127.0.0.1 on a free port by a real Pekko HTTP server, with a plain java.net.http client: the
 * Pekko HTTP route testkit is JUnit 4 only, and a real server also exercises entity streaming and size limits.
 */
final class RouteServer implements AutoCloseable {
    private final ActorSystem<Void> system;
    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RouteServer(ActorSystem<Void> system, HttpServer server) {
        this.system = system;
        this.server = server;
    }

    static RouteServer start(Route route) {
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "worklist-http-test",
            ConfigFactory.parseString("pekko.loglevel = WARNING").withFallback(ConfigFactory.load()));
        try {
            HttpServer server = HttpServer.start(system, "127.0.0.1", 0, route).toCompletableFuture().get();
            return new RouteServer(system, server);
        } catch (Exception e) {
            system.terminate();
            throw new IllegalStateException("could not start the test server", e);
        }
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    HttpResponse<String> delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    HttpResponse<String> post(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> put(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
            .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> send(String method, String path, String contentType, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path));
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return send(b);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
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
