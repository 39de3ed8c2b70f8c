package org.cairn.association;

import java.util.Optional;
import java.util.Set;

/**
 * Checks the user a DIMSE requestor names in its User Identity sub-item (PS3.7 D.3.3.7) against the node's users:
 * the extension point through which the user store serves the DIMSE listener. What the user's roles allow over
 * DIMSE is decided by {@link RolePermissions}, not here.
 *
 * <p>Called on a thread meant for blocking (a password hash may take a while), at most once per association, and
 * bounded by the ARTIM timeout: an answer later than that counts as not verified.
 */
@FunctionalInterface
public interface DimseUserAuthenticator {

    /** Knows no user: every identity fails. What a node has until a user store is wired in. */
    DimseUserAuthenticator NO_USERS = (username, passcode) -> Optional.empty();

    /**
     * The roles of {@code username} if the user exists, is enabled and {@code passcode} is theirs; empty otherwise.
     *
     * @param username the user name as the requestor sent it (UTF-8 decoded)
     * @param passcode the passcode's bytes as sent (UTF-8 for DCMTK and most toolkits), possibly empty; {@code null}
     *                 for a user name without passcode (type 1), which reaches here only when
     *                 {@code cairn.dicom.access.user-identity.username-only} trusts bare user names: then answer the
     *                 roles of an existing, enabled user
     */
    Optional<Set<String>> verify(String username, byte[] passcode);
}
