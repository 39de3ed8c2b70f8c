package org.cairn.http.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.security.Key;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks bearer JWTs with Nimbus JOSE+JWT: signed with HS256 (by the configured secret) or RS256 (by a configured
 * public key or a key of the configured key set URL, Keycloak's {@code .../protocol/openid-connect/certs}); issued by
 * the configured issuer to one of the configured audiences; with an expiry, current within the clock skew. Anything
 * else is refused: unsigned ({@code alg: none}) tokens, other algorithms, an HS256 token when only RSA keys are
 * configured (so an RSA public key can never be used as an HMAC secret), a wrong signature.
 *
 * <p>Key set look-ups are cached by Nimbus (5 minutes, refreshed ahead, at most one refetch per 30 s for an unknown
 * key id), so a verification blocks on the network only when the cache is cold or the provider rotated its keys.
 */
final class TokenAuthenticator {
    private static final Logger LOG = LoggerFactory.getLogger(TokenAuthenticator.class);

    private final JwtSettings settings;
    private final Key hmacKey;
    private final JWKSource<SecurityContext> keySet;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    TokenAuthenticator(JwtSettings settings) {
        this.settings = settings;
        this.hmacKey = settings.hs256Secret == null ? null : new SecretKeySpec(settings.hs256Secret, "HmacSHA256");
        if (settings.jwksUrl == null) {
            this.keySet = null;
        } else {
            int timeout = (int) settings.jwksTimeout.toMillis();
            this.keySet = JWKSourceBuilder.<SecurityContext>create(settings.jwksUrl,
                    new DefaultResourceRetriever(timeout, timeout, 1024 * 1024))
                .retrying(true)
                .build();
        }
        processor.setJWSKeySelector(this::keys);
        // plain JWTs and RFC 9068 access tokens (Keycloak says "JWT"; other providers "at+jwt")
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT,
            new JOSEObjectType("at+jwt"), new JOSEObjectType("application/at+jwt"), null));
        Set<String> required = new HashSet<>(Set.of("exp", "iss", "aud"));
        required.add(settings.principalClaim);
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(settings.audiences,
            new JWTClaimsSet.Builder().issuer(settings.issuer).build(), required, null);
        claims.setMaxClockSkew((int) settings.clockSkew.toSeconds());
        processor.setJWTClaimsSetVerifier(claims);
    }

    /** Verifies {@code token}. May block on the key set URL. */
    AuthOutcome verify(String token) {
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException e) {
            return new AuthOutcome.Refused("the bearer token is not a JWT");
        } catch (BadJOSEException e) {
            return new AuthOutcome.Refused("the bearer token is refused: " + e.getMessage());
        } catch (KeySourceException e) {
            LOG.warn("Could not fetch the token signing keys from {}", settings.jwksUrl, e);
            return new AuthOutcome.Unavailable("the token signing keys could not be fetched");
        } catch (JOSEException e) {
            return new AuthOutcome.Refused("the bearer token could not be verified: " + e.getMessage());
        }
        Object name = claims.getClaim(settings.principalClaim);
        if (!(name instanceof String principal) || principal.isBlank()) {
            return new AuthOutcome.Refused("the bearer token has no " + settings.principalClaim + " to name its principal");
        }
        return new AuthOutcome.Authenticated(new Principal(principal, settings.roleClaims.roles(claims.getClaims()),
            Principal.Scheme.BEARER));
    }

    /** The keys a token signed as {@code header} says may verify it: only those configured for its algorithm. */
    private List<Key> keys(JWSHeader header, SecurityContext context) throws KeySourceException {
        List<Key> keys = new ArrayList<>();
        if (JWSAlgorithm.HS256.equals(header.getAlgorithm())) {
            if (hmacKey != null) {
                keys.add(hmacKey);
            }
        } else if (JWSAlgorithm.RS256.equals(header.getAlgorithm())) {
            keys.addAll(settings.rs256Keys); // configured by hand, without key ids: each is tried
            if (keySet != null) {
                for (JWK jwk : keySet.get(new JWKSelector(JWKMatcher.forJWSHeader(header)), context)) {
                    if (jwk instanceof RSAKey rsa) {
                        try {
                            keys.add(rsa.toRSAPublicKey());
                        } catch (JOSEException e) {
                            LOG.warn("Ignoring the unusable key {} of {}", rsa.getKeyID(), settings.jwksUrl, e);
                        }
                    }
                }
            }
        }
        return keys;
    }
}
