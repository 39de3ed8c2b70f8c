package org.cairn.http.wado;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One entry of an Accept header (RFC 9110 12.5.1) or of a DICOMweb {@code accept} / WADO-URI {@code contentType}
 * parameter: a type, a subtype (either may be "*"), parameters with names in lower case and quotes removed, and a
 * quality. Parsed here rather than by Pekko so that DICOM's parameters ({@code type}, {@code transfer-syntax})
 * reach the negotiation exactly as sent.
 */
record MediaRange(String type, String subtype, Map<String, String> parameters, double quality) {

    /** "type/subtype", lower case. */
    String essence() {
        return type + "/" + subtype;
    }

    String parameter(String name) {
        return parameters.get(name);
    }

    boolean isWildcard() {
        return type.equals("*");
    }

    /** Whether this range admits the concrete media type {@code essence} ("image/jpeg"). */
    boolean admits(String essence) {
        int slash = essence.indexOf('/');
        return type.equals("*") || (type.equals(essence.substring(0, slash))
            && (subtype.equals("*") || subtype.equals(essence.substring(slash + 1))));
    }

    /**
     * The ranges of a header value, highest quality first (ties in the order sent), without those of quality 0.
     * An empty or missing value gives no ranges: the caller's default applies.
     *
     * @throws WadoException (400) for a range that is not type/subtype
     */
    static List<MediaRange> parseList(String value) {
        List<MediaRange> ranges = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return ranges;
        }
        for (String item : split(value, ',')) {
            if (item.isBlank()) {
                continue;
            }
            MediaRange range = parse(item);
            if (range.quality() > 0) {
                ranges.add(range);
            }
        }
        ranges.sort(Comparator.comparingDouble(MediaRange::quality).reversed());
        return ranges;
    }

    static MediaRange parse(String item) {
        List<String> pieces = split(item, ';');
        String essence = pieces.get(0).trim().toLowerCase(Locale.ROOT);
        int slash = essence.indexOf('/');
        if (slash <= 0 || slash == essence.length() - 1 || essence.indexOf('/', slash + 1) >= 0) {
            throw WadoException.badRequest("not a media type: \"" + item.trim() + "\"");
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        double quality = 1;
        for (int i = 1; i < pieces.size(); i++) {
            String p = pieces.get(i).trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw WadoException.badRequest("not a media type parameter: \"" + p + "\"");
            }
            String name = p.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String v = unquote(p.substring(eq + 1).trim());
            if (name.equals("q")) {
                try {
                    quality = Double.parseDouble(v);
                } catch (NumberFormatException e) {
                    throw WadoException.badRequest("not a quality value: q=" + v);
                }
            } else {
                parameters.put(name, name.equals("type") ? v.toLowerCase(Locale.ROOT) : v);
            }
        }
        return new MediaRange(essence.substring(0, slash), essence.substring(slash + 1), Map.copyOf(parameters),
            quality);
    }

    /** Splits on {@code separator} outside double quotes. */
    private static List<String> split(String s, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\\' && quoted && i + 1 < s.length()) {
                current.append(c).append(s.charAt(++i));
                continue;
            }
            if (c == separator && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            return v.substring(1, v.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return v;
    }
}
