package org.cairn.http.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CorsPolicyTest {

    private static CorsPolicy policy(Map<String, Object> cors) {
        Map<String, Object> settings = new java.util.HashMap<>();
        cors.forEach((k, v) -> settings.put("cairn.http.cors." + k, v));
        return CorsPolicy.fromConfig(ConfigFactory.parseMap(settings).withFallback(ConfigFactory.defaultReference()));
    }

    private static Map<String, String> headers(List<Map.Entry<String, String>> entries) {
        Map<String, String> map = new java.util.HashMap<>();
        entries.forEach(e -> map.put(e.getKey(), e.getValue()));
        return map;
    }

    @Test
    void aListedOriginGetsItsPreflightAnswered() {
        CorsPolicy cors = policy(Map.of("allowed-origins", List.of("https://Viewer.example.org:443/")));
        Map<String, String> answer = headers(cors.preflight("https://viewer.example.org", "GET", "authorization, accept")
            .orElseThrow());
        assertThat(answer).containsEntry("Access-Control-Allow-Origin", "https://viewer.example.org")
            .containsEntry("Vary", "Origin").containsEntry("Access-Control-Max-Age", "1800");
        assertThat(answer.get("Access-Control-Allow-Headers")).containsIgnoringCase("authorization");
        assertThat(answer.get("Access-Control-Allow-Methods")).contains("GET", "POST", "DELETE");
        assertThat(cors.preflight("https://other.example.org", "GET", "")).isEmpty();
        assertThat(cors.preflight("https://viewer.example.org", "PATCH", "")).as("method not listed").isEmpty();
        assertThat(cors.preflight("https://viewer.example.org", "GET", "x-custom")).as("header not listed").isEmpty();
    }

    @Test
    void aStarAllowsEveryOriginWithoutEchoingItUnlessCredentialsAreAllowed() {
        CorsPolicy any = policy(Map.of("allowed-origins", List.of("*"), "allowed-headers", List.of("*")));
        Map<String, String> answer = headers(any.preflight("https://anywhere.example", "PUT", "Authorization, X-Custom")
            .orElseThrow());
        assertThat(answer).containsEntry("Access-Control-Allow-Origin", "*").doesNotContainKey("Vary")
            .containsEntry("Access-Control-Allow-Headers", "authorization, x-custom");
        CorsPolicy credentials = policy(Map.of("allowed-origins", List.of("*"), "allow-credentials", true));
        assertThat(headers(credentials.actual("https://anywhere.example")))
            .containsEntry("Access-Control-Allow-Origin", "https://anywhere.example")
            .containsEntry("Access-Control-Allow-Credentials", "true");
    }

    @Test
    void actualResponsesExposeTheConfiguredHeadersToAllowedOriginsOnly() {
        CorsPolicy cors = policy(Map.of("allowed-origins", List.of("http://localhost:3000"),
            "exposed-headers", List.of("Location", "Warning")));
        assertThat(headers(cors.actual("http://localhost:3000")))
            .containsEntry("Access-Control-Expose-Headers", "Location, Warning");
        assertThat(cors.actual("http://localhost:3001")).isEmpty();
    }

    @Test
    void unsafeRequestsFromForeignOriginsAreRefusedButNotTheServersOwn() {
        CorsPolicy cors = policy(Map.of("allowed-origins", List.of("http://localhost:3000")));
        assertThat(cors.refuses("https://evil.example", "POST", Optional.of("pacs:8080"))).isTrue();
        assertThat(cors.refuses("https://evil.example", "GET", Optional.of("pacs:8080"))).isFalse();
        assertThat(cors.refuses("http://pacs:8080", "DELETE", Optional.of("pacs:8080"))).isFalse();
        assertThat(cors.refuses("http://PACS", "POST", Optional.of("pacs:80"))).isFalse();
        assertThat(cors.refuses("http://localhost:3000", "POST", Optional.of("pacs:8080"))).isFalse();
        assertThat(cors.refuses("null", "POST", Optional.of("pacs:8080"))).isTrue();
    }

    @Test
    void aMalformedOriginInTheSettingsIsAnError() {
        assertThatThrownBy(() -> policy(Map.of("allowed-origins", List.of("viewer.example.org"))))
            .hasMessageContaining("viewer.example.org");
    }
}
