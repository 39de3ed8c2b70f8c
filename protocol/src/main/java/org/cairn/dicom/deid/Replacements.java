package org.cairn.dicom.deid;

/**
 * Values the caller chooses for attributes the profile would otherwise empty: Patient's Name (0010,0010) and
 * Patient ID (0010,0020), both action Z, which PS3.15 allows to be "a non-zero length value that may be a dummy
 * value". A {@code null} leaves the attribute empty. A given value is put even when the original had none.
 *
 * <p>Values are restricted to the default character repertoire (printable ASCII, no backslash) so they encode the
 * same in every Specific Character Set, and to 64 characters (the LO limit; each PN component group is 64 too).
 *
 * @param patientName a pseudonym in PN form (e.g. "STUDY42^SUBJECT7"), or {@code null}
 * @param patientId   a pseudonymous ID, or {@code null}
 */
public record Replacements(String patientName, String patientId) {

    /** No replacements: Patient's Name and Patient ID become empty. */
    public static final Replacements NONE = new Replacements(null, null);

    private static final int MAX_LENGTH = 64;

    public Replacements {
        check("patient name", patientName);
        check("patient ID", patientId);
    }

    private static void check(String what, String value) {
        if (value == null) {
            return;
        }
        if (value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(what + " longer than " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '\\') {
                throw new IllegalArgumentException(what + " must be printable ASCII without backslash: " + value);
            }
        }
    }
}
