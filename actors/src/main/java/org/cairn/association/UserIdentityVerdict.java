package org.cairn.association;

import java.util.Set;

/** What came of the User Identity sub-item of an A-ASSOCIATE-RQ: the input of the negotiation's identity rule. */
public sealed interface UserIdentityVerdict {

    /** The requestor named no user. */
    record Absent() implements UserIdentityVerdict {
    }

    /** The user is who it claims: its roles may add permissions ({@link RolePermissions}). */
    record Verified(String username, Set<String> roles) implements UserIdentityVerdict {
        public Verified {
            roles = Set.copyOf(roles);
        }
    }

    /**
     * The identity was not accepted: wrong passcode, unknown user, a type Cairn does not verify, or no answer in
     * time. {@code why} is for the log and never holds the passcode.
     */
    record NotVerified(String username, String why) implements UserIdentityVerdict {
    }
}
