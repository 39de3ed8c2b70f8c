package org.cairn.dicom;

/** The UID syntax of PS3.5 9.1: 1 to 64 characters, dot-separated numeric components without leading zeros. */
public final class Uids {
    private Uids() {
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
