package org.cairn.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Person names as matched: each component group (alphabetic, ideographic, phonetic) without the trailing empty
 * components and spaces that encoders add or drop at will, and upper-cased when matching ignores case. Upper
 * case is taken on the decoded Unicode text, so it works whatever character set the name arrived in.
 */
public final class PersonNames {
    private PersonNames() {
    }

    /** The whole value in match form: its groups, each normalized, joined with '='. */
    public static String matchForm(String name, boolean ignoreCase) {
        return String.join("=", groups(name, ignoreCase));
    }

    /** The value's component groups, normalized; trailing empty groups dropped. */
    public static List<String> groups(String name, boolean ignoreCase) {
        List<String> groups = new ArrayList<>();
        for (String group : name.split("=", -1)) {
            groups.add(normalizeGroup(group, ignoreCase));
        }
        while (groups.size() > 1 && groups.get(groups.size() - 1).isEmpty()) {
            groups.remove(groups.size() - 1);
        }
        return groups;
    }

    /**
     * A name for fuzzy matching (offered by extended negotiation, PS3.4 C.2.2.2.1.1): case and diacritics folded
     * ("Müller" as "MULLER"), and the component separator, spaces, commas, periods and hyphens all one space.
     */
    public static String fuzzyForm(String name) {
        String folded = java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFD)
            .replaceAll("\\p{M}+", "").toUpperCase(Locale.ROOT);
        return folded.replaceAll("[\\^ ,.\\-]+", " ").strip();
    }

    private static String normalizeGroup(String group, boolean ignoreCase) {
        String g = group.strip();
        int end = g.length();
        while (end > 0 && (g.charAt(end - 1) == '^' || g.charAt(end - 1) == ' ')) {
            end--;
        }
        g = g.substring(0, end);
        return ignoreCase ? g.toUpperCase(Locale.ROOT) : g;
    }
}
