package org.cairn.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.cairn.events.FeedEvent;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
    private static final String SECRET = "a shared secret of some length";
    private static final String BODY = "{\"specversion\":\"1.0\",\"id\":\"e1\",\"seq\":7,\"data\":{\"name\":\"Müller\"}}";
    private static final Instant NOW = Instant.parse("2027-01-05T10:00:00Z");
    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

    @Test
    void signsTheTimestampAndBodyWithHmacSha256InLowercaseHex() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = HexFormat.of().formatHex(
            mac.doFinal((NOW.getEpochSecond() + "." + BODY).getBytes(StandardCharsets.UTF_8)));

        assertThat(WebhookSignature.sign(SECRET, NOW, BODY))
            .isEqualTo("t=" + NOW.getEpochSecond() + ",v1=" + expected)
            .matches("t=\\d+,v1=[0-9a-f]{64}");
    }

    @Test
    void aKnownVector() {
        // Computed independently: printf '1700000000.{}' | openssl dgst -sha256 -hmac key
        assertThat(WebhookSignature.sign("key", Instant.ofEpochSecond(1_700_000_000L), "{}"))
            .isEqualTo("t=1700000000,v1=9d713ed406bb7076d4123f0dc2c39d2df5c654ed4b0cd56b52c8b4c940bd63ae");
    }

    @Test
    void verifiesItsOwnSignatureWithinTheTolerance() {
        String header = WebhookSignature.sign(SECRET, NOW, BODY);

        assertThat(WebhookSignature.verify(SECRET, header, BODY, NOW, FIVE_MINUTES)).isTrue();
        assertThat(WebhookSignature.verify(SECRET, header, BODY, NOW.plusSeconds(300), FIVE_MINUTES)).isTrue();
        assertThat(WebhookSignature.verify(SECRET, header, BODY, NOW.minusSeconds(300), FIVE_MINUTES)).isTrue();
    }

    @Test
    void refusesAReplayOutsideTheTolerance() {
        String header = WebhookSignature.sign(SECRET, NOW, BODY);

        assertThat(WebhookSignature.verify(SECRET, header, BODY, NOW.plusSeconds(301), FIVE_MINUTES)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, header, BODY, NOW.minusSeconds(301), FIVE_MINUTES)).isFalse();
    }

    @Test
    void refusesAnotherBodySecretOrTimestamp() {
        String header = WebhookSignature.sign(SECRET, NOW, BODY);
        String movedTimestamp = header.replace("t=" + NOW.getEpochSecond(), "t=" + (NOW.getEpochSecond() + 1));

        assertThat(WebhookSignature.verify(SECRET, header, BODY.replace("7", "8"), NOW, FIVE_MINUTES)).isFalse();
        assertThat(WebhookSignature.verify("another secret entirely!", header, BODY, NOW, FIVE_MINUTES)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, movedTimestamp, BODY, NOW, FIVE_MINUTES)).isFalse();
    }

    @Test
    void malformedHeadersAreNotValid() {
        String v1 = WebhookSignature.sign(SECRET, NOW, BODY).split(",")[1];

        assertThat(WebhookSignature.verify(SECRET, null, BODY, NOW, FIVE_MINUTES)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, "", BODY, NOW, FIVE_MINUTES)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, v1, BODY, NOW, FIVE_MINUTES)).as("no timestamp").isFalse();
        assertThat(WebhookSignature.verify(SECRET, "t=" + NOW.getEpochSecond(), BODY, NOW, FIVE_MINUTES))
            .as("no signature").isFalse();
        assertThat(WebhookSignature.verify(SECRET, "t=soon," + v1, BODY, NOW, FIVE_MINUTES)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, "t=" + NOW.getEpochSecond() + ",v1=zz", BODY, NOW, FIVE_MINUTES))
            .isFalse();
        assertThat(WebhookSignature.verify(SECRET, "t=" + NOW.getEpochSecond() + ",v1=ab", BODY, NOW, FIVE_MINUTES))
            .as("too short").isFalse();
    }

    @Test
    void anyMatchingV1EntryIsAccepted() {
        String header = WebhookSignature.sign(SECRET, NOW, BODY);
        String rotating = header.replace(",v1=", ",v1=" + "0".repeat(64) + ",v1=");

        assertThat(WebhookSignature.verify(SECRET, rotating, BODY, NOW, FIVE_MINUTES)).isTrue();
    }

    @Test
    void headersOfAnAttempt() {
        FeedEvent event = new FeedEvent(42, "study.received", "1.2.3", NOW, BODY);

        Map<String, String> headers = WebhookSignature.headers(SECRET, event, "e1", 3, NOW);

        assertThat(headers).containsExactly(
            Map.entry("Cairn-Signature", WebhookSignature.sign(SECRET, NOW, BODY)),
            Map.entry("Cairn-Event-Id", "e1"),
            Map.entry("Cairn-Event-Type", "study.received"),
            Map.entry("Cairn-Event-Seq", "42"),
            Map.entry("Cairn-Delivery-Attempt", "3"));
    }
}
