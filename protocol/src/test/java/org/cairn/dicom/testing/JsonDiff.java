package org.cairn.dicom.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Structural comparison of two DICOM JSON trees that reports every difference with its path. Numbers are
 * equal when they are the same double (pydicom turns DS into Python floats), everything else exactly.
 */
public final class JsonDiff {
    private JsonDiff() {
    }

    public static List<String> diff(JsonNode expected, JsonNode actual) {
        List<String> out = new ArrayList<>();
        diff("", expected, actual, out);
        return out;
    }

    private static void diff(String path, JsonNode e, JsonNode a, List<String> out) {
        if (e == null || a == null) {
            if (e != a) {
                out.add(path + ": expected " + e + " but was " + a);
            }
            return;
        }
        if (e.isNumber() && a.isNumber()) {
            if (e.asDouble() != a.asDouble()) {
                out.add(path + ": expected " + e + " but was " + a);
            }
            return;
        }
        if (e.isObject() && a.isObject()) {
            TreeSet<String> keys = new TreeSet<>();
            e.fieldNames().forEachRemaining(keys::add);
            a.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                if (!e.has(k)) {
                    out.add(path + "/" + k + ": unexpected " + abbreviate(a.get(k)));
                } else if (!a.has(k)) {
                    out.add(path + "/" + k + ": missing " + abbreviate(e.get(k)));
                } else {
                    diff(path + "/" + k, e.get(k), a.get(k), out);
                }
            }
            return;
        }
        if (e.isArray() && a.isArray()) {
            if (e.size() != a.size()) {
                out.add(path + ": expected " + e.size() + " values " + abbreviate(e) + " but was " + a.size() + " "
                    + abbreviate(a));
                return;
            }
            for (int i = 0; i < e.size(); i++) {
                diff(path + "[" + i + "]", e.get(i), a.get(i), out);
            }
            return;
        }
        if (!e.equals(a)) {
            out.add(path + ": expected " + abbreviate(e) + " but was " + abbreviate(a));
        }
    }

    private static String abbreviate(JsonNode n) {
        String s = String.valueOf(n);
        return s.length() > 160 ? s.substring(0, 160) + "…" : s;
    }

    /** Unused-key helper for callers that want the entries in order. */
    static Iterator<Map.Entry<String, JsonNode>> fields(JsonNode n) {
        return n.fields();
    }
}
