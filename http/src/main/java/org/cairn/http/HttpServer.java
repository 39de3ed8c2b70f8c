package org.cairn.http;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.Route;

/** Cairn's HTTP listener on Pekko HTTP. Later issues add DICOMweb, the REST API and the UI to its route. */
public final class HttpServer {
    private final ServerBinding binding;

    private HttpServer(ServerBinding binding) {
        this.binding = binding;
    }

    public static CompletionStage<HttpServer> start(ActorSystem<?> system, String host, int port, Route route) {
        return Http.get(system).newServerAt(host, port).bind(route).thenApply(HttpServer::new);
    }

    public int port() {
        return binding.localAddress().getPort();
    }

    /** Stops accepting connections, lets requests in flight finish for up to {@code grace}, then closes. */
    public CompletionStage<?> stop(Duration grace) {
        return binding.terminate(grace);
    }
}
