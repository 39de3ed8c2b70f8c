package org.cairn.http.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.cairn.access.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bearer tokens signed in the test as Keycloak or an integration would sign them, checked by the real verifier. */
class TokenAuthenticatorTest {
    private static final KeyPair PEM_KEYS = Tokens.rsaKeyPair();
    private static final KeyPair JWKS_KEYS = Tokens.rsaKeyPair();
    private static final KeyPair STRANGER = Tokens.rsaKeyPair();
    private static final AtomicInteger JWKS_FETCHES = new AtomicInteger();
    private static HttpServer jwks;

    @BeforeAll
    static void serveKeySet() throws Exception {
        // Keycloak's certs endpoint: public keys with key ids
        String body = new JWKSet(new RSAKey.Builder((RSAPublicKey) JWKS_KEYS.getPublic()).keyID("realm-key-1")
            .keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).build()).toString();
        jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwks.createContext("/realms/hospital/protocol/openid-connect/certs", exchange -> {
            JWKS_FETCHES.incrementAndGet();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        jwks.start();
    }

    @AfterAll
    static void stopKeySet() {
        jwks.stop(0);
    }

    private static String jwksUrl() {
        return "http://127.0.0.1:" + jwks.getAddress().getPort() + "/realms/hospital/protocol/openid-connect/certs";
    }

    static Config config(Map<String, Object> jwt) {
        Map<String, Object> settings = new HashMap<>();
        jwt.forEach((key, value) -> settings.put("cairn.auth.jwt." + key, value));
        return ConfigFactory.parseMap(settings).withFallback(ConfigFactory.defaultReference());
    }

    /** A verifier trusting the HS256 secret, the PEM key and the key set, as "Keycloak and an integration" would. */
    private static TokenAuthenticator verifier(Map<String, Object> more) {
        Map<String, Object> jwt = new HashMap<>(Map.of("issuer", Tokens.ISSUER, "audience", List.of(Tokens.AUDIENCE, "account"),
            "hs256-secret", Tokens.SECRET, "rs256-public-keys", List.of(Tokens.pem(PEM_KEYS)), "jwks-url", jwksUrl()));
        jwt.putAll(more);
        return new TokenAuthenticator(JwtSettings.fromConfig(config(jwt)).orElseThrow());
    }

    /** Made per test instance, after the key set is served. */
    private final TokenAuthenticator verifier = verifier(Map.of());

    private static Principal accepted(AuthOutcome outcome) {
        assertThat(outcome).isInstanceOf(AuthOutcome.Authenticated.class);
        return ((AuthOutcome.Authenticated) outcome).principal();
    }

    private void refused(String token, String why) {
        assertThat(verifier.verify(token)).as(why).isInstanceOfSatisfying(AuthOutcome.Refused.class,
            r -> assertThat(r.reason()).isNotBlank());
    }

    @Test
    void hs256TokensFromTheSharedSecretAreAccepted() {
        Principal p = accepted(verifier.verify(Tokens.hs256(Tokens.valid("ris-feed", List.of("integration")).build(),
            Tokens.SECRET)));
        assertThat(p.name()).isEqualTo("ris-feed");
        assertThat(p.roles()).containsExactly(Role.INTEGRATION);
        assertThat(p.scheme()).isEqualTo(Principal.Scheme.BEARER);
    }

    @Test
    void rs256TokensFromAConfiguredPemKeyAreAcceptedWhateverTheirKeyId() {
        Principal p = accepted(verifier.verify(Tokens.rs256(Tokens.valid("dr.house", List.of("Radiologist", "offline_access"))
            .build(), PEM_KEYS, "some-key-id")));
        assertThat(p.name()).isEqualTo("dr.house");
        assertThat(p.roles()).as("case-insensitive, unknown names ignored").containsExactly(Role.RADIOLOGIST);
    }

    @Test
    void rs256TokensFromTheKeySetAreAcceptedAndTheKeySetIsCached() {
        int before = JWKS_FETCHES.get();
        for (int i = 0; i < 5; i++) {
            accepted(verifier.verify(Tokens.rs256(Tokens.valid("viewer-" + i, List.of("viewer")).build(), JWKS_KEYS,
                "realm-key-1")));
        }
        assertThat(JWKS_FETCHES.get() - before).isLessThanOrEqualTo(1);
    }

    @Test
    void keycloakRealmRolesAndUsernameAreReadFromTheConfiguredClaims() {
        TokenAuthenticator keycloak = verifier(Map.of("roles-claim", "realm_access.roles",
            "principal-claim", "preferred_username", "role-mapping", Map.of("cairn-admin", "admin")));
        String token = Tokens.rs256(Tokens.valid("5c1e0f52-0000-4000-8000-000000000001", List.of())
            .claim("preferred_username", "jane")
            .claim("realm_access", Map.of("roles", List.of("cairn-admin", "technician", "uma_authorization")))
            .build(), JWKS_KEYS, "realm-key-1");
        Principal p = accepted(keycloak.verify(token));
        assertThat(p.name()).isEqualTo("jane");
        assertThat(p.roles()).containsExactlyInAnyOrder(Role.ADMIN, Role.TECHNICIAN);
    }

    @Test
    void rolesMayBeOneSpaceSeparatedString() {
        Principal p = accepted(verifier.verify(Tokens.hs256(Tokens.valid("x", List.of()).claim("roles", "viewer technician")
            .build(), Tokens.SECRET)));
        assertThat(p.roles()).containsExactlyInAnyOrder(Role.VIEWER, Role.TECHNICIAN);
    }

    @Test
    void invalidTokensAreRefused() throws Exception {
        Instant now = Instant.now();
        refused(Tokens.hs256(Tokens.valid("x", List.of("admin")).expirationTime(Date.from(now.minus(Duration.ofMinutes(5))))
            .build(), Tokens.SECRET), "expired beyond the skew");
        refused(Tokens.hs256(Tokens.valid("x", List.of("admin")).notBeforeTime(Date.from(now.plus(Duration.ofMinutes(5))))
            .build(), Tokens.SECRET), "not yet valid");
        refused(Tokens.hs256(Tokens.valid("x", List.of("admin")).issuer("https://evil.example.org").build(), Tokens.SECRET),
            "another issuer");
        refused(Tokens.hs256(Tokens.valid("x", List.of("admin")).audience("another-service").build(), Tokens.SECRET),
            "another audience");
        refused(Tokens.hs256(Tokens.valid("x", List.of("admin")).build(), "another secret of more than thirty-two bytes"),
            "HS256 with another secret");
        refused(Tokens.rs256(Tokens.valid("x", List.of("admin")).build(), STRANGER, "realm-key-1"), "a stranger's RSA key");
        refused(new PlainJWT(Tokens.valid("x", List.of("admin")).build()).serialize(), "alg none");
        refused(Tokens.hs256(new JWTClaimsSet.Builder(Tokens.valid("x", List.of("admin")).build()).expirationTime(null)
            .build(), Tokens.SECRET), "no expiry");
        refused(Tokens.hs256(new JWTClaimsSet.Builder(Tokens.valid("x", List.of("admin")).build()).subject(null)
            .build(), Tokens.SECRET), "no subject");
        refused("not.a.jwt", "garbage");
        String token = Tokens.hs256(Tokens.valid("x", List.of("admin")).build(), Tokens.SECRET);
        refused(token.substring(0, token.lastIndexOf('.') + 1) + "AAAA", "signature cut");
        SignedJWT hs512 = new SignedJWT(new JWSHeader(JWSAlgorithm.HS512), Tokens.valid("x", List.of("admin")).build());
        hs512.sign(new MACSigner(Tokens.SECRET.repeat(2).getBytes(StandardCharsets.UTF_8)));
        refused(hs512.serialize(), "an algorithm not configured");
    }

    @Test
    void anRsaPublicKeyCannotServeAsAnHmacSecret() {
        // the classic algorithm confusion: HS256 "signed" with the public key's bytes, for a verifier without a secret
        TokenAuthenticator rsaOnly = new TokenAuthenticator(JwtSettings.fromConfig(config(Map.of("issuer", Tokens.ISSUER,
            "audience", Tokens.AUDIENCE, "rs256-public-keys", List.of(Tokens.pem(PEM_KEYS))))).orElseThrow());
        String forged = Tokens.hs256(Tokens.valid("x", List.of("admin")).build(), Tokens.pem(PEM_KEYS));
        assertThat(rsaOnly.verify(forged)).isInstanceOf(AuthOutcome.Refused.class);
        assertThat(rsaOnly.verify(Tokens.rs256(Tokens.valid("x", List.of()).build(), PEM_KEYS, "k")))
            .isInstanceOf(AuthOutcome.Authenticated.class);
    }

    @Test
    void anUnreachableKeySetMakesTokensUncheckableNotValid() {
        TokenAuthenticator unreachable = new TokenAuthenticator(JwtSettings.fromConfig(config(Map.of("issuer",
            Tokens.ISSUER, "audience", Tokens.AUDIENCE, "jwks-url", "http://127.0.0.1:1/certs", "jwks-timeout", "1s")))
            .orElseThrow());
        assertThat(unreachable.verify(Tokens.rs256(Tokens.valid("x", List.of()).build(), JWKS_KEYS, "realm-key-1")))
            .isInstanceOf(AuthOutcome.Unavailable.class);
    }

    @Test
    void misconfigurationFailsAtStart() {
        assertThat(JwtSettings.fromConfig(config(Map.of()))).as("no key: bearer off").isEmpty();
        assertThatThrownBy(() -> JwtSettings.fromConfig(config(Map.of("hs256-secret", Tokens.SECRET,
            "audience", "cairn")))).hasMessageContaining("issuer");
        assertThatThrownBy(() -> JwtSettings.fromConfig(config(Map.of("hs256-secret", Tokens.SECRET,
            "issuer", Tokens.ISSUER)))).hasMessageContaining("audience");
        assertThatThrownBy(() -> JwtSettings.fromConfig(config(Map.of("hs256-secret", "short", "issuer", Tokens.ISSUER,
            "audience", "cairn")))).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> JwtSettings.fromConfig(config(Map.of("rs256-public-keys", List.of("/no/such/key.pem"),
            "issuer", Tokens.ISSUER, "audience", "cairn")))).hasMessageContaining("/no/such/key.pem");
        assertThatThrownBy(() -> JwtSettings.fromConfig(config(Map.of("jwks-url", "ftp://x/certs", "issuer",
            Tokens.ISSUER, "audience", "cairn")))).hasMessageContaining("jwks-url");
        assertThatThrownBy(() -> JwtSettings.fromConfig(config(Map.of("hs256-secret", Tokens.SECRET, "issuer",
            Tokens.ISSUER, "audience", "cairn", "role-mapping", Map.of("x", "superuser")))))
            .hasMessageContaining("superuser");
    }

    @Test
    void pemKeysComeAsTextBareBase64OrFiles(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        String pem = Tokens.pem(PEM_KEYS);
        assertThat(PemPublicKeys.parse(pem)).containsExactly((RSAPublicKey) PEM_KEYS.getPublic());
        String bare = pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "")
            .replaceAll("\\s", "");
        assertThat(PemPublicKeys.parse(bare)).containsExactly((RSAPublicKey) PEM_KEYS.getPublic());
        java.nio.file.Path file = dir.resolve("idp.pem");
        java.nio.file.Files.writeString(file, pem + Tokens.pem(JWKS_KEYS));
        assertThat(PemPublicKeys.parse(file.toString())).hasSize(2);
        assertThatThrownBy(() -> PemPublicKeys.parse("-----BEGIN RSA PUBLIC KEY-----\nAAAA\n-----END RSA PUBLIC KEY-----"))
            .hasMessageContaining("not supported");
    }
}
