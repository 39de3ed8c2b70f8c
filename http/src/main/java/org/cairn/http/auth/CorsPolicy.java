package org.cairn.http.auth;

import com.typesafe.config.Config;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Cross-origin resource sharing ({@code cairn.http.cors}), as decisions on strings: which origins may call the API
 * from a browser (a viewer such as OHIF served from another origin), which methods and request headers a preflight
 * may ask for, which response headers scripts may read.
 *
 * <p>Besides CORS proper, a request with an unsafe method (anything but GET, HEAD, OPTIONS) whose {@code Origin} is
 * neither allowed nor the server's own is refused: browsers send cross-site form posts without a preflight, with
 * whatever Basic credentials they have cached for the server, and this keeps such a post from changing anything.
 *
 * @param origins allowed origins, normalised ({@code scheme://host[:port]}, lower case)
 * @param anyOrigin whether {@code "*"} was among them
 * @param methods methods a preflight may ask for
 * @param headers request headers a preflight may ask for, lower case
 * @param anyHeader whether {@code "*"} was among them (any requested header is then allowed, Authorization included)
 * @param exposedHeaders response headers scripts may read
 * @param allowCredentials whether browsers may send cookies and cached HTTP credentials cross-origin
 * @param maxAge how long a browser may cache a preflight's answer
 */
record CorsPolicy(Set<String> origins, boolean anyOrigin, Set<String> methods, Set<String> headers, boolean anyHeader,
                  List<String> exposedHeaders, boolean allowCredentials, Duration maxAge) {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    CorsPolicy {
        origins = Set.copyOf(origins);
        methods = Set.copyOf(methods);
        headers = Set.copyOf(headers);
        exposedHeaders = List.copyOf(exposedHeaders);
    }

    static CorsPolicy fromConfig(Config config) {
        Config cors = config.getConfig("cairn.http.cors");
        Set<String> origins = new LinkedHashSet<>();
        boolean anyOrigin = false;
        for (String origin : cors.getStringList("allowed-origins")) {
            if (origin.strip().equals("*")) {
                anyOrigin = true;
            } else {
                origins.add(normalise(origin).orElseThrow(() -> new IllegalArgumentException(
                    "cairn.http.cors.allowed-origins: " + origin + " is not an origin (scheme://host[:port])")));
            }
        }
        Set<String> methods = new LinkedHashSet<>();
        cors.getStringList("allowed-methods").forEach(m -> methods.add(m.strip().toUpperCase(Locale.ROOT)));
        Set<String> headers = new LinkedHashSet<>();
        boolean anyHeader = false;
        for (String header : cors.getStringList("allowed-headers")) {
            if (header.strip().equals("*")) {
                anyHeader = true;
            } else {
                headers.add(header.strip().toLowerCase(Locale.ROOT));
            }
        }
        return new CorsPolicy(origins, anyOrigin, methods, headers, anyHeader, cors.getStringList("exposed-headers"),
            cors.getBoolean("allow-credentials"), cors.getDuration("max-age"));
    }

    boolean allowsOrigin(String origin) {
        return anyOrigin || normalise(origin).map(origins::contains).orElse(false);
    }

    /**
     * The headers that answer a preflight from {@code origin} asking for {@code method} and the comma-separated
     * {@code requestedHeaders}; empty when it is refused.
     */
    Optional<List<Map.Entry<String, String>>> preflight(String origin, String method, String requestedHeaders) {
        if (!allowsOrigin(origin) || !methods.contains(method.strip().toUpperCase(Locale.ROOT))) {
            return Optional.empty();
        }
        List<String> requested = new ArrayList<>();
        for (String header : requestedHeaders.split(",")) {
            if (!header.isBlank()) {
                requested.add(header.strip().toLowerCase(Locale.ROOT));
            }
        }
        if (!anyHeader && !headers.containsAll(requested)) {
            return Optional.empty();
        }
        List<Map.Entry<String, String>> answer = new ArrayList<>(common(origin));
        answer.add(Map.entry("Access-Control-Allow-Methods", String.join(", ", methods)));
        String allowedHeaders = String.join(", ", anyHeader ? requested : headers);
        if (!allowedHeaders.isEmpty()) {
            answer.add(Map.entry("Access-Control-Allow-Headers", allowedHeaders));
        }
        answer.add(Map.entry("Access-Control-Max-Age", Long.toString(maxAge.toSeconds())));
        return Optional.of(answer);
    }

    /** The headers added to the response to an actual request from {@code origin}; none for an origin not allowed. */
    List<Map.Entry<String, String>> actual(String origin) {
        if (!allowsOrigin(origin)) {
            return List.of();
        }
        List<Map.Entry<String, String>> answer = new ArrayList<>(common(origin));
        if (!exposedHeaders.isEmpty()) {
            answer.add(Map.entry("Access-Control-Expose-Headers", String.join(", ", exposedHeaders)));
        }
        return answer;
    }

    /**
     * Whether a request from {@code origin} with {@code method} is refused outright: an unsafe method from an origin
     * that is neither allowed nor the one {@code host} (the Host header) names.
     */
    boolean refuses(String origin, String method, Optional<String> host) {
        if (SAFE_METHODS.contains(method.toUpperCase(Locale.ROOT)) || allowsOrigin(origin)) {
            return false;
        }
        return !(host.isPresent() && sameAuthority(origin, host.get()));
    }

    private List<Map.Entry<String, String>> common(String origin) {
        List<Map.Entry<String, String>> answer = new ArrayList<>();
        answer.add(Map.entry("Access-Control-Allow-Origin", anyOrigin && !allowCredentials ? "*" : origin));
        if (allowCredentials) {
            answer.add(Map.entry("Access-Control-Allow-Credentials", "true"));
        }
        if (!(anyOrigin && !allowCredentials)) {
            answer.add(Map.entry("Vary", "Origin")); // the answer depends on the origin: caches must keep them apart
        }
        return answer;
    }

    /** {@code scheme://host[:port]} in lower case, the default port left out; empty if {@code origin} is not one. */
    static Optional<String> normalise(String origin) {
        try {
            URI uri = new URI(origin.strip());
            String scheme = uri.getScheme();
            String host = uri.getHost();
            if (scheme == null || host == null || (uri.getPath() != null && !uri.getPath().isEmpty()
                && !uri.getPath().equals("/")) || uri.getQuery() != null) {
                return Optional.empty();
            }
            scheme = scheme.toLowerCase(Locale.ROOT);
            int port = uri.getPort();
            boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80)
                || (scheme.equals("https") && port == 443);
            return Optional.of(scheme + "://" + host.toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static boolean sameAuthority(String origin, String host) {
        Optional<String> normalised = normalise(origin);
        if (normalised.isEmpty()) {
            return false;
        }
        String scheme = normalised.get().substring(0, normalised.get().indexOf(':'));
        return normalise(scheme + "://" + host.strip()).equals(normalised);
    }
}
