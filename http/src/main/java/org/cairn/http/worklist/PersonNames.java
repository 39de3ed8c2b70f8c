package org.cairn.http.worklist;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * FHIR person names as DICOM PN ({@code family^given^middle^prefix^suffix}, PS3.5 6.2). FHIR has no middle name:
 * the first given name is DICOM's given name and any further ones are its middle names. Characters that are PN
 * delimiters ({@code ^ = \}) are replaced by spaces so a name cannot shift into another component.
 */
public final class PersonNames {
    private PersonNames() {
    }

    /** A FHIR {@code HumanName} as PN, or null if it holds no name (falls back on its {@code text}). */
    public static String fromHumanName(JsonNode name) {
        if (name == null || !name.isObject()) {
            return null;
        }
        List<String> given = strings(name.path("given"));
        String pn = pn(text(name.path("family")), given.isEmpty() ? "" : given.get(0),
            String.join(" ", given.subList(Math.min(1, given.size()), given.size())),
            String.join(" ", strings(name.path("prefix"))), String.join(" ", strings(name.path("suffix"))));
        if (pn.isEmpty()) {
            return fromDisplay(text(name.path("text")));
        }
        return pn;
    }

    /**
     * A name written as text ({@code Reference.display}, {@code HumanName.text}) as PN: "Family, Given Middle" when
     * it has a comma, else "Given Middle Family" (the last word is the family name). Null for no name.
     */
    public static String fromDisplay(String display) {
        if (display == null || display.isBlank()) {
            return null;
        }
        int comma = display.indexOf(',');
        if (comma >= 0) {
            List<String> rest = words(display.substring(comma + 1));
            return nullIfEmpty(pn(display.substring(0, comma).trim(), rest.isEmpty() ? "" : rest.get(0),
                String.join(" ", rest.subList(Math.min(1, rest.size()), rest.size())), "", ""));
        }
        List<String> words = words(display);
        if (words.size() == 1) {
            return nullIfEmpty(pn(words.get(0), "", "", "", ""));
        }
        return nullIfEmpty(pn(words.get(words.size() - 1), words.get(0),
            String.join(" ", words.subList(1, words.size() - 1)), "", ""));
    }

    private static String pn(String family, String given, String middle, String prefix, String suffix) {
        String[] parts = {clean(family), clean(given), clean(middle), clean(prefix), clean(suffix)};
        int last = parts.length - 1;
        while (last >= 0 && parts[last].isEmpty()) {
            last--;
        }
        return String.join("^", Arrays.copyOf(parts, last + 1));
    }

    private static String clean(String s) {
        return s == null ? "" : s.replace('^', ' ').replace('=', ' ').replace('\\', ' ').trim();
    }

    private static List<String> words(String s) {
        List<String> words = new ArrayList<>();
        for (String w : s.trim().split("\\s+")) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return words;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array.isArray()) {
            array.forEach(n -> {
                if (n.isTextual() && !n.asText().isBlank()) {
                    out.add(n.asText().trim());
                }
            });
        }
        return out;
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }

    private static String nullIfEmpty(String s) {
        return s.isEmpty() ? null : s;
    }
}
