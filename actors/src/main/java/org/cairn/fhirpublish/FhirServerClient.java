package org.cairn.fhirpublish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The FHIR R4 REST calls the publisher makes, asynchronously on {@link HttpClient}: a ServiceRequest search by
 * identifier, and the creation or update of an ImagingStudy. With a token source, each request carries a bearer token;
 * a 401 drops the token and the request is sent once more with a new one. A refusal becomes a
 * {@link PublicationFailure} that quotes the server's OperationOutcome.
 */
public final class FhirServerClient {
    static final String FHIR_JSON = "application/fhir+json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_QUOTED = 500;
    private static final Pattern LOCATION_ID = Pattern.compile(".*/ImagingStudy/([A-Za-z0-9\\-.]{1,64})(/_history/.*)?");

    private final HttpClient http;
    private final String base;
    private final OAuth2ClientCredentials tokens;
    private final Duration requestTimeout;

    /**
     * @param baseUrl the server's base ({@code https://host/fhir/r4}), without a trailing slash
     * @param tokens  where bearer tokens come from, or null for a server that needs none
     */
    public FhirServerClient(HttpClient http, URI baseUrl, OAuth2ClientCredentials tokens, Duration requestTimeout) {
        this.http = http;
        String b = baseUrl.toString();
        this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
        this.tokens = tokens;
        this.requestTimeout = requestTimeout;
    }

    /**
     * The ServiceRequest whose identifier is {@code system|value} (empty when the search finds none; the first when it
     * finds several).
     */
    public CompletableFuture<Optional<ServiceRequestRef>> findServiceRequest(String system, String value) {
        String identifier = (system == null || system.isBlank() ? "" : system + "|") + value;
        URI uri = URI.create(base + "/ServiceRequest?identifier=" + URLEncoder.encode(identifier, StandardCharsets.UTF_8));
        return send(token -> request(uri, token).GET().build(), "ServiceRequest search")
            .thenApply(response -> serviceRequest(read(response)));
    }

    /** POSTs {@code imagingStudy}; the new resource's id (from the body, else from Location), or null if neither. */
    public CompletableFuture<String> create(ObjectNode imagingStudy) {
        URI uri = URI.create(base + "/ImagingStudy");
        String body = imagingStudy.toString();
        return send(token -> request(uri, token).header("Content-Type", FHIR_JSON)
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), "ImagingStudy create")
            .thenApply(this::resourceId);
    }

    /** PUTs {@code imagingStudy} as the resource {@code id}, which it then carries; the id the server answers with. */
    public CompletableFuture<String> update(String id, ObjectNode imagingStudy) {
        URI uri = URI.create(base + "/ImagingStudy/" + URLEncoder.encode(id, StandardCharsets.UTF_8));
        // id right after resourceType, where R4's JSON order puts it
        ObjectNode ordered = JSON.createObjectNode().put("resourceType", "ImagingStudy").put("id", id);
        for (String name : imagingStudy.properties().stream().map(java.util.Map.Entry::getKey).toList()) {
            if (!"resourceType".equals(name) && !"id".equals(name)) {
                ordered.set(name, imagingStudy.get(name).deepCopy());
            }
        }
        String body = ordered.toString();
        return send(token -> request(uri, token).header("Content-Type", FHIR_JSON)
            .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), "ImagingStudy update")
            .thenApply(response -> {
                String answered = resourceId(response);
                return answered == null ? id : answered;
            });
    }

    private HttpRequest.Builder request(URI uri, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(requestTimeout).header("Accept", FHIR_JSON);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    /** Sends with a token; on 401 once more with a new token; a non-2xx answer fails. */
    private CompletableFuture<HttpResponse<String>> send(Function<String, HttpRequest> request, String what) {
        return sendWithToken(request, what).thenCompose(first -> {
            if (first.response().statusCode() != 401 || tokens == null) {
                return CompletableFuture.completedFuture(first.response());
            }
            tokens.invalidate(first.token());
            return sendWithToken(request, what).thenApply(Sent::response);
        }).thenApply(response -> {
            if (response.statusCode() / 100 != 2) {
                throw new PublicationFailure(response.statusCode(), what + " answered " + response.statusCode()
                    + outcome(response.body()), PublicationFailure.transientStatus(response.statusCode()));
            }
            return response;
        });
    }

    private record Sent(String token, HttpResponse<String> response) {
    }

    private CompletableFuture<Sent> sendWithToken(Function<String, HttpRequest> request, String what) {
        CompletableFuture<String> token = tokens == null ? CompletableFuture.completedFuture(null) : tokens.token();
        return token.thenCompose(t -> http.sendAsync(request.apply(t), HttpResponse.BodyHandlers.ofString())
            .handle((response, failure) -> {
                if (failure != null) {
                    throw new PublicationFailure(what + " got no answer: " + describe(failure), true, failure);
                }
                return new Sent(t, response);
            }));
    }

    private static Optional<ServiceRequestRef> serviceRequest(JsonNode bundle) {
        for (JsonNode entry : bundle.path("entry")) {
            JsonNode resource = entry.path("resource");
            if ("ServiceRequest".equals(resource.path("resourceType").asText())
                && !"outcome".equals(entry.path("search").path("mode").asText())
                && !resource.path("id").asText("").isEmpty()) {
                String subject = resource.path("subject").path("reference").asText("");
                return Optional.of(new ServiceRequestRef(resource.path("id").asText(),
                    subject.isEmpty() ? null : subject));
            }
        }
        return Optional.empty();
    }

    private String resourceId(HttpResponse<String> response) {
        String body = response.body();
        if (body != null && !body.isBlank()) {
            JsonNode id = read(response).path("id");
            if (id.isTextual() && !id.asText().isEmpty()) {
                return id.asText();
            }
        }
        Optional<String> location = response.headers().firstValue("Location")
            .or(() -> response.headers().firstValue("Content-Location"));
        if (location.isPresent()) {
            Matcher m = LOCATION_ID.matcher(location.get());
            if (m.matches()) {
                return m.group(1);
            }
        }
        return null;
    }

    private static JsonNode read(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException | RuntimeException notJson) {
            throw new PublicationFailure(response.statusCode(), "the FHIR server's answer is not JSON: "
                + quote(response.body()), true);
        }
    }

    /** The text of an OperationOutcome's issues (diagnostics, else details), or the start of any other body. */
    static String outcome(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode node = JSON.readTree(body);
            if ("OperationOutcome".equals(node.path("resourceType").asText())) {
                List<String> issues = new ArrayList<>();
                for (JsonNode issue : node.path("issue")) {
                    String text = issue.path("diagnostics").asText("");
                    if (text.isEmpty()) {
                        text = issue.path("details").path("text").asText("");
                    }
                    if (text.isEmpty()) {
                        text = issue.path("code").asText("");
                    }
                    String severity = issue.path("severity").asText("");
                    issues.add((severity.isEmpty() ? "" : severity + ": ") + text);
                }
                return issues.isEmpty() ? "" : ": " + String.join("; ", issues);
            }
        } catch (IOException notJson) {
            // quoted as it is below
        }
        return ": " + quote(body);
    }

    static String describe(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
            : failure;
        if (cause instanceof HttpTimeoutException) {
            return "timed out";
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    private static String quote(String body) {
        String flat = body == null ? "" : body.strip().replaceAll("\\s+", " ");
        return flat.length() <= MAX_QUOTED ? flat : flat.substring(0, MAX_QUOTED) + "...";
    }
}
