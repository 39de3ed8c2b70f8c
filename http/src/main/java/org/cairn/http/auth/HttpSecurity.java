package org.cairn.http.auth;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.handleRejections;
import static org.apache.pekko.http.javadsl.server.Directives.mapRequest;
import static org.apache.pekko.http.javadsl.server.Directives.mapResponse;
import static org.apache.pekko.http.javadsl.server.Directives.onSuccess;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.RemoteAddress;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.HttpChallenge;
import org.apache.pekko.http.javadsl.model.headers.WWWAuthenticate;
import org.apache.pekko.http.javadsl.server.AuthorizationFailedRejection;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.cairn.access.AccessAuditLog;
import org.cairn.access.AccessRecord;
import org.cairn.access.AdminBootstrap;
import org.cairn.access.PasswordHasher;
import org.cairn.access.UserStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API's security, built once per node from the configuration and the journal's database:
 * <ul>
 *   <li>{@link #secure(Route)} wraps the whole API: CORS (preflights answered first), then authentication (HTTP
 *       Basic against the users table, or a bearer JWT) of every request except the configured public paths
 *       ({@code /health}), 401 with {@code WWW-Authenticate: Basic realm="Cairn", Bearer} when it fails, and the
 *       access audit of every authenticated or refused request, written in batches off the request path;</li>
 *   <li>inside it, routes say what they need with {@link Access#require};</li>
 *   <li>{@link #routes()} serves {@code /api/me}, {@code /api/users} and {@code /api/audit/access}.</li>
 * </ul>
 * {@link #start} also makes sure there is an administrator ({@link AdminBootstrap}). {@link #close()} flushes the
 * audit.
 */
public final class HttpSecurity implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpSecurity.class);
    /** The realm of the Basic challenge. */
    public static final String REALM = "Cairn";

    private final AuthSettings settings;
    private final CorsPolicy cors;
    private final Authenticator authenticator;
    private final AccessAuditLog auditLog;
    private final Route routes;
    private final Clock clock;
    private final HttpHeader challenge;

    private HttpSecurity(AuthSettings settings, CorsPolicy cors, Authenticator authenticator, AccessAuditLog auditLog,
                         Route routes, Clock clock) {
        this.settings = settings;
        this.cors = cors;
        this.authenticator = authenticator;
        this.auditLog = auditLog;
        this.routes = routes;
        this.clock = clock;
        this.challenge = authenticator.acceptsTokens()
            ? WWWAuthenticate.create(HttpChallenge.createBasic(REALM), HttpChallenge.create("Bearer", Optional.empty()))
            : WWWAuthenticate.create(HttpChallenge.createBasic(REALM));
    }

    /**
     * Reads {@code cairn.auth} and {@code cairn.http.cors} from {@code config}, makes sure user {@code admin} exists
     * (printing a generated password to standard output, and writing it under {@code dataDir}, the first time),
     * and starts the audit writer. {@code database} is the journal's database, migrated (V4 holds the tables);
     * {@code blocking} runs password hashing and JDBC. A configuration error is an IllegalArgumentException.
     */
    public static HttpSecurity start(Config config, DataSource database, Path dataDir, Executor blocking)
        throws IOException, SQLException {
        return start(config, database, dataDir, blocking, System.out, Clock.systemUTC());
    }

    static HttpSecurity start(Config config, DataSource database, Path dataDir, Executor blocking, PrintStream out,
                              Clock clock) throws IOException, SQLException {
        AuthSettings settings = AuthSettings.fromConfig(config);
        CorsPolicy cors = CorsPolicy.fromConfig(config);
        Optional<TokenAuthenticator> tokens = JwtSettings.fromConfig(config).map(TokenAuthenticator::new);
        PasswordHasher hasher = new PasswordHasher(settings.passwordIterations());
        UserStore store = new UserStore(database);
        new AdminBootstrap(store, hasher, settings.policy(), clock).run(settings.adminPassword(), dataDir, out);
        VerifiedPasswords verified = new VerifiedPasswords(settings.verifiedTtl(), settings.verifiedMaxEntries(), clock);
        Authenticator authenticator = new Authenticator(new PasswordAuthenticator(store, hasher, verified), tokens,
            blocking);
        UserDirectory users = new UserDirectory(store, hasher, settings.policy(), verified, clock);
        Route routes = concat(new UserRoutes(users, blocking).route(), new AccessAuditRoutes(database, blocking).route());
        LOG.info("HTTP security: Basic{}, CORS {}", tokens.isPresent() ? " and bearer tokens" : " only (no token keys)",
            cors.anyOrigin() || !cors.origins().isEmpty() ? "for " + (cors.anyOrigin() ? "any origin" : cors.origins())
                : "off");
        return new HttpSecurity(settings, cors, authenticator, new AccessAuditLog(database), routes, clock);
    }

    /**
     * {@code inner} behind CORS, authentication and the access audit. {@code inner} is sealed here (its rejections
     * become responses, a permission refused by {@link Access#require} a JSON 403) so that the audit records the
     * status the client really got.
     */
    public Route secure(Route inner) {
        RejectionHandler forbidden = RejectionHandler.newBuilder()
            .handle(AuthorizationFailedRejection.class, r -> complete(UserRoutes.error(StatusCodes.FORBIDDEN,
                "your roles do not permit this request")))
            .build();
        Route sealed = handleRejections(forbidden.withFallback(RejectionHandler.defaultHandler()), () -> inner).seal();
        return Cors.handle(cors, () -> extractRequest(request -> {
            if (settings.isPublic(request.getUri().path())) {
                return sealed;
            }
            return onSuccess(authenticator.authenticate(request.getHeader("Authorization").map(HttpHeader::value)),
                outcome -> audited(request, outcome, sealed));
        }));
    }

    /** {@code /api/me}, {@code /api/users} and {@code /api/audit/access}, to be placed inside {@link #secure}. */
    public Route routes() {
        return routes;
    }

    private Route audited(HttpRequest request, AuthOutcome outcome, Route sealed) {
        Instant at = clock.instant();
        Principal principal = outcome instanceof AuthOutcome.Authenticated a ? a.principal() : null;
        Route answer = principal != null
            ? mapRequest(r -> r.addAttribute(Access.PRINCIPAL, principal), () -> sealed)
            : complete(refusal(outcome, request));
        return mapResponse(response -> {
            record(request, principal, at, response.status().intValue());
            return response;
        }, () -> answer);
    }

    private HttpResponse refusal(AuthOutcome outcome, HttpRequest request) {
        if (outcome instanceof AuthOutcome.Unavailable unavailable) {
            return UserRoutes.error(StatusCodes.SERVICE_UNAVAILABLE, unavailable.reason());
        }
        String reason = outcome instanceof AuthOutcome.Refused refused ? refused.reason()
            : "authentication is required: HTTP Basic" + (authenticator.acceptsTokens() ? " or a bearer token" : "");
        HttpResponse refused = UserRoutes.error(StatusCodes.UNAUTHORIZED, reason);
        // a script says so (the web UI does): a challenge would make the browser ask with its own dialog
        return request.getHeader("X-Requested-With").isPresent() ? refused : refused.addHeader(challenge);
    }

    private void record(HttpRequest request, Principal principal, Instant at, int status) {
        try {
            String path = request.getUri().path();
            Optional<String> query = request.getUri().rawQueryString();
            auditLog.accept(new AccessRecord(at, principal == null ? null : principal.name(),
                principal == null ? Set.of() : principal.roles(), request.method().value(),
                query.map(q -> path + "?" + q).orElse(path), status, remoteAddress(request),
                StudyUidInRequest.find(path, query).orElse(null)));
        } catch (RuntimeException e) { // the audit never fails a request
            LOG.error("Could not audit {} {}", request.method().value(), request.getUri().path(), e);
        }
    }

    /**
     * The peer's address when the server records it ({@code pekko.http.server.remote-address-attribute = on}), else
     * what forwarding headers claim, else "unknown".
     */
    private static String remoteAddress(HttpRequest request) {
        Optional<RemoteAddress> peer = request.getAttribute(AttributeKeys.remoteAddress);
        if (peer.isPresent() && peer.get().getAddress().isPresent()) {
            return peer.get().getAddress().get().getHostAddress();
        }
        return request.getHeader("X-Forwarded-For").map(h -> "forwarded for " + h.value())
            .or(() -> request.getHeader("X-Real-Ip").map(h -> "forwarded for " + h.value()))
            .orElse("unknown");
    }

    /** Stops the audit writer after writing what is queued (waits at most 10 s). */
    @Override
    public void close() {
        auditLog.close();
    }
}
