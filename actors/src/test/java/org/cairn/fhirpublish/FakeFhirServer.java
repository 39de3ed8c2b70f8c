package org.cairn.fhirpublish;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A FHIR R4 server and OAuth2 token endpoint on 127.0.0.1, as a national platform behaves: the token endpoint checks
 * the client credentials (in the form body, or by HTTP Basic) and hands out bearer tokens that expire in an hour
 * (as a string, as SatuSehat writes it); the FHIR endpoints refuse a request without a valid token (401), answer
 * ServiceRequest searches by identifier from the orders it knows, and keep every ImagingStudy created or updated.
 * Failures are switched on by the test: a number of 503s, or one status for every ImagingStudy request.
 */
final class FakeFhirServer implements AutoCloseable {
    static final String CLIENT_ID = "cairn-client";
    static final String CLIENT_SECRET = "s3cret&=";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An ImagingStudy request the server accepted. */
    record Received(String method, String id, String body) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final String accessionSystem;
    private final Map<String, String> ordersByAccession = new ConcurrentHashMap<>();
    private final Set<String> validTokens = ConcurrentHashMap.newKeySet();
    final AtomicInteger tokenRequests = new AtomicInteger();
    final AtomicInteger searches = new AtomicInteger();
    final AtomicInteger unauthorized = new AtomicInteger();
    final List<Received> received = new CopyOnWriteArrayList<>();
    /** ImagingStudy requests still to answer 503. */
    final AtomicInteger unavailableFor = new AtomicInteger();
    /** When not 0, every ImagingStudy request is answered with this status and an OperationOutcome. */
    volatile int refuseWith;
    private final AtomicInteger ids = new AtomicInteger();

    FakeFhirServer(String accessionSystem) throws IOException {
        this.accessionSystem = accessionSystem;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/oauth2/token", this::token);
        server.createContext("/fhir/ServiceRequest", this::search);
        server.createContext("/fhir/ImagingStudy", this::imagingStudy);
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/fhir");
    }

    URI tokenUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/oauth2/token");
    }

    /** The server knows an order with this Accession Number, for this patient. */
    void order(String accession, String patientId) {
        ordersByAccession.put(accession, patientId);
    }

    /** Every token handed out so far stops working, as after a key rotation. */
    void revokeTokens() {
        validTokens.clear();
    }

    List<Received> received(String method) {
        return received.stream().filter(r -> r.method().equals(method)).toList();
    }

    private void token(HttpExchange exchange) throws IOException {
        tokenRequests.incrementAndGet();
        Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String basic = exchange.getRequestHeaders().getFirst("Authorization");
        if (basic != null && basic.startsWith("Basic ")) {
            // RFC 6749 2.3.1: the id and secret were form-encoded before being joined
            String pair = new String(Base64.getDecoder().decode(basic.substring("Basic ".length())),
                StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            form.put("client_id", URLDecoder.decode(pair.substring(0, colon), StandardCharsets.UTF_8));
            form.put("client_secret", URLDecoder.decode(pair.substring(colon + 1), StandardCharsets.UTF_8));
        }
        boolean formEncoded = exchange.getRequestHeaders().getFirst("Content-Type")
            .startsWith("application/x-www-form-urlencoded");
        if (!"POST".equals(exchange.getRequestMethod()) || !formEncoded
            || !"client_credentials".equals(form.get("grant_type"))) {
            send(exchange, 400, "application/json", "{\"error\":\"unsupported_grant_type\"}");
        } else if (!CLIENT_ID.equals(form.get("client_id")) || !CLIENT_SECRET.equals(form.get("client_secret"))) {
            send(exchange, 401, "application/json", "{\"error\":\"invalid_client\"}");
        } else {
            String token = "token-" + tokenRequests.get();
            validTokens.add(token);
            send(exchange, 200, "application/json", JSON.createObjectNode().put("access_token", token)
                .put("token_type", "BearerToken").put("expires_in", "3599").toString());
        }
    }

    private void search(HttpExchange exchange) throws IOException {
        if (!authorized(exchange)) {
            return;
        }
        searches.incrementAndGet();
        String identifier = form(exchange.getRequestURI().getRawQuery()).getOrDefault("identifier", "");
        ObjectNode bundle = JSON.createObjectNode().put("resourceType", "Bundle").put("type", "searchset");
        String prefix = accessionSystem + "|";
        String accession = identifier.startsWith(prefix) ? identifier.substring(prefix.length()) : null;
        String patient = accession == null ? null : ordersByAccession.get(accession);
        bundle.put("total", patient == null ? 0 : 1);
        if (patient != null) {
            ObjectNode entry = bundle.putArray("entry").addObject();
            entry.put("fullUrl", baseUrl() + "/ServiceRequest/sr-" + accession);
            ObjectNode order = entry.putObject("resource").put("resourceType", "ServiceRequest")
                .put("id", "sr-" + accession);
            order.putArray("identifier").addObject().put("system", accessionSystem).put("value", accession);
            order.put("status", "active").put("intent", "order");
            order.putObject("subject").put("reference", "Patient/" + patient);
            entry.putObject("search").put("mode", "match");
        }
        send(exchange, 200, FhirServerClient.FHIR_JSON, bundle.toString());
    }

    private void imagingStudy(HttpExchange exchange) throws IOException {
        if (!authorized(exchange)) {
            return;
        }
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (unavailableFor.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            send(exchange, 503, FhirServerClient.FHIR_JSON, outcome("transient", "down for maintenance"));
            return;
        }
        if (refuseWith != 0) {
            send(exchange, refuseWith, FhirServerClient.FHIR_JSON, outcome("invalid",
                "ImagingStudy.subject: the patient is not registered"));
            return;
        }
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        ObjectNode stored = (ObjectNode) JSON.readTree(body);
        if ("POST".equals(method) && path.equals("/fhir/ImagingStudy")) {
            String id = "is-" + ids.incrementAndGet();
            received.add(new Received(method, id, body));
            exchange.getResponseHeaders().add("Location", baseUrl() + "/ImagingStudy/" + id + "/_history/1");
            send(exchange, 201, FhirServerClient.FHIR_JSON, stored.put("id", id).toString());
        } else if ("PUT".equals(method) && path.startsWith("/fhir/ImagingStudy/")) {
            String id = path.substring("/fhir/ImagingStudy/".length());
            received.add(new Received(method, id, body));
            // Answered without a body, as a server may with return=minimal
            exchange.getResponseHeaders().add("Location", baseUrl() + "/ImagingStudy/" + id + "/_history/2");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        } else {
            send(exchange, 405, FhirServerClient.FHIR_JSON, outcome("not-supported", method + " " + path));
        }
    }

    private boolean authorized(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization != null && authorization.startsWith("Bearer ")
            && validTokens.contains(authorization.substring("Bearer ".length()))) {
            return true;
        }
        unauthorized.incrementAndGet();
        exchange.getRequestBody().readAllBytes();
        send(exchange, 401, FhirServerClient.FHIR_JSON, outcome("login", "invalid access token"));
        return false;
    }

    private static String outcome(String code, String diagnostics) {
        ObjectNode outcome = JSON.createObjectNode().put("resourceType", "OperationOutcome");
        outcome.putArray("issue").addObject().put("severity", "error").put("code", code)
            .put("diagnostics", diagnostics);
        return outcome.toString();
    }

    private static Map<String, String> form(String encoded) {
        Map<String, String> values = new HashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return values;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            values.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return values;
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
