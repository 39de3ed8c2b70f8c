package org.cairn.http.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/** What an {@code Authorization} header presents (RFC 7617 Basic, RFC 6750 Bearer), parsed but not yet checked. */
sealed interface Credentials {

    /** A name and password; {@link #toString()} leaves the password out. */
    record Basic(String name, String password) implements Credentials {
        @Override
        public String toString() {
            return "Basic[name=" + name + "]";
        }
    }

    /** A bearer token; {@link #toString()} leaves it out. */
    record Bearer(String token) implements Credentials {
        @Override
        public String toString() {
            return "Bearer[...]";
        }
    }

    /** No Authorization header. */
    record None() implements Credentials {
    }

    /** An Authorization header that is neither well-formed Basic nor Bearer. */
    record Malformed(String reason) implements Credentials {
    }

    /** The credentials in the value of an Authorization header, if there is one. */
    static Credentials parse(Optional<String> authorization) {
        if (authorization.isEmpty()) {
            return new None();
        }
        String value = authorization.get().strip();
        int space = value.indexOf(' ');
        String scheme = (space < 0 ? value : value.substring(0, space)).toLowerCase(Locale.ROOT);
        String rest = space < 0 ? "" : value.substring(space + 1).strip();
        switch (scheme) {
            case "basic" -> {
                String decoded;
                try {
                    decoded = new String(Base64.getDecoder().decode(rest), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return new Malformed("the Basic credentials are not Base64");
                }
                int colon = decoded.indexOf(':');
                if (colon <= 0) {
                    return new Malformed("the Basic credentials are not name:password");
                }
                return new Basic(decoded.substring(0, colon), decoded.substring(colon + 1));
            }
            case "bearer" -> {
                return rest.isEmpty() || rest.contains(" ") ? new Malformed("the Bearer token is missing or has spaces")
                    : new Bearer(rest);
            }
            default -> {
                return new Malformed("the Authorization scheme is neither Basic nor Bearer");
            }
        }
    }
}
