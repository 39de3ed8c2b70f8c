package org.cairn.http;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.path;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /health}: 200 with the node's state while it serves, 503 once it is shutting down, so a load balancer
 * stops sending work before the listeners close.
 */
public final class HealthRoute {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What the health check reports, read at each request; {@code clusterStatus} is this node's membership status
     * (Up, Joining, Leaving …), {@code membersUp} the members it sees Up and {@code members} all it knows of (a
     * node leaving or just downed is still one until removed).
     */
    public record Health(boolean serving, String aeTitles, int dicomPort, int openAssociations, String clusterStatus,
                         int membersUp, int members) {
        /** A node outside any cluster view (tests of the routes alone). */
        public Health(boolean serving, String aeTitles, int dicomPort, int openAssociations) {
            this(serving, aeTitles, dicomPort, openAssociations, "Up", 1, 1);
        }
    }

    private HealthRoute() {
    }

    public static Route create(Supplier<Health> health) {
        return path("health", () -> get(() -> {
            Health h = health.get();
            ObjectNode body = JSON.createObjectNode()
                .put("status", h.serving() ? "UP" : "STOPPING")
                .put("aeTitles", h.aeTitles())
                .put("dicomPort", h.dicomPort())
                .put("openAssociations", h.openAssociations());
            body.putObject("cluster").put("self", h.clusterStatus()).put("membersUp", h.membersUp())
                .put("members", h.members());
            return complete(h.serving() ? StatusCodes.OK : StatusCodes.SERVICE_UNAVAILABLE,
                HttpEntities.create(ContentTypes.APPLICATION_JSON, body.toString()));
        }));
    }
}
