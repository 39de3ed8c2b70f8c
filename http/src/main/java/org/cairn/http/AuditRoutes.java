package org.cairn.http;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.completeWithFuture;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.cairn.views.WorklistView;
import org.cairn.worklist.WorklistQueryAudit;

/**
 * {@code GET /api/audit/worklist-queries?limit=N}: the latest Modality Worklist queries, newest first (time, calling
 * AE, matching keys as DICOM JSON, items answered, duration, final status).
 */
public final class AuditRoutes {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_LIMIT = 1000;

    private AuditRoutes() {
    }

    public static Route create(DataSource views, Executor blocking) {
        return pathPrefix("api", () -> pathPrefix("audit", () -> path("worklist-queries", () -> get(() ->
            parameterOptional("limit", limit -> {
                int n;
                try {
                    n = limit.map(Integer::parseInt).orElse(100);
                } catch (NumberFormatException e) {
                    n = -1;
                }
                if (n < 1 || n > MAX_LIMIT) {
                    return complete(StatusCodes.BAD_REQUEST, HttpEntities.create(ContentTypes.APPLICATION_JSON,
                        JSON.createObjectNode().put("error", "limit must be a number from 1 to " + MAX_LIMIT).toString()));
                }
                int count = n;
                return completeWithFuture(CompletableFuture.supplyAsync(() -> queries(views, count), blocking));
            })))));
    }

    private static HttpResponse queries(DataSource views, int limit) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode list = body.putArray("queries");
        try (Connection c = views.getConnection()) {
            c.setReadOnly(true);
            for (WorklistQueryAudit q : WorklistView.recentQueries(c, limit)) {
                ObjectNode node = list.addObject()
                    .put("at", q.at().toString())
                    .put("callingAeTitle", q.callingAeTitle())
                    .put("matches", q.matches())
                    .put("durationMs", q.durationMs())
                    .put("status", q.status());
                node.set("keys", JSON.readTree(q.keysJson()));
            }
        } catch (Exception e) {
            return HttpResponse.create().withStatus(StatusCodes.INTERNAL_SERVER_ERROR).withEntity(
                HttpEntities.create(ContentTypes.APPLICATION_JSON, JSON.createObjectNode()
                    .put("error", "reading the audit failed: " + e.getMessage()).toString()));
        }
        return HttpResponse.create().withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, body.toString()));
    }
}
