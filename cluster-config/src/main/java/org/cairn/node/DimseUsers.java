package org.cairn.node;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.cairn.access.PasswordHasher;
import org.cairn.access.Role;
import org.cairn.access.User;
import org.cairn.access.UserStore;
import org.cairn.association.DimseUserAuthenticator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DIMSE User Identity negotiation checked against the same users as the HTTP API: a user name and passcode
 * (UTF-8, as PS3.7 D.3.3.7 asks) verified with the user's password hash; the user's roles decide the rest.
 */
final class DimseUsers implements DimseUserAuthenticator {
    private static final Logger LOG = LoggerFactory.getLogger(DimseUsers.class);

    private final UserStore users;
    private final PasswordHasher hasher;

    DimseUsers(UserStore users, PasswordHasher hasher) {
        this.users = users;
        this.hasher = hasher;
    }

    @Override
    public Optional<Set<String>> verify(String username, byte[] passcode) {
        try {
            Optional<User> user = users.find(username);
            if (passcode == null) {
                return user.map(DimseUsers::roles); // a bare user name, accepted only where configured
            }
            String password = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(passcode)).toString();
            if (user.isEmpty()) {
                hasher.verifyNobody(password); // the same time as a wrong password: names are not probed
                return Optional.empty();
            }
            return hasher.verify(password, user.get().passwordHash()) ? Optional.of(roles(user.get()))
                : Optional.empty();
        } catch (CharacterCodingException notUtf8) {
            return Optional.empty();
        } catch (Exception e) {
            LOG.warn("cannot verify DICOM user {}: {}", username, e.toString());
            return Optional.empty();
        }
    }

    private static Set<String> roles(User user) {
        return user.roles().stream().map(Role::id).collect(Collectors.toUnmodifiableSet());
    }
}
