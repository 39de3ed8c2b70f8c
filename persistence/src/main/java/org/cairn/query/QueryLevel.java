package org.cairn.query;

import java.util.Locale;

/** Query/Retrieve levels (PS3.4 C.6), from the top of the hierarchy down. */
public enum QueryLevel {
    PATIENT, STUDY, SERIES, IMAGE;

    /** The level named by Query/Retrieve Level (0008,0052); {@code null} when the value is not one. */
    public static QueryLevel of(String value) {
        if (value == null) {
            return null;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            return null;
        }
    }

    public boolean isAbove(QueryLevel other) {
        return ordinal() < other.ordinal();
    }
}
