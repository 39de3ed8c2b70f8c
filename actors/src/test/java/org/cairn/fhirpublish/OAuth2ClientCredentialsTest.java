package org.cairn.fhirpublish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.ExecutionException;
import org.cairn.fhirpublish.FhirPublisherSettings.ClientAuthentication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tokens from a real token endpoint on 127.0.0.1: cached until shortly before they expire, renewed when refused. */
class OAuth2ClientCredentialsTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final MovableClock clock = new MovableClock(Instant.parse("2027-01-05T08:00:00Z"));
    private FakeFhirServer server;

    /** A clock the test moves forward. */
    private static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @BeforeEach
    void start() throws Exception {
        server = new FakeFhirServer("urn:test:acsn");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private OAuth2ClientCredentials tokens(String secret, ClientAuthentication authentication) {
        return new OAuth2ClientCredentials(http, server.tokenUrl(), FakeFhirServer.CLIENT_ID, secret, "imaging",
            authentication, Duration.ofSeconds(5), clock);
    }

    @Test
    void aTokenIsReusedUntilShortlyBeforeItExpires() throws Exception {
        OAuth2ClientCredentials tokens = tokens(FakeFhirServer.CLIENT_SECRET, ClientAuthentication.FORM);
        String first = tokens.token().get();
        assertThat(tokens.token().get()).isEqualTo(first);
        clock.advance(Duration.ofSeconds(3599 - 61));
        assertThat(tokens.token().get()).isEqualTo(first);
        assertThat(server.tokenRequests.get()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(2));
        assertThat(tokens.token().get()).isNotEqualTo(first);
        assertThat(server.tokenRequests.get()).isEqualTo(2);
    }

    @Test
    void aRefusedTokenIsReplacedOnlyOnce() throws Exception {
        OAuth2ClientCredentials tokens = tokens(FakeFhirServer.CLIENT_SECRET, ClientAuthentication.FORM);
        String refused = tokens.token().get();
        tokens.invalidate(refused);
        String renewed = tokens.token().get();
        tokens.invalidate(refused); // a second request that failed with the old token: the new one stays
        assertThat(tokens.token().get()).isEqualTo(renewed).isNotEqualTo(refused);
        assertThat(server.tokenRequests.get()).isEqualTo(2);
    }

    @Test
    void theClientMayAuthenticateByHttpBasic() throws Exception {
        assertThat(tokens(FakeFhirServer.CLIENT_SECRET, ClientAuthentication.BASIC).token().get()).startsWith("token-");
    }

    @Test
    void wrongCredentialsFailWithTheServersReason() {
        OAuth2ClientCredentials tokens = tokens("not the secret", ClientAuthentication.FORM);
        assertThatThrownBy(() -> tokens.token().get()).isInstanceOf(ExecutionException.class)
            .cause().isInstanceOf(PublicationFailure.class).hasMessageContaining("401").hasMessageContaining("invalid_client");
        assertThatThrownBy(() -> tokens.token().get()).isInstanceOf(ExecutionException.class);
        assertThat(server.tokenRequests.get()).isEqualTo(2);
    }
}
