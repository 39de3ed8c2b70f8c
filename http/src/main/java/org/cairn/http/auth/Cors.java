package org.cairn.http.auth;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.respondWithHeaders;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The directive that applies a {@link CorsPolicy}: a preflight ({@code OPTIONS} with {@code Origin} and
 * {@code Access-Control-Request-Method}) is answered here, before authentication, since browsers never send
 * credentials with one; an actual request from an allowed origin gets the CORS response headers on whatever the
 * inner route answers (a 401 included, so that a script can see it must sign in).
 */
final class Cors {
    private Cors() {
    }

    static Route handle(CorsPolicy policy, Supplier<Route> inner) {
        return extractRequest(request -> {
            Optional<String> origin = header(request, "Origin");
            if (origin.isEmpty()) {
                return inner.get();
            }
            Optional<String> requestedMethod = header(request, "Access-Control-Request-Method");
            if (request.method().equals(HttpMethods.OPTIONS) && requestedMethod.isPresent()) {
                return policy.preflight(origin.get(), requestedMethod.get(),
                        header(request, "Access-Control-Request-Headers").orElse(""))
                    .map(headers -> complete(HttpResponse.create().withStatus(StatusCodes.OK).addHeaders(raw(headers))))
                    .orElseGet(() -> complete(UserRoutes.error(StatusCodes.FORBIDDEN,
                        "CORS: this origin, method or header is not allowed")));
            }
            if (policy.refuses(origin.get(), request.method().value(), header(request, "Host"))) {
                return complete(UserRoutes.error(StatusCodes.FORBIDDEN,
                    "cross-origin " + request.method().value() + " from " + origin.get() + " is not allowed"));
            }
            List<HttpHeader> headers = raw(policy.actual(origin.get()));
            return headers.isEmpty() ? inner.get() : respondWithHeaders(headers, inner);
        });
    }

    private static Optional<String> header(HttpRequest request, String name) {
        return request.getHeader(name).map(HttpHeader::value);
    }

    private static List<HttpHeader> raw(List<Map.Entry<String, String>> headers) {
        return headers.stream().map(h -> (HttpHeader) RawHeader.create(h.getKey(), h.getValue())).toList();
    }
}
