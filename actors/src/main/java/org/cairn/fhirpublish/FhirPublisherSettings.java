package org.cairn.fhirpublish;

import com.typesafe.config.Config;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;

/**
 * {@code cairn.events.fhir-publisher}: where stable studies are published as FHIR R4 ImagingStudy resources, how the
 * publisher authenticates (OAuth2 client credentials), how studies are tied to their orders, and how failures are
 * retried. A disabled publisher needs nothing else; an enabled one fails fast on a missing server or secret.
 *
 * @param tokenUrl              the OAuth2 token endpoint, or null to send requests without a token
 * @param scope                 the scope asked for with each token, or null
 * @param accessionSystem       the system of the Accession Number identifier, both on the ImagingStudy and in the
 *                              ServiceRequest search
 * @param patientIdentifierSystem the system of the Patient ID in a logical subject reference (used without a
 *                              ServiceRequest), or null
 * @param requireServiceRequest whether a study is published only once its ServiceRequest is found (retried until then)
 * @param maxAttempts           attempts per stable study before it is abandoned
 * @param parallelism           studies published at once
 * @param pollInterval          how often studies due for a retry are looked for
 * @param timeZone              the zone of DICOM dates and times that carry no Timezone Offset From UTC
 */
public record FhirPublisherSettings(boolean enabled, URI baseUrl, URI tokenUrl, String clientId, String clientSecret,
                                    String scope, ClientAuthentication clientAuthentication, String accessionSystem,
                                    String patientIdentifierSystem, boolean requireServiceRequest, int maxAttempts,
                                    Duration minBackoff, Duration maxBackoff, Duration requestTimeout, int parallelism,
                                    Duration pollInterval, ZoneId timeZone) {

    private static final String PATH = "cairn.events.fhir-publisher";

    /** How the client authenticates to the token endpoint (RFC 6749 section 2.3.1). */
    public enum ClientAuthentication {
        /** {@code client_id} and {@code client_secret} in the form body (what SatuSehat expects). */
        FORM,
        /** HTTP Basic with the client id and secret. */
        BASIC;

        static ClientAuthentication of(String value) {
            return switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "form" -> FORM;
                case "basic" -> BASIC;
                default -> throw new IllegalArgumentException(PATH + ".client-authentication must be form or basic, not "
                    + value);
            };
        }
    }

    public FhirPublisherSettings {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException(PATH + ".max-attempts must be 1 or more, not " + maxAttempts);
        }
        if (parallelism < 1 || parallelism > 64) {
            throw new IllegalArgumentException(PATH + ".parallelism must be from 1 to 64, not " + parallelism);
        }
        if (minBackoff.isNegative() || minBackoff.isZero() || maxBackoff.compareTo(minBackoff) < 0) {
            throw new IllegalArgumentException(PATH + " needs 0 < min-backoff <= max-backoff, not " + minBackoff
                + " and " + maxBackoff);
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero() || pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException(PATH + ".request-timeout and poll-interval must be positive");
        }
        scope = blankToNull(scope);
        patientIdentifierSystem = blankToNull(patientIdentifierSystem);
        if (enabled) {
            requireHttp(baseUrl, "base-url");
            if (tokenUrl != null) {
                requireHttp(tokenUrl, "token-url");
                if (clientId == null || clientId.isBlank() || clientSecret == null || clientSecret.isBlank()) {
                    throw new IllegalArgumentException(PATH + ".client-id and client-secret are required with a token-url");
                }
            }
            if (accessionSystem == null || accessionSystem.isBlank()) {
                throw new IllegalArgumentException(PATH + ".accession-system is required (e.g. "
                    + "http://sys-ids.kemkes.go.id/acsn/<organization id> for SatuSehat)");
            }
        }
    }

    /** Reads {@code cairn.events.fhir-publisher} from the node's whole configuration. */
    public static FhirPublisherSettings fromConfig(Config config) {
        Config c = config.getConfig(PATH);
        String zone = c.getString("time-zone").strip();
        return new FhirPublisherSettings(c.getBoolean("enabled"), uri(c.getString("base-url")),
            uri(c.getString("token-url")), c.getString("client-id"), c.getString("client-secret"), c.getString("scope"),
            ClientAuthentication.of(c.getString("client-authentication")), c.getString("accession-system").strip(),
            c.getString("patient-identifier-system"), c.getBoolean("require-service-request"), c.getInt("max-attempts"),
            c.getDuration("min-backoff"), c.getDuration("max-backoff"), c.getDuration("request-timeout"),
            c.getInt("parallelism"), c.getDuration("poll-interval"), zone.isEmpty() ? ZoneId.systemDefault() : ZoneId.of(zone));
    }

    /** The wait after {@code failures} (1 or more) failed attempts: min-backoff, doubling each time, up to max-backoff. */
    public Duration backoff(int failures) {
        Duration wait = minBackoff;
        for (int i = 1; i < failures && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }

    /** The same settings with another server and token endpoint (tests and tools point them at a local server). */
    public FhirPublisherSettings withServer(URI baseUrl, URI tokenUrl) {
        return new FhirPublisherSettings(enabled, baseUrl, tokenUrl, clientId, clientSecret, scope, clientAuthentication,
            accessionSystem, patientIdentifierSystem, requireServiceRequest, maxAttempts, minBackoff, maxBackoff,
            requestTimeout, parallelism, pollInterval, timeZone);
    }

    private static URI uri(String value) {
        String v = value.strip();
        return v.isEmpty() ? null : URI.create(v.endsWith("/") ? v.substring(0, v.length() - 1) : v);
    }

    private static void requireHttp(URI uri, String key) {
        if (uri == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException(PATH + "." + key + " must be an http(s) URL, not " + uri);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
