package org.cairn.fhirpublish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.cairn.fhirpublish.FhirPublisherSettings.ClientAuthentication;

/**
 * Access tokens by the OAuth2 client credentials grant (RFC 6749 section 4.4): one token at a time, fetched when first
 * needed and reused until shortly before it expires; concurrent callers share one fetch. A token the server refused
 * is dropped ({@link #invalidate}), so the next call fetches a new one.
 *
 * <p>{@code expires_in} is read as a number or as a string of digits (SatuSehat sends a string); without it, a token
 * is kept for {@value #DEFAULT_LIFETIME_SECONDS} seconds.
 */
public final class OAuth2ClientCredentials {
    static final long DEFAULT_LIFETIME_SECONDS = 300;
    /** Renew this long before expiry, so a token does not expire in flight (half the lifetime for short ones). */
    private static final Duration MARGIN = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI tokenUrl;
    private final String clientId;
    private final String clientSecret;
    private final String scope;
    private final ClientAuthentication authentication;
    private final Duration requestTimeout;
    private final Clock clock;
    private CompletableFuture<Token> current;

    private record Token(String value, Instant renewAt) {
    }

    public OAuth2ClientCredentials(HttpClient http, URI tokenUrl, String clientId, String clientSecret, String scope,
                                   ClientAuthentication authentication, Duration requestTimeout, Clock clock) {
        this.http = http;
        this.tokenUrl = tokenUrl;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.scope = scope;
        this.authentication = authentication;
        this.requestTimeout = requestTimeout;
        this.clock = clock;
    }

    /** The token endpoint and client of {@code settings}, or null when they name no token endpoint. */
    public static OAuth2ClientCredentials of(FhirPublisherSettings settings, HttpClient http, Clock clock) {
        return settings.tokenUrl() == null ? null : new OAuth2ClientCredentials(http, settings.tokenUrl(),
            settings.clientId(), settings.clientSecret(), settings.scope(), settings.clientAuthentication(),
            settings.requestTimeout(), clock);
    }

    /** A valid access token: the cached one, or a new one; fails with a {@link PublicationFailure}. */
    public synchronized CompletableFuture<String> token() {
        if (current == null || current.isCompletedExceptionally()
            || current.isDone() && !clock.instant().isBefore(current.join().renewAt())) {
            current = fetch();
        }
        return current.thenApply(Token::value);
    }

    /** {@code token} was refused: the next {@link #token()} fetches another (unless one was fetched since). */
    public synchronized void invalidate(String token) {
        if (current != null && current.isDone() && !current.isCompletedExceptionally()
            && current.join().value().equals(token)) {
            current = null;
        }
    }

    private CompletableFuture<Token> fetch() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        if (scope != null) {
            form.put("scope", scope);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(tokenUrl).timeout(requestTimeout)
            .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json");
        if (authentication == ClientAuthentication.BASIC) {
            // RFC 6749 2.3.1: id and secret are form-encoded before they are joined
            String pair = encode(clientId) + ":" + encode(clientSecret);
            request.header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        } else {
            form.put("client_id", clientId);
            form.put("client_secret", clientSecret);
        }
        String body = form.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
            .collect(Collectors.joining("&"));
        Instant asked = clock.instant();
        return http.sendAsync(request.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString())
            .handle((response, failure) -> {
                if (failure != null) {
                    throw new PublicationFailure("no answer from the token endpoint " + tokenUrl + ": "
                        + FhirServerClient.describe(failure), true, failure);
                }
                return token(response, asked);
            });
    }

    private Token token(HttpResponse<String> response, Instant asked) {
        JsonNode body;
        try {
            body = JSON.readTree(response.body() == null || response.body().isBlank() ? "{}" : response.body());
        } catch (IOException notJson) {
            body = JSON.createObjectNode();
        }
        if (response.statusCode() != 200) {
            String reason = body.path("error_description").asText(body.path("error").asText(""));
            throw new PublicationFailure(response.statusCode(), "the token endpoint answered "
                + response.statusCode() + (reason.isEmpty() ? "" : ": " + reason), true);
        }
        String value = body.path("access_token").asText("");
        if (value.isEmpty()) {
            throw new PublicationFailure(response.statusCode(), "the token endpoint's answer has no access_token", true);
        }
        long lifetime = lifetimeSeconds(body.get("expires_in"));
        Duration margin = Duration.ofSeconds(Math.min(MARGIN.toSeconds(), lifetime / 2));
        return new Token(value, asked.plusSeconds(lifetime).minus(margin));
    }

    private static long lifetimeSeconds(JsonNode expiresIn) {
        if (expiresIn == null || expiresIn.isNull()) {
            return DEFAULT_LIFETIME_SECONDS;
        }
        try {
            long seconds = expiresIn.isNumber() ? expiresIn.asLong() : Long.parseLong(expiresIn.asText().strip());
            return seconds > 0 ? seconds : DEFAULT_LIFETIME_SECONDS;
        } catch (NumberFormatException notANumber) {
            return DEFAULT_LIFETIME_SECONDS;
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
