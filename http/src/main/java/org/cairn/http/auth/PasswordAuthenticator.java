package org.cairn.http.auth;

import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;
import org.cairn.access.PasswordHasher;
import org.cairn.access.Role;
import org.cairn.access.User;
import org.cairn.access.UserStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks HTTP Basic credentials against the users table: from {@link VerifiedPasswords} when the same password
 * verified recently, otherwise with PBKDF2 ({@link #verify}, which blocks for ~100 ms: run it off the HTTP dispatcher).
 * An unknown name costs the same PBKDF2 as a wrong password, so timing does not tell which names exist.
 */
final class PasswordAuthenticator {
    private static final Logger LOG = LoggerFactory.getLogger(PasswordAuthenticator.class);
    static final String REFUSED = "the user name or password is wrong";

    private final UserStore users;
    private final PasswordHasher hasher;
    private final VerifiedPasswords verified;

    PasswordAuthenticator(UserStore users, PasswordHasher hasher, VerifiedPasswords verified) {
        this.users = users;
        this.hasher = hasher;
        this.verified = verified;
    }

    /** The outcome when this password verified recently; empty when it has to be checked with {@link #verify}. */
    Optional<AuthOutcome> recentlyVerified(String name, String password) {
        return verified.lookup(name, password).map(roles -> authenticated(name, roles));
    }

    /** Reads the user and verifies the password with PBKDF2. Blocking. */
    AuthOutcome verify(String name, String password) {
        long generation = verified.generation();
        Optional<User> user;
        try {
            user = User.isValidName(name) ? users.find(name) : Optional.empty();
        } catch (SQLException e) {
            LOG.warn("Could not read user {} to check a password", name, e);
            return new AuthOutcome.Unavailable("the user database is not available");
        }
        if (user.isEmpty()) {
            hasher.verifyNobody(password);
            return new AuthOutcome.Refused(REFUSED);
        }
        if (!hasher.verify(password, user.get().passwordHash())) {
            return new AuthOutcome.Refused(REFUSED);
        }
        verified.remember(name, password, user.get().roles(), generation);
        return authenticated(name, user.get().roles());
    }

    private static AuthOutcome authenticated(String name, Set<Role> roles) {
        return new AuthOutcome.Authenticated(new Principal(name, roles, Principal.Scheme.BASIC));
    }
}
