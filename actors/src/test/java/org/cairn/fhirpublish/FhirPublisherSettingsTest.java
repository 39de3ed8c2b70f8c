package org.cairn.fhirpublish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code cairn.events.fhir-publisher} as reference.conf ships it, and what an enabled publisher requires. */
class FhirPublisherSettingsTest {

    private static FhirPublisherSettings settings(Map<String, Object> values) {
        return FhirPublisherSettings.fromConfig(ConfigFactory.parseMap(values)
            .withFallback(ConfigFactory.defaultReference()));
    }

    @Test
    void theShippedDefaultsAreADisabledPublisher() {
        FhirPublisherSettings defaults = settings(Map.of());
        assertThat(defaults.enabled()).isFalse();
        assertThat(defaults.baseUrl()).isNull();
        assertThat(defaults.tokenUrl()).isNull();
        assertThat(defaults.clientAuthentication()).isEqualTo(FhirPublisherSettings.ClientAuthentication.FORM);
        assertThat(defaults.requireServiceRequest()).isTrue();
        assertThat(defaults.maxAttempts()).isEqualTo(10);
        assertThat(defaults.parallelism()).isEqualTo(2);
        assertThat(defaults.scope()).isNull();
    }

    @Test
    void anEnabledPublisherNeedsAServerAnAccessionSystemAndItsSecret() {
        String p = "cairn.events.fhir-publisher.";
        assertThatThrownBy(() -> settings(Map.of(p + "enabled", true))).hasMessageContaining("base-url");
        assertThatThrownBy(() -> settings(Map.of(p + "enabled", true, p + "base-url", "https://fhir.example.org/r4")))
            .hasMessageContaining("accession-system");
        assertThatThrownBy(() -> settings(Map.of(p + "enabled", true, p + "base-url", "https://fhir.example.org/r4",
            p + "accession-system", "urn:acsn", p + "token-url", "https://auth.example.org/token",
            p + "client-id", "cairn"))).hasMessageContaining("client-secret");
        assertThatThrownBy(() -> settings(Map.of(p + "client-authentication", "jwt"))).hasMessageContaining("form or basic");

        FhirPublisherSettings ok = settings(Map.of(p + "enabled", true, p + "base-url", "https://fhir.example.org/r4/",
            p + "accession-system", "urn:acsn", p + "token-url", "https://auth.example.org/token",
            p + "client-id", "cairn", p + "client-secret", "s", p + "client-authentication", "basic"));
        assertThat(ok.baseUrl()).hasToString("https://fhir.example.org/r4");
        assertThat(ok.clientAuthentication()).isEqualTo(FhirPublisherSettings.ClientAuthentication.BASIC);
    }

    @Test
    void theBackoffDoublesUpToItsMaximum() {
        FhirPublisherSettings s = settings(Map.of("cairn.events.fhir-publisher.min-backoff", "30s",
            "cairn.events.fhir-publisher.max-backoff", "2m"));
        assertThat(s.backoff(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.backoff(2)).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.backoff(3)).isEqualTo(Duration.ofSeconds(120));
        assertThat(s.backoff(4)).isEqualTo(Duration.ofSeconds(120));
        assertThat(s.backoff(1000)).isEqualTo(Duration.ofSeconds(120));
    }
}
