package org.cairn.http.auth;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.completeWithFuture;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.parameterMap;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.cairn.access.AccessAudit;
import org.cairn.access.AccessAuditFilter;
import org.cairn.access.AccessRecord;
import org.cairn.access.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/audit/access?user=&study=&from=&to=&before=&limit=} (admin): the HTTP access audit, newest first.
 * {@code user} and {@code study} match exactly; {@code from} (inclusive) and {@code to} (exclusive) are ISO-8601
 * instants ({@code 2027-01-05T00:00:00Z}); {@code limit} is 1 to 1000 (100 by default); {@code before} is the
 * {@code nextBefore} of the previous page. The answer is {@code {"entries": [...], "nextBefore": id or null}}.
 */
final class AccessAuditRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(AccessAuditRoutes.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_LIMIT = 1000;

    private final DataSource database;
    private final Executor blocking;

    AccessAuditRoutes(DataSource database, Executor blocking) {
        this.database = database;
        this.blocking = blocking;
    }

    Route route() {
        return pathPrefix("api", () -> pathPrefix("audit", () -> path("access", () -> get(() ->
            Access.require(Permission.ADMIN, () -> parameterMap(parameters -> {
                AccessAuditFilter filter;
                try {
                    filter = filter(parameters);
                } catch (IllegalArgumentException e) {
                    return complete(UserRoutes.error(StatusCodes.BAD_REQUEST, e.getMessage()));
                }
                return completeWithFuture(CompletableFuture.supplyAsync(() -> page(filter), blocking));
            }))))));
    }

    /** The filter the query parameters describe; an IllegalArgumentException says what is wrong. */
    static AccessAuditFilter filter(Map<String, String> parameters) {
        long limit = number(parameters, "limit", 100);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be from 1 to " + MAX_LIMIT);
        }
        String before = parameters.get("before");
        return new AccessAuditFilter(blankToNull(parameters.get("user")), blankToNull(parameters.get("study")),
            instant(parameters, "from"), instant(parameters, "to"),
            before == null ? null : number(parameters, "before", 0), (int) limit);
    }

    private HttpResponse page(AccessAuditFilter filter) {
        AccessAudit.Page page;
        try (Connection c = database.getConnection()) {
            c.setReadOnly(true);
            page = AccessAudit.read(c, filter);
        } catch (SQLException | RuntimeException e) {
            LOG.error("Reading the access audit failed", e);
            return UserRoutes.error(StatusCodes.SERVICE_UNAVAILABLE, "the audit database is not available");
        }
        ObjectNode body = JSON.createObjectNode();
        ArrayNode entries = body.putArray("entries");
        for (AccessAudit.Entry entry : page.entries()) {
            AccessRecord a = entry.access();
            ObjectNode node = entries.addObject().put("id", entry.id()).put("time", a.at().toString())
                .put("principal", a.principal());
            ArrayNode roles = node.putArray("roles");
            a.roles().stream().sorted().map(Role::id).forEach(roles::add);
            node.put("method", a.method()).put("uri", a.uri()).put("status", a.status())
                .put("remoteAddress", a.remoteAddress()).put("studyInstanceUid", a.studyInstanceUid());
        }
        if (page.nextBefore() == null) {
            body.putNull("nextBefore");
        } else {
            body.put("nextBefore", page.nextBefore());
        }
        return HttpResponse.create().withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, body.toString()));
    }

    private static long number(Map<String, String> parameters, String name, long otherwise) {
        String value = parameters.get(name);
        if (value == null) {
            return otherwise;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not " + value);
        }
    }

    private static Instant instant(Map<String, String> parameters, String name) {
        String value = blankToNull(parameters.get(name));
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 instant such as 2027-01-05T00:00:00Z, not "
                + value);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
