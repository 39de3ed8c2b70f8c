package org.cairn.http.auth;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How bearer tokens are checked ({@code cairn.auth.jwt}): the issuer and audiences a token must name, the keys its
 * signature may verify with (an HS256 secret, RS256 public keys from PEM, an RS256 key set URL), and where its
 * principal name and roles are. Bearer tokens are accepted only when at least one key is configured; then issuer and
 * audience are required, so that a token minted for another service is never taken for one of ours.
 */
final class JwtSettings {
    /** HS256 keys shorter than the hash are refused by RFC 7518 (section 3.2). */
    static final int MIN_SECRET_BYTES = 32;

    final String issuer;
    final Set<String> audiences;
    final byte[] hs256Secret;
    final List<RSAPublicKey> rs256Keys;
    final URL jwksUrl;
    final Duration jwksTimeout;
    final String principalClaim;
    final RoleClaims roleClaims;
    final Duration clockSkew;

    JwtSettings(String issuer, Set<String> audiences, byte[] hs256Secret, List<RSAPublicKey> rs256Keys, URL jwksUrl,
                Duration jwksTimeout, String principalClaim, RoleClaims roleClaims, Duration clockSkew) {
        if (hs256Secret == null && rs256Keys.isEmpty() && jwksUrl == null) {
            throw new IllegalArgumentException("cairn.auth.jwt: no key: give hs256-secret, rs256-public-keys or jwks-url");
        }
        if (issuer == null || issuer.isBlank()) {
            throw new IllegalArgumentException("cairn.auth.jwt.issuer is required once a key is configured");
        }
        if (audiences.isEmpty()) {
            throw new IllegalArgumentException("cairn.auth.jwt.audience is required once a key is configured");
        }
        if (hs256Secret != null && hs256Secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("cairn.auth.jwt.hs256-secret needs at least " + MIN_SECRET_BYTES
                + " bytes (256 bits)");
        }
        if (principalClaim.isBlank()) {
            throw new IllegalArgumentException("cairn.auth.jwt.principal-claim is empty");
        }
        this.issuer = issuer;
        this.audiences = Set.copyOf(audiences);
        this.hs256Secret = hs256Secret == null ? null : hs256Secret.clone();
        this.rs256Keys = List.copyOf(rs256Keys);
        this.jwksUrl = jwksUrl;
        this.jwksTimeout = jwksTimeout;
        this.principalClaim = principalClaim;
        this.roleClaims = roleClaims;
        this.clockSkew = clockSkew;
    }

    /** The settings under {@code cairn.auth.jwt}; empty when no key is configured (bearer tokens refused). */
    static Optional<JwtSettings> fromConfig(Config config) {
        Config jwt = config.getConfig("cairn.auth.jwt");
        String secret = jwt.getString("hs256-secret");
        List<RSAPublicKey> keys = new ArrayList<>();
        for (String entry : jwt.getStringList("rs256-public-keys")) {
            keys.addAll(PemPublicKeys.parse(entry));
        }
        String jwks = jwt.getString("jwks-url").strip();
        if (secret.isEmpty() && keys.isEmpty() && jwks.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> mapping = new HashMap<>();
        for (Map.Entry<String, ConfigValue> e : jwt.getObject("role-mapping").entrySet()) {
            if (e.getValue().valueType() != ConfigValueType.STRING) {
                throw new IllegalArgumentException("cairn.auth.jwt.role-mapping: quote the name " + e.getKey()
                    + " (it holds dots?) and give a role name as its value");
            }
            mapping.put(e.getKey(), (String) e.getValue().unwrapped());
        }
        return Optional.of(new JwtSettings(jwt.getString("issuer"), audiences(jwt),
            secret.isEmpty() ? null : secret.getBytes(StandardCharsets.UTF_8), keys, jwks.isEmpty() ? null : url(jwks),
            jwt.getDuration("jwks-timeout"), jwt.getString("principal-claim"),
            new RoleClaims(jwt.getString("roles-claim"), RoleClaims.mapping(mapping)), jwt.getDuration("clock-skew")));
    }

    /** {@code audience} may be one string or a list. */
    private static Set<String> audiences(Config jwt) {
        Set<String> audiences = new LinkedHashSet<>();
        if (jwt.getValue("audience").valueType() == ConfigValueType.LIST) {
            audiences.addAll(jwt.getStringList("audience"));
        } else {
            audiences.add(jwt.getString("audience"));
        }
        audiences.removeIf(String::isBlank);
        return audiences;
    }

    private static URL url(String text) {
        try {
            URI uri = new URI(text);
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
                throw new URISyntaxException(text, "not http or https");
            }
            return uri.toURL();
        } catch (URISyntaxException | MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cairn.auth.jwt.jwks-url is not an http(s) URL: " + text);
        }
    }

    @Override
    public String toString() {
        return "JwtSettings[issuer=" + issuer + ", audiences=" + audiences + ", hs256=" + (hs256Secret != null)
            + ", rs256Keys=" + rs256Keys.size() + ", jwksUrl=" + jwksUrl + "]";
    }
}
