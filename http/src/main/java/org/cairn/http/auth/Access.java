package org.cairn.http.auth;

import static org.apache.pekko.http.javadsl.server.Directives.optionalAttribute;
import static org.apache.pekko.http.javadsl.server.Directives.reject;

import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.AttributeKey;
import org.apache.pekko.http.javadsl.model.headers.HttpChallenge;
import org.apache.pekko.http.javadsl.server.Rejections;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The directives routes wrap themselves in to say what a request needs, e.g.
 * <pre>{@code
 * Access.require(Permission.STORE, principal -> post(() -> ...))
 * Access.require(Permission.ADMIN, () -> path("purge", ...))
 * }</pre>
 * They read the principal that {@link HttpSecurity#secure} authenticated (once per request) and put on the request;
 * they never authenticate themselves. A request without a principal is rejected as unauthenticated (401 with the
 * challenge), one whose roles lack the permission as unauthorized (403). They reject rather than complete, so that
 * in a {@code concat} of routes a route the principal may not use does not stop another that matches the path.
 */
public final class Access {
    /** The request attribute holding the authenticated {@link Principal}. */
    public static final AttributeKey<Principal> PRINCIPAL = AttributeKey.create("cairn-principal", Principal.class);

    private static final HttpChallenge BASIC = HttpChallenge.createBasic(HttpSecurity.REALM);

    private Access() {
    }

    /** {@code inner} with the principal, if it holds {@code permission}; rejected otherwise. */
    public static Route require(Permission permission, Function<Principal, Route> inner) {
        return authenticated(principal -> principal.may(permission) ? inner.apply(principal)
            : reject(Rejections.authorizationFailed()));
    }

    /** {@code inner}, if the principal holds {@code permission}; rejected otherwise. */
    public static Route require(Permission permission, Supplier<Route> inner) {
        return require(permission, principal -> inner.get());
    }

    /** {@code inner} with the principal, whatever their roles; rejected when the request is not authenticated. */
    public static Route authenticated(Function<Principal, Route> inner) {
        return optionalAttribute(PRINCIPAL, principal -> principal.isPresent() ? inner.apply(principal.get())
            : reject(Rejections.authenticationCredentialsMissing(BASIC)));
    }
}
