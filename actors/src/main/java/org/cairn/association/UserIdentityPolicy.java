package org.cairn.association;

import com.typesafe.config.Config;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.cairn.net.pdu.UserInformation.UserIdentity;

/**
 * How the acceptor treats User Identity negotiation (PS3.7 D.3.3.7): which identities are checked against the
 * {@link DimseUserAuthenticator}, and whether an association without a verified one is rejected. Pure: the
 * authenticator's answer comes in as a value ({@link #verdict}).
 *
 * @param required     whether an A-ASSOCIATE-RQ without a verified user identity is rejected (permanent, service
 *                     user, reason 1); otherwise such an association goes on with the calling AE's permissions
 * @param usernameOnly whether a bare user name (type 1) is checked at all: it proves nothing, so by default it is
 *                     treated as not verified
 */
public record UserIdentityPolicy(boolean required, boolean usernameOnly) {

    /** The {@code cairn.dicom.access.user-identity} section. */
    public static UserIdentityPolicy from(Config userIdentity) {
        return new UserIdentityPolicy(userIdentity.getBoolean("required"), userIdentity.getBoolean("username-only"));
    }

    /** A user name and what proves it, as handed to the authenticator. */
    public record Credentials(String username, byte[] passcode) {
        /** Never shows the passcode. */
        @Override
        public String toString() {
            return "Credentials[" + username + (passcode == null ? "" : ", passcode") + "]";
        }
    }

    /**
     * The credentials to verify, or empty when there is nothing the authenticator can check: no identity, or one
     * of a type Cairn does not verify (Kerberos, SAML, JWT, a bare user name unless trusted).
     */
    public Optional<Credentials> credentials(UserIdentity identity) {
        if (identity == null) {
            return Optional.empty();
        }
        String username = new String(identity.primaryField(), StandardCharsets.UTF_8);
        if (username.isBlank()) {
            return Optional.empty();
        }
        if (identity.type() == UserIdentity.USERNAME_AND_PASSCODE) {
            return Optional.of(new Credentials(username, identity.secondaryField()));
        }
        if (identity.type() == UserIdentity.USERNAME && usernameOnly) {
            return Optional.of(new Credentials(username, null));
        }
        return Optional.empty();
    }

    /** The verdict on an identity that {@link #credentials} found nothing to verify in. */
    public UserIdentityVerdict unverifiable(UserIdentity identity) {
        if (identity == null) {
            return new UserIdentityVerdict.Absent();
        }
        String username = identity.type() == UserIdentity.USERNAME || identity.type() == UserIdentity.USERNAME_AND_PASSCODE
            ? new String(identity.primaryField(), StandardCharsets.UTF_8) : null;
        String why = switch (identity.type()) {
            case UserIdentity.USERNAME -> username.isBlank() ? "empty user name"
                : "a user name without passcode is not trusted (username-only = false)";
            case UserIdentity.USERNAME_AND_PASSCODE -> "empty user name";
            case UserIdentity.KERBEROS -> "Kerberos service tickets are not supported";
            case UserIdentity.SAML -> "SAML assertions are not supported";
            case UserIdentity.JSON_WEB_TOKEN -> "JSON Web Tokens are not supported";
            default -> "unknown user identity type " + identity.type();
        };
        return new UserIdentityVerdict.NotVerified(username, why);
    }

    /**
     * The verdict once the authenticator has answered: {@code roles} when it did, {@code failure} when it threw
     * or timed out.
     */
    public static UserIdentityVerdict verdict(Credentials credentials, Optional<Set<String>> roles, Throwable failure) {
        if (failure != null || roles == null) {
            return new UserIdentityVerdict.NotVerified(credentials.username(), "the user store did not answer: "
                + (failure == null ? "no result" : failure.getClass().getSimpleName()));
        }
        return roles.<UserIdentityVerdict>map(r -> new UserIdentityVerdict.Verified(credentials.username(), r))
            .orElseGet(() -> new UserIdentityVerdict.NotVerified(credentials.username(),
                credentials.passcode() == null ? "unknown user" : "unknown user or wrong passcode"));
    }
}
