package org.cairn.hl7;

import java.util.Map;
import java.util.TreeMap;

/** Builds test segments by field position, so that a test states "OBR-18 is ACC001" instead of counting bars. */
final class Hl7Text {
    private Hl7Text() {
    }

    /** A segment (not MSH) from alternating field positions and values: {@code segment("PID", 3, "P1", 8, "F")}. */
    static String segment(String id, Object... positionsAndValues) {
        Map<Integer, String> fields = new TreeMap<>();
        for (int i = 0; i < positionsAndValues.length; i += 2) {
            fields.put((Integer) positionsAndValues[i], (String) positionsAndValues[i + 1]);
        }
        int last = fields.isEmpty() ? 0 : ((TreeMap<Integer, String>) fields).lastKey();
        StringBuilder out = new StringBuilder(id);
        for (int f = 1; f <= last; f++) {
            out.append('|').append(fields.getOrDefault(f, ""));
        }
        return out.toString();
    }

    /** An MSH from sender RIS/HOSP to CAIRN/RAD with this type, control id, version and charset (MSH-18, or ""). */
    static String msh(String type, String controlId, String version, String charset) {
        return "MSH|^~\\&|RIS|HOSP|CAIRN|RAD|20240305101500||" + type + "|" + controlId + "|P|" + version
            + (charset.isEmpty() ? "" : "||||||" + charset);
    }

    /** Segments joined with CR, as the standard terminates them. */
    static String message(String... segments) {
        return String.join("\r", segments) + "\r";
    }
}
