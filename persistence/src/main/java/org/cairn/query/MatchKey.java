package org.cairn.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.cairn.dicom.DataElement;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.Vr;

/**
 * One matching key of a C-FIND identifier and how it matches (PS3.4 C.2.2.2): single value, wildcard, range,
 * list of UIDs, or sequence. Universal keys are not made into match keys: they only ask for a value. Matching a
 * candidate is pure; {@link ViewQuery} turns the same keys into SQL that narrows the candidates first.
 *
 * @param values the query's values: one for single value and wildcard matching, several for a list (matching any)
 * @param low    range start ("" when open), for {@link Kind#RANGE}
 * @param high   range end ("" when open), for {@link Kind#RANGE}
 * @param items  the keys of the query item, for {@link Kind#SEQUENCE}
 */
public record MatchKey(int tag, Vr vr, Kind kind, List<String> values, String low, String high, boolean ignoreCase,
                       boolean fuzzy, List<MatchKey> items) {

    public enum Kind { SINGLE, WILDCARD, RANGE, SEQUENCE }

    private static final Set<Vr> WILDCARD_VRS = Set.of(Vr.AE, Vr.CS, Vr.LO, Vr.LT, Vr.PN, Vr.SH, Vr.ST, Vr.UC,
        Vr.UR, Vr.UT);
    private static final Set<Vr> RANGE_VRS = Set.of(Vr.DA, Vr.TM, Vr.DT);

    /**
     * The key for {@code element} of {@code identifier}, or {@code null} when it is universal (zero length, "*", or
     * an empty sequence item). {@code ignorePnCase}: person names match regardless of case.
     */
    public static MatchKey of(DataSet identifier, DataElement element, boolean ignorePnCase) throws QueryException {
        return of(identifier, element, ignorePnCase, false);
    }

    /** As {@link #of(DataSet, DataElement, boolean)}; {@code fuzzyNames}: person names match by {@link PersonNames#fuzzyForm}. */
    public static MatchKey of(DataSet identifier, DataElement element, boolean ignorePnCase, boolean fuzzyNames)
        throws QueryException {
        Vr vr = identifier.vrOf(element);
        int tag = element.tag();
        if (vr == Vr.SQ) {
            List<DataSet> queryItems = element.items();
            if (queryItems == null || queryItems.isEmpty()) {
                return null;
            }
            if (queryItems.size() > 1) {
                throw new QueryException(0xC000, "a sequence key may hold one item, " + tagName(tag) + " holds "
                    + queryItems.size());
            }
            List<MatchKey> nested = new ArrayList<>();
            for (DataElement e : queryItems.get(0)) {
                MatchKey k = of(queryItems.get(0), e, ignorePnCase, fuzzyNames);
                if (k != null) {
                    nested.add(k);
                }
            }
            return nested.isEmpty() ? null : new MatchKey(tag, vr, Kind.SEQUENCE, List.of(), "", "", false, false,
                List.copyOf(nested));
        }
        if (vr.isBinary() || element.isFragments()) {
            return null; // binary values are not matched (PS3.4 C.2.2.2): returned only
        }
        List<String> values = identifier.getStrings(tag);
        if (values.isEmpty() || values.size() == 1 && values.get(0).equals("*")) {
            return null;
        }
        boolean ignoreCase = vr == Vr.PN && ignorePnCase;
        boolean fuzzy = vr == Vr.PN && fuzzyNames;
        if (RANGE_VRS.contains(vr) && values.size() == 1 && values.get(0).contains("-")) {
            String v = values.get(0);
            int dash = v.indexOf('-');
            String low = normalizeTemporal(v.substring(0, dash).strip(), vr);
            String high = normalizeTemporal(v.substring(dash + 1).strip(), vr);
            if (low.isEmpty() && high.isEmpty()) {
                return null;
            }
            return new MatchKey(tag, vr, Kind.RANGE, List.of(), low, high, false, false, List.of());
        }
        List<String> normalized = new ArrayList<>();
        boolean wildcard = false;
        for (String v : values) {
            String n = fuzzy ? PersonNames.fuzzyForm(v) : vr == Vr.PN ? PersonNames.matchForm(v, ignoreCase)
                : RANGE_VRS.contains(vr) ? normalizeTemporal(v, vr) : v;
            normalized.add(n);
            wildcard |= WILDCARD_VRS.contains(vr) && (n.indexOf('*') >= 0 || n.indexOf('?') >= 0);
        }
        return new MatchKey(tag, vr, wildcard ? Kind.WILDCARD : Kind.SINGLE, List.copyOf(normalized), "", "", ignoreCase,
            fuzzy, List.of());
    }

    /** Whether {@code candidate} matches this key. */
    public boolean matches(DataSet candidate) {
        if (kind == Kind.SEQUENCE) {
            DataElement e = candidate.get(tag);
            if (e == null || e.items() == null) {
                return false;
            }
            for (DataSet item : e.items()) {
                if (items.stream().allMatch(k -> k.matches(item))) {
                    return true;
                }
            }
            return false;
        }
        List<String> stored = candidate.getStrings(tag);
        for (String s : stored) {
            if (matchesValue(s)) {
                return true;
            }
        }
        return false;
    }

    private boolean matchesValue(String stored) {
        switch (kind) {
            case RANGE -> {
                String v = normalizeTemporal(stored, vr);
                return !v.isEmpty() && (low.isEmpty() || v.compareTo(low) >= 0) && (high.isEmpty()
                    || v.compareTo(upperBound(high, vr)) <= 0);
            }
            case SINGLE, WILDCARD -> {
                List<String> candidates = vr == Vr.PN ? personNameForms(stored) : List.of(
                    RANGE_VRS.contains(vr) ? normalizeTemporal(stored, vr) : stored);
                for (String q : values) {
                    Pattern p = kind == Kind.WILDCARD ? wildcardPattern(q) : null;
                    for (String c : candidates) {
                        if (p != null ? p.matcher(c).matches() : c.equals(q)) {
                            return true;
                        }
                    }
                }
                return false;
            }
            default -> {
                return false;
            }
        }
    }

    /** A stored name is matched as a whole and by each of its component groups. */
    private List<String> personNameForms(String stored) {
        if (fuzzy) {
            List<String> forms = new ArrayList<>();
            forms.add(PersonNames.fuzzyForm(stored));
            for (String group : stored.split("=")) {
                forms.add(PersonNames.fuzzyForm(group));
            }
            return forms;
        }
        List<String> groups = PersonNames.groups(stored, ignoreCase);
        List<String> forms = new ArrayList<>(groups.size() + 1);
        forms.add(String.join("=", groups));
        forms.addAll(groups);
        return forms;
    }

    static Pattern wildcardPattern(String query) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : query.toCharArray()) {
            if (c == '*' || c == '?') {
                if (literal.length() > 0) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    /** Dates without the dots of old ACR-NEMA values, times without colons: so that strings compare in order. */
    static String normalizeTemporal(String value, Vr vr) {
        if (value == null) {
            return "";
        }
        String v = value.strip();
        if (vr == Vr.DA) {
            return v.replace(".", "");
        }
        if (vr == Vr.TM) {
            return v.replace(":", "");
        }
        return v;
    }

    /**
     * The inclusive upper end of a range: "1030" ends at 10:30:59.999999 and "2024" (a datetime year) at the end
     * of 2024, so the bound is completed with the largest value of each missing component.
     */
    static String upperBound(String high, Vr vr) {
        String template = switch (vr) {
            case TM -> "235959.999999";
            case DT -> "99991231235959.999999";
            default -> "";
        };
        if (high.length() >= template.length() || vr == Vr.DT && high.matches(".*[+-].*")) {
            return high;
        }
        return high + template.substring(high.length());
    }

    private static String tagName(int tag) {
        return String.format("(%04X,%04X)", tag >>> 16, tag & 0xFFFF);
    }
}
