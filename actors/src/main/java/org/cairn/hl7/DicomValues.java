package org.cairn.hl7;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HL7 data type values turned into the DICOM values a worklist hands out: names (XPN, XCN) into PN, time stamps (TS,
 * DTM) into DA and TM, and the coded values of PID-8 and the quantity/timing priority. Pure functions; a null result
 * means "absent", never "wrong" (the callers decide what is required).
 */
final class DicomValues {
    /** DTM: YYYYMMDD, then optionally HHMM, SS and a fraction; a time zone offset after it is dropped. */
    private static final Pattern DATE_TIME =
        Pattern.compile("(\\d{8})(\\d{4}(?:\\d{2}(?:\\.\\d{1,6})?)?)?(?:[+-]\\d{4})?");

    private DicomValues() {
    }

    /** A trimmed value, or null for an empty one and for HL7's explicit null {@code ""}. */
    static String text(String value) {
        if (value == null) {
            return null;
        }
        String trimmed = singleLine(value).trim();
        return trimmed.isEmpty() || trimmed.equals("\"\"") ? null : trimmed;
    }

    /** Line breaks and tabs (from {@code \.br\} or hex escapes) become spaces: DICOM's short strings have none. */
    static String singleLine(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            out.append(Character.isISOControl(c) ? ' ' : c);
        }
        return out.toString();
    }

    /**
     * A DICOM PN component group from a name's parts in HL7 order (family, given, middle, suffix, prefix). DICOM orders
     * them family^given^middle^prefix^suffix, so the last two swap; trailing empty components are left out.
     */
    static String personName(String family, String given, String middle, String suffix, String prefix) {
        String[] dicom = {component(family), component(given), component(middle), component(prefix),
            component(suffix)};
        int last = dicom.length - 1;
        while (last >= 0 && dicom[last].isEmpty()) {
            last--;
        }
        if (last < 0) {
            return null;
        }
        return String.join("^", java.util.Arrays.copyOf(dicom, last + 1));
    }

    /** PN delimiters inside a component (a sender's escaped ^, say) would shift the components: spaces instead. */
    private static String component(String value) {
        String text = text(value);
        if (text == null) {
            return "";
        }
        return text.replace('^', ' ').replace('=', ' ').replace('\\', ' ').trim();
    }

    /**
     * Joins DICOM PN component groups (alphabetic, ideographic, phonetic) with '=', leaving out trailing empty ones;
     * null when all are empty.
     */
    static String componentGroups(String alphabetic, String ideographic, String phonetic) {
        if (phonetic != null) {
            return nullToEmpty(alphabetic) + "=" + nullToEmpty(ideographic) + "=" + phonetic;
        }
        if (ideographic != null) {
            return nullToEmpty(alphabetic) + "=" + ideographic;
        }
        return alphabetic;
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    /** Whether an HL7 time stamp can be read (see {@link #date} and {@link #time}). */
    static boolean isDateTime(String value) {
        return DATE_TIME.matcher(value.trim()).matches();
    }

    /** The DA part (YYYYMMDD) of an HL7 time stamp, or null when it does not read as one. */
    static String date(String value) {
        Matcher m = DATE_TIME.matcher(value.trim());
        return m.matches() ? m.group(1) : null;
    }

    /** The TM part (HHMM[SS[.F]]) of an HL7 time stamp, or null when it has none; the zone offset is dropped. */
    static String time(String value) {
        Matcher m = DATE_TIME.matcher(value.trim());
        return m.matches() ? m.group(2) : null;
    }

    /** Patient's Birth Date from PID-7: its first eight characters, when they are digits. */
    static String birthDate(String value) {
        String text = text(value);
        if (text == null || text.length() < 8) {
            return null;
        }
        String date = text.substring(0, 8);
        return date.chars().allMatch(c -> c >= '0' && c <= '9') ? date : null;
    }

    /** Patient's Sex from PID-8 (table 0001): M, F and O carry over; U, A, N and anything else are unknown. */
    static String sex(String value) {
        String text = text(value);
        if (text == null) {
            return null;
        }
        return switch (text) {
            case "M", "F", "O" -> text;
            default -> null;
        };
    }

    /** Requested Procedure Priority from a quantity/timing priority (table 0027): S stat, A as soon as possible, R. */
    static String priority(String value) {
        String text = text(value);
        if (text == null) {
            return null;
        }
        return switch (text) {
            case "S" -> "STAT";
            case "A" -> "HIGH";
            case "R" -> "ROUTINE";
            default -> null;
        };
    }
}
