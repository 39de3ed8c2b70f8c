package org.cairn.http.auth;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.cairn.access.PasswordHasher;
import org.cairn.access.PasswordPolicy;

/**
 * The password side of {@code cairn.auth}: hashing cost, password policy, the verified-password cache, the paths
 * that need no authentication, and the administrator password given at start.
 *
 * @param passwordIterations PBKDF2 iterations for new hashes
 * @param policy what a new password must be
 * @param verifiedTtl how long a verified password is remembered
 * @param verifiedMaxEntries how many users' verified passwords are remembered at most
 * @param publicPaths paths served without authentication: an exact path, or a prefix ending in {@code /**}
 * @param adminPassword the administrator password given at start ({@code --admin-password}), if any
 */
record AuthSettings(int passwordIterations, PasswordPolicy policy, Duration verifiedTtl, int verifiedMaxEntries,
                    List<String> publicPaths, Optional<String> adminPassword) {

    AuthSettings {
        publicPaths = List.copyOf(publicPaths);
        if (verifiedMaxEntries < 1) {
            throw new IllegalArgumentException("cairn.auth.verified-password-cache-size must be at least 1");
        }
        if (passwordIterations < PasswordHasher.MIN_ITERATIONS) {
            throw new IllegalArgumentException("cairn.auth.password-iterations must be at least "
                + PasswordHasher.MIN_ITERATIONS + " (OWASP recommends " + PasswordHasher.OWASP_ITERATIONS + ")");
        }
    }

    static AuthSettings fromConfig(Config config) {
        Config auth = config.getConfig("cairn.auth");
        String admin = auth.getString("admin-password");
        return new AuthSettings(auth.getInt("password-iterations"), new PasswordPolicy(auth.getInt("min-password-length")),
            auth.getDuration("verified-password-ttl"), auth.getInt("verified-password-cache-size"),
            auth.getStringList("public-paths"), admin.isEmpty() ? Optional.empty() : Optional.of(admin));
    }

    /** Whether {@code path} is served without authentication. */
    boolean isPublic(String path) {
        for (String pattern : publicPaths) {
            if (pattern.endsWith("/**")) {
                String prefix = pattern.substring(0, pattern.length() - 3);
                if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                    return true;
                }
            } else if (path.equals(pattern)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "AuthSettings[iterations=" + passwordIterations + ", " + policy + ", verifiedTtl=" + verifiedTtl
            + ", publicPaths=" + publicPaths + ", adminPassword=" + (adminPassword.isPresent() ? "given" : "none") + "]";
    }
}
