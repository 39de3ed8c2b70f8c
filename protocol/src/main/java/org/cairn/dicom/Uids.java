package org.cairn.dicom;

/** The UID syntax of PS3.5 9.1: 1 to 64 characters, dot-separated numeric components without leading zeros. */
public final class Uids {
    private Uids() {
    }

    /** A new UID under the 2.25 root from a random (version 4) UUID: no registered org root needed. */
    public static String random() {
        return fromUuid(java.util.UUID.randomUUID());
    }

    /** The UID of {@code uuid} under the 2.25 root: its 128 bits as one unsigned decimal (PS3.5 B.2), at most 44 chars. */
    public static String fromUuid(java.util.UUID uuid) {
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(16);
        bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return "2.25." + new java.math.BigInteger(1, bytes.array());
    }

    public static boolean isValid(String uid) {
        if (uid == null || uid.isEmpty() || uid.length() > 64) {
            return false;
        }
        int componentStart = 0;
        for (int i = 0; i <= uid.length(); i++) {
            if (i == uid.length() || uid.charAt(i) == '.') {
                int length = i - componentStart;
                if (length == 0 || (length > 1 && uid.charAt(componentStart) == '0')) {
                    return false;
                }
                componentStart = i + 1;
            } else if (uid.charAt(i) < '0' || uid.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
