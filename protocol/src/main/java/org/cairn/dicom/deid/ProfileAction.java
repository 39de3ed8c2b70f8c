package org.cairn.dicom.deid;

/**
 * The action codes of PS3.15 Annex E, Table E.1-1, as the table writes them.
 *
 * <p>The compound codes (Z/D, X/Z, X/D, X/Z/D, X/Z/U*) let a de-identifier choose by the attribute's Type in the
 * IOD at hand. Cairn does not know the IOD's module tables, so {@link #resolved()} takes the alternative that
 * keeps every IOD conformant whatever the Type: a dummy value satisfies Type 1, 2 and 3; an empty value
 * satisfies Type 2 and 3; a kept sequence whose instance UIDs are replaced satisfies the U* case. None of these
 * alternatives leaks the original value.
 */
public enum ProfileAction {
    /** Replace with a non-zero length dummy value consistent with the VR. */
    D("D"),
    /** Replace with a zero length value. */
    Z("Z"),
    /** Remove. */
    X("X"),
    /** Keep (a kept sequence still has the profile applied to its items). */
    K("K"),
    /** Clean: replace with values of similar meaning known not to identify; for sequences, apply the profile to the items. */
    C("C"),
    /** Replace with a UID that is consistent within the set of instances being de-identified. */
    U("U"),
    /** Z unless D is required (Type 2 versus Type 1). */
    Z_D("Z/D"),
    /** X unless Z is required (Type 3 versus Type 2). */
    X_Z("X/Z"),
    /** X unless D is required (Type 3 versus Type 1). */
    X_D("X/D"),
    /** X unless Z or D is required (Type 3 versus Type 2 versus Type 1). */
    X_Z_D("X/Z/D"),
    /** X unless Z or replacement of the contained instance UIDs is required (sequences of UID references). */
    X_Z_U("X/Z/U*");

    private final String code;

    ProfileAction(String code) {
        this.code = code;
    }

    /** The code as Table E.1-1 writes it, e.g. "X/Z/U*". */
    public String code() {
        return code;
    }

    /** The action for a code of Table E.1-1. */
    public static ProfileAction of(String code) {
        for (ProfileAction action : values()) {
            if (action.code.equals(code)) {
                return action;
            }
        }
        throw new IllegalArgumentException("not an action code of PS3.15 Table E.1-1: " + code);
    }

    /**
     * The simple action Cairn performs for this one: itself for D, Z, X, K, C and U; D for Z/D, X/D and X/Z/D;
     * Z for X/Z; K for X/Z/U* (the sequence stays, and the rows of its contents replace the instance UIDs in it).
     */
    public ProfileAction resolved() {
        return switch (this) {
            case Z_D, X_D, X_Z_D -> D;
            case X_Z -> Z;
            case X_Z_U -> K;
            default -> this;
        };
    }
}
