package org.cairn.net.pdu;

import java.util.List;

/**
 * The User Information item (50H) and its sub-items (PS3.7 Annex D.3.3, PS3.8 Annex D.1).
 *
 * @param maximumLength            maximum length of P-DATA-TF PDUs the sender can receive; 0 means unlimited
 * @param implementationClassUid   sub-item 52H
 * @param implementationVersionName sub-item 55H, or null
 * @param asyncOperations          sub-item 53H, or null when not negotiated (one outstanding operation)
 * @param roleSelections           sub-items 54H
 * @param extendedNegotiations     sub-items 56H
 * @param commonExtendedNegotiations sub-items 57H
 * @param userIdentity             sub-item 58H, only in an A-ASSOCIATE-RQ; or null
 * @param userIdentityResponse     sub-item 59H, only in an A-ASSOCIATE-AC: the server response (empty for a
 *                                 user name, with or without passcode), or null when none is sent
 */
public record UserInformation(long maximumLength, String implementationClassUid, String implementationVersionName,
                              AsyncOperations asyncOperations, List<RoleSelection> roleSelections,
                              List<ExtendedNegotiation> extendedNegotiations,
                              List<CommonExtendedNegotiation> commonExtendedNegotiations,
                              UserIdentity userIdentity, byte[] userIdentityResponse) {

    /** Only the mandatory sub-items. */
    public static UserInformation of(long maximumLength, String implementationClassUid, String versionName) {
        return new UserInformation(maximumLength, implementationClassUid, versionName, null, List.of(), List.of(),
            List.of(), null, null);
    }

    /** Asynchronous Operations Window (53H): how many operations may be outstanding each way; 0 = unlimited. */
    public record AsyncOperations(int maxInvoked, int maxPerformed) {
    }

    /** SCP/SCU Role Selection (54H). */
    public record RoleSelection(String sopClassUid, boolean scu, boolean scp) {
    }

    /** SOP Class Extended Negotiation (56H): service-class-specific bytes. */
    public record ExtendedNegotiation(String sopClassUid, byte[] applicationInformation) {
    }

    /** SOP Class Common Extended Negotiation (57H). */
    public record CommonExtendedNegotiation(String sopClassUid, String serviceClassUid,
                                            List<String> relatedGeneralSopClassUids) {
    }

    /**
     * User Identity (58H, PS3.7 D.3.3.7.1): who the requestor's user is, and how it proves it.
     *
     * @param type                      one of {@link #USERNAME} to {@link #JSON_WEB_TOKEN}; other values are kept
     *                                  as received, for the acceptor to refuse
     * @param positiveResponseRequested whether the requestor asks for a User Identity (59H) sub-item in the
     *                                  A-ASSOCIATE-AC when its identity is accepted
     * @param primaryField              the user name (UTF-8), or the Kerberos ticket, SAML assertion or JWT
     * @param secondaryField            the passcode for {@link #USERNAME_AND_PASSCODE}; empty for every other type
     */
    public record UserIdentity(int type, boolean positiveResponseRequested, byte[] primaryField,
                               byte[] secondaryField) {
        public static final int USERNAME = 1;
        public static final int USERNAME_AND_PASSCODE = 2;
        public static final int KERBEROS = 3;
        public static final int SAML = 4;
        public static final int JSON_WEB_TOKEN = 5;

        public UserIdentity {
            java.util.Objects.requireNonNull(primaryField, "primaryField");
            secondaryField = secondaryField == null ? new byte[0] : secondaryField;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof UserIdentity u && u.type == type
                && u.positiveResponseRequested == positiveResponseRequested
                && java.util.Arrays.equals(u.primaryField, primaryField)
                && java.util.Arrays.equals(u.secondaryField, secondaryField);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(primaryField) * 31 + type;
        }

        /** Never shows the passcode or a token: this record ends up in logs. */
        @Override
        public String toString() {
            return "UserIdentity[type=" + type + (positiveResponseRequested ? " response requested" : "")
                + (type == USERNAME || type == USERNAME_AND_PASSCODE
                    ? " user=" + new String(primaryField, java.nio.charset.StandardCharsets.UTF_8)
                    : " " + primaryField.length + " bytes")
                + (secondaryField.length > 0 ? " passcode=***" : "") + "]";
        }
    }
}
