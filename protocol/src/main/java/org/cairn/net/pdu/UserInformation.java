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
 * @param userIdentity             sub-item 58H (request), or null
 * @param userIdentityResponse     sub-item 59H (accept): the server response, or null
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
     * User Identity (58H).
     *
     * @param type 1 username, 2 username and passcode, 3 Kerberos, 4 SAML, 5 JSON Web Token
     */
    public record UserIdentity(int type, boolean positiveResponseRequested, byte[] primaryField,
                               byte[] secondaryField) {
    }
}
