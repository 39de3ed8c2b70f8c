package org.cairn.http.auth;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.completeWithFuture;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.delete;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathEndOrSingleSlash;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.post;
import static org.apache.pekko.http.javadsl.server.Directives.put;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.cairn.access.Role;
import org.cairn.access.User;
import org.cairn.http.worklist.RequestBodies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users over REST, JSON throughout, password hashes never in a response:
 * <ul>
 *   <li>{@code GET /api/me}: the authenticated principal, their roles and permissions (any authenticated request);</li>
 *   <li>{@code GET /api/users}: every user (admin);</li>
 *   <li>{@code POST /api/users} {@code {"name", "password", "roles": [...]}}: 201 with the user and a Location, 400,
 *       409 (name taken) (admin);</li>
 *   <li>{@code GET /api/users/{name}}: 200 or 404 (admin);</li>
 *   <li>{@code PUT /api/users/{name}} {@code {"password"?, "roles"?}}: set the password and/or roles; 200, 400, 404,
 *       409 (would leave no administrator) (admin);</li>
 *   <li>{@code DELETE /api/users/{name}}: 204, 404, 409 (the only administrator) (admin).</li>
 * </ul>
 * Errors are {@code {"error": "..."}}.
 */
final class UserRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(UserRoutes.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A user body is a name, a password and a few roles. */
    private static final long MAX_BODY = 64 * 1024;

    private final UserDirectory users;
    private final Executor blocking;

    UserRoutes(UserDirectory users, Executor blocking) {
        this.users = users;
        this.blocking = blocking;
    }

    Route route() {
        return pathPrefix("api", () -> concat(
            path("me", () -> get(() -> Access.authenticated(principal -> complete(StatusCodes.OK, json(me(principal)))))),
            pathPrefix("users", () -> Access.require(Permission.ADMIN, () -> concat(
                pathEndOrSingleSlash(() -> concat(
                    get(() -> blocking(() -> {
                        ObjectNode body = JSON.createObjectNode();
                        ArrayNode list = body.putArray("users");
                        users.list().forEach(u -> list.add(user(u)));
                        return ok(StatusCodes.OK, body);
                    })),
                    post(() -> body(body -> blocking(() -> created(users.create(text(body, "name").orElse(""),
                        text(body, "password").orElse(""), roleNames(body).orElse(List.of())))))))),
                path(PathMatchers.segment(), name -> concat(
                    get(() -> blocking(() -> users.find(name).map(u -> ok(StatusCodes.OK, user(u)))
                        .orElseGet(() -> error(StatusCodes.NOT_FOUND, "no user " + name)))),
                    put(() -> body(body -> blocking(() -> done(users.update(name, text(body, "password"),
                        roleNames(body)), StatusCodes.OK)))),
                    delete(() -> blocking(() -> done(users.delete(name), StatusCodes.NO_CONTENT))))))))));
    }

    static ObjectNode me(Principal principal) {
        ObjectNode body = JSON.createObjectNode().put("name", principal.name())
            .put("authenticatedBy", principal.scheme().name().toLowerCase(java.util.Locale.ROOT));
        ArrayNode roles = body.putArray("roles");
        principal.roles().stream().sorted().forEach(r -> roles.add(r.id()));
        ArrayNode permissions = body.putArray("permissions");
        principal.permissions().stream().sorted().forEach(p -> permissions.add(p.id()));
        return body;
    }

    static ObjectNode user(User user) {
        ObjectNode node = JSON.createObjectNode().put("name", user.name());
        ArrayNode roles = node.putArray("roles");
        user.roles().stream().sorted().map(Role::id).forEach(roles::add);
        return node.put("createdAt", user.createdAt().toString()).put("updatedAt", user.updatedAt().toString());
    }

    /** A database call off the HTTP dispatcher, its failure a 503. */
    private interface Blocking {
        HttpResponse run() throws SQLException;
    }

    private Route blocking(Blocking call) {
        return completeWithFuture(CompletableFuture.supplyAsync(() -> {
            try {
                return call.run();
            } catch (SQLException | RuntimeException e) {
                LOG.error("User management failed", e);
                return error(StatusCodes.SERVICE_UNAVAILABLE, "the user database is not available");
            }
        }, blocking));
    }

    /** The request body as a JSON object, or 400/413. */
    private static Route body(Function<JsonNode, Route> inner) {
        return RequestBodies.jsonObject(MAX_BODY, UserRoutes::error, inner);
    }

    private static Optional<String> text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value != null && value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }

    /** The "roles" array; an entry that is not a string becomes null, which the directory refuses. */
    private static Optional<List<String>> roleNames(JsonNode body) {
        JsonNode value = body.get("roles");
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        List<String> names = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(v -> names.add(v.isTextual() ? v.asText() : null));
        } else {
            names.add(null);
        }
        return Optional.of(names);
    }

    private static HttpResponse created(UserDirectory.Result result) {
        if (result instanceof UserDirectory.Result.Done done) {
            return ok(StatusCodes.CREATED, user(done.user())).addHeader(Location.create("/api/users/" + done.user().name()));
        }
        return done(result, StatusCodes.CREATED);
    }

    private static HttpResponse done(UserDirectory.Result result, StatusCode success) {
        if (result instanceof UserDirectory.Result.Done done) {
            return success.equals(StatusCodes.NO_CONTENT) ? HttpResponse.create().withStatus(StatusCodes.NO_CONTENT)
                : ok(success, user(done.user()));
        }
        if (result instanceof UserDirectory.Result.Invalid invalid) {
            return error(StatusCodes.BAD_REQUEST, invalid.reason());
        }
        if (result instanceof UserDirectory.Result.Conflict conflict) {
            return error(StatusCodes.CONFLICT, conflict.reason());
        }
        return error(StatusCodes.NOT_FOUND, "no such user");
    }

    private static HttpResponse ok(StatusCode status, JsonNode body) {
        return HttpResponse.create().withStatus(status).withEntity(json(body));
    }

    static HttpResponse error(StatusCode status, String message) {
        return HttpResponse.create().withStatus(status)
            .withEntity(json(JSON.createObjectNode().put("error", message)));
    }

    private static org.apache.pekko.http.javadsl.model.ResponseEntity json(JsonNode body) {
        return HttpEntities.create(ContentTypes.APPLICATION_JSON, body.toString());
    }
}
