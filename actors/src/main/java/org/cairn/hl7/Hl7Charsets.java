package org.cairn.hl7;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The character sets of MSH-18 (HL7 table 0211) as Java charsets. Only byte-oriented charsets that keep ASCII as
 * ASCII are listed: the delimiters are found in the bytes before the text is decoded, which UTF-16 would defeat.
 */
public final class Hl7Charsets {
    /** What a message without MSH-18 is read as (the HL7 default is 7-bit ASCII; Latin-1 is its superset). */
    public static final Charset DEFAULT = StandardCharsets.ISO_8859_1;

    private static final Map<String, String> TABLE_0211 = Map.ofEntries(
        Map.entry("ASCII", "US-ASCII"),
        Map.entry("8859/1", "ISO-8859-1"),
        Map.entry("8859/2", "ISO-8859-2"),
        Map.entry("8859/3", "ISO-8859-3"),
        Map.entry("8859/4", "ISO-8859-4"),
        Map.entry("8859/5", "ISO-8859-5"),
        Map.entry("8859/6", "ISO-8859-6"),
        Map.entry("8859/7", "ISO-8859-7"),
        Map.entry("8859/8", "ISO-8859-8"),
        Map.entry("8859/9", "ISO-8859-9"),
        Map.entry("8859/15", "ISO-8859-15"),
        Map.entry("ISO IR6", "US-ASCII"),
        Map.entry("ISO IR14", "JIS_X0201"),
        Map.entry("ISO IR87", "ISO-2022-JP"),
        Map.entry("ISO IR159", "ISO-2022-JP-2"),
        Map.entry("GB 18030-2000", "GB18030"),
        Map.entry("KS X 1001", "EUC-KR"),
        Map.entry("CNS 11643-1992", "x-EUC-TW"),
        Map.entry("BIG-5", "Big5"),
        // "UNICODE" predates the UTF names; the senders that use it send UTF-8
        Map.entry("UNICODE", "UTF-8"),
        Map.entry("UNICODE UTF-8", "UTF-8"));

    private Hl7Charsets() {
    }

    /**
     * The charset an MSH-18 value names: a table 0211 term, or failing that a Java charset name (some senders write
     * "UTF-8"); empty when it is neither or the charset cannot carry the delimiters as single bytes.
     */
    public static Optional<Charset> forName(String hl7Name) {
        String name = hl7Name.trim();
        if (name.isEmpty()) {
            return Optional.of(DEFAULT);
        }
        String javaName = TABLE_0211.getOrDefault(name.toUpperCase(Locale.ROOT), name);
        try {
            Charset charset = Charset.forName(javaName);
            return isAsciiCompatible(charset) ? Optional.of(charset) : Optional.empty();
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }

    private static boolean isAsciiCompatible(Charset charset) {
        if (!charset.canEncode()) {
            return false;
        }
        byte[] bytes = "MSH|^~\\&".getBytes(charset);
        return new String(bytes, StandardCharsets.US_ASCII).equals("MSH|^~\\&");
    }
}
