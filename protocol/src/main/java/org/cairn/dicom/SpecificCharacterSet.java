package org.cairn.dicom;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The character repertoire named by Specific Character Set (0008,0005), PS3.3 C.12.1.1.2, with the decoding and
 * encoding rules of PS3.5 section 6.1: single-byte sets without code extensions, the stand-alone multi-byte sets
 * (UTF-8, GB18030, GBK) and the ISO 2022 code extensions with escape sequences (Japanese, Korean, Chinese and the
 * ISO 8859 supplementary sets).
 *
 * <p>Instances are immutable and thread-safe; {@link #of} hands out shared instances for term lists it has seen.
 *
 * <p>Only values of the character-set-sensitive VRs (SH, LO, PN, LT, ST, UT, UC) use the declared repertoire; values
 * of every other VR are read and written with {@link #DEFAULT}, because the standard restricts them to the default
 * repertoire whatever (0008,0005) says.
 *
 * <p>Neither direction touches padding: trailing spaces or NULs are returned by {@link #decode} as found, and
 * {@link #encode} never pads to even length.
 */
public final class SpecificCharacterSet {

    private static final byte ESC = 0x1B;
    private static final char REPLACEMENT = '\uFFFD';

    /** A G0 or G1 code element (PS3.5 6.1.2.5) and the escape sequence that designates it. */
    private enum Element {
        // PS3.3 Table C.12-3 (single-byte with code extensions)
        ASCII(true, 1, "(B", null),
        /** ISO-IR 14, JIS X 0201 romaji; read like ASCII (see SpecificCharacterSet.decode for why). */
        JIS_X0201_ROMAN(true, 1, "(J", null),
        LATIN1(false, 1, "-A", "ISO-8859-1"),
        LATIN2(false, 1, "-B", "ISO-8859-2"),
        LATIN3(false, 1, "-C", "ISO-8859-3"),
        LATIN4(false, 1, "-D", "ISO-8859-4"),
        CYRILLIC(false, 1, "-L", "ISO-8859-5"),
        ARABIC(false, 1, "-G", "ISO-8859-6"),
        GREEK(false, 1, "-F", "ISO-8859-7"),
        HEBREW(false, 1, "-H", "ISO-8859-8"),
        LATIN5(false, 1, "-M", "ISO-8859-9"),
        THAI(false, 1, "-T", "TIS-620"),
        LATIN9(false, 1, "-b", "ISO-8859-15"),
        /** ISO-IR 13, JIS X 0201 half-width katakana. */
        JIS_X0201_KATAKANA(false, 1, ")I", "Shift_JIS"),
        // PS3.3 Table C.12-4 (multi-byte with code extensions). The 94x94 sets are read through the EUC form of
        // their national encoding because OpenJDK has no stand-alone JIS X 0212 charset, and EUC covers both.
        JIS_X0208(true, 2, "$B", "EUC-JP"),
        JIS_X0212(true, 2, "$(D", "EUC-JP"),
        KS_X1001(false, 2, "$)C", "EUC-KR"),
        GB2312(false, 2, "$)A", "GB2312");

        final boolean g0;
        final boolean twoByte;
        final byte[] escape;
        final String charsetName;
        /** Single-byte G1 sets: the characters of bytes 0x80..0xFF. */
        private final char[] high;
        /** Two-byte sets: characters of rows and cells 0x21..0x7E, built on first use; 0 = unmapped. */
        private volatile char[] pairs;
        /** Two-byte sets: row << 8 | cell for each BMP character, built on first use for encoding; 0 = none. */
        private volatile char[] reverse;

        Element(boolean g0, int bytesPerChar, String designation, String charsetName) {
            this.g0 = g0;
            this.twoByte = bytesPerChar == 2;
            this.escape = ("\u001B" + designation).getBytes(StandardCharsets.US_ASCII);
            this.charsetName = charsetName;
            this.high = !g0 && !twoByte ? highHalf(charsetName) : null;
        }

        private static char[] highHalf(String charsetName) {
            char[] table = new char[128];
            Charset cs = charsetOrNull(charsetName);
            for (int b = 0x80; b <= 0xFF; b++) {
                String s = cs == null ? "" : new String(new byte[] {(byte) b}, cs);
                table[b - 0x80] = s.length() == 1 ? s.charAt(0) : REPLACEMENT;
            }
            if ("TIS-620".equals(charsetName)) {
                // OpenJDK's TIS-620 rejects the C1 range; keep those bytes as the C1 controls every other ISO 8859
                // table (and pydicom's Thai codec) yields, so nothing turns into U+FFFD.
                for (int b = 0x80; b < 0xA0; b++) {
                    table[b - 0x80] = (char) b;
                }
            }
            return table;
        }

        char decodeHigh(int b) {
            return high[b - 0x80];
        }

        char decodePair(int row, int cell) {
            char c = pairTable()[(row - 0x21) * 94 + (cell - 0x21)];
            return c == 0 ? REPLACEMENT : c;
        }

        /**
         * The code for {@code cp} in this element: a byte value for single-byte elements, row << 8 | cell (7-bit)
         * for two-byte ones; -1 if this element cannot represent it.
         */
        int encode(int cp) {
            if (g0 && !twoByte) {
                return cp < 0x80 ? cp : -1;
            }
            if (cp < 0x80 || cp > 0xFFFF) {
                return -1;
            }
            if (twoByte) {
                char code = reverseTable()[cp];
                return code == 0 ? -1 : code;
            }
            // G1 graphic characters live in 0xA0..0xFF; 0x80..0x9F are C1 controls, not part of the set.
            for (int b = 0xA0; b <= 0xFF; b++) {
                if (high[b - 0x80] == cp) {
                    return b;
                }
            }
            return -1;
        }

        private char[] pairTable() {
            char[] table = pairs;
            if (table == null) {
                table = buildPairTable();
                pairs = table;
            }
            return table;
        }

        private char[] buildPairTable() {
            char[] table = new char[94 * 94];
            Charset cs = charsetOrNull(charsetName);
            if (cs == null) {
                return table;
            }
            CharsetDecoder decoder = cs.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE);
            byte[] buf = this == JIS_X0212 ? new byte[] {(byte) 0x8F, 0, 0} : new byte[2];
            int at = buf.length - 2;
            for (int row = 0x21; row <= 0x7E; row++) {
                for (int cell = 0x21; cell <= 0x7E; cell++) {
                    buf[at] = (byte) (row | 0x80);
                    buf[at + 1] = (byte) (cell | 0x80);
                    CharBuffer out;
                    try {
                        out = decoder.decode(ByteBuffer.wrap(buf));
                    } catch (CharacterCodingException e) {
                        continue;
                    }
                    if (out.length() == 1 && out.charAt(0) != REPLACEMENT) {
                        table[(row - 0x21) * 94 + (cell - 0x21)] = out.charAt(0);
                    }
                }
            }
            // OpenJDK and Python (hence pydicom) disagree on two cells; follow the Unicode consortium's JIS tables
            // as Python does, so that both implementations read the same text.
            if (this == JIS_X0208) {
                table[(0x21 - 0x21) * 94 + (0x3D - 0x21)] = '\u2015';
            } else if (this == JIS_X0212) {
                table[(0x22 - 0x21) * 94 + (0x37 - 0x21)] = '~';
            }
            return table;
        }

        private char[] reverseTable() {
            char[] table = reverse;
            if (table == null) {
                table = new char[0x10000];
                char[] forward = pairTable();
                for (int i = 0; i < forward.length; i++) {
                    char c = forward[i];
                    if (c != 0 && table[c] == 0) {
                        table[c] = (char) ((0x21 + i / 94) << 8 | (0x21 + i % 94));
                    }
                }
                // The characters the patched cells had in OpenJDK still deserve an encoding.
                if (this == JIS_X0208) {
                    table['\u2014'] = 0x213D;
                } else if (this == JIS_X0212) {
                    table['\uFF5E'] = 0x2237;
                }
                reverse = table;
            }
            return table;
        }
    }

    /** How a whole value is decoded when no escape sequence can occur in it (or none does). */
    private abstract static class Plain {
        abstract String decode(byte[] bytes, int offset, int length);

        abstract byte[] encode(String value);

        static Plain of(String charsetName) {
            Charset cs = charsetOrNull(charsetName);
            return new CharsetPlain(cs == null ? StandardCharsets.ISO_8859_1 : cs);
        }
    }

    private static final class CharsetPlain extends Plain {
        private final Charset charset;

        CharsetPlain(Charset charset) {
            this.charset = charset;
        }

        @Override
        String decode(byte[] bytes, int offset, int length) {
            return new String(bytes, offset, length, charset);
        }

        @Override
        byte[] encode(String value) {
            return value.getBytes(charset);
        }
    }

    /** ASCII in 0x00..0x7F plus a single-byte element's table for 0x80..0xFF. */
    private static final class TablePlain extends Plain {
        private final Element element;

        TablePlain(Element element) {
            this.element = element;
        }

        @Override
        String decode(byte[] bytes, int offset, int length) {
            char[] out = new char[length];
            for (int i = 0; i < length; i++) {
                int b = bytes[offset + i] & 0xFF;
                out[i] = b < 0x80 ? (char) b : element.decodeHigh(b);
            }
            return new String(out);
        }

        @Override
        byte[] encode(String value) {
            byte[] out = new byte[value.length()];
            int n = 0;
            for (int i = 0; i < value.length(); ) {
                int cp = value.codePointAt(i);
                i += Character.charCount(cp);
                int b = cp < 0x80 ? cp : element.encode(cp);
                out[n++] = (byte) (b < 0 ? '?' : b);
            }
            return Arrays.copyOf(out, n);
        }
    }

    /**
     * ISO_IR 13: JIS X 0201. Read as Shift_JIS, which is JIS X 0201 for single bytes and also recovers the Shift_JIS
     * kanji that many Japanese devices write under this term; that is what pydicom does. Written strictly: only
     * ASCII and half-width katakana.
     */
    private static final class JisX0201Plain extends Plain {
        private final Plain reader = Plain.of("Shift_JIS");

        @Override
        String decode(byte[] bytes, int offset, int length) {
            return reader.decode(bytes, offset, length);
        }

        @Override
        byte[] encode(String value) {
            byte[] out = new byte[value.length()];
            int n = 0;
            for (int i = 0; i < value.length(); ) {
                int cp = value.codePointAt(i);
                i += Character.charCount(cp);
                int b = cp < 0x80 ? cp : Element.JIS_X0201_KATAKANA.encode(cp);
                out[n++] = (byte) (b < 0 ? '?' : b);
            }
            return Arrays.copyOf(out, n);
        }
    }

    /**
     * What one Defined Term designates: its G0 and G1 code elements (either may be null), how a value is read when
     * this term is value 1 and no escape occurs, and whether the term belongs to the code-extension family.
     */
    private record Term(Element g0, Element g1, Plain plain, boolean iso2022, boolean standAlone) {
    }

    private static final Plain LATIN1_PLAIN = new CharsetPlain(StandardCharsets.ISO_8859_1);
    private static final Term DEFAULT_TERM = new Term(Element.ASCII, null, LATIN1_PLAIN, false, false);
    private static final Map<String, Term> TERMS = new HashMap<>();
    private static final Map<String, Element> ESCAPES = new HashMap<>();

    static {
        TERMS.put("", DEFAULT_TERM);
        TERMS.put(normalize("ISO_IR 6"), DEFAULT_TERM);
        TERMS.put(normalize("ISO 2022 IR 6"), new Term(Element.ASCII, null, LATIN1_PLAIN, true, false));
        Object[][] singleByte = {
            {"100", Element.LATIN1}, {"101", Element.LATIN2}, {"109", Element.LATIN3}, {"110", Element.LATIN4},
            {"144", Element.CYRILLIC}, {"127", Element.ARABIC}, {"126", Element.GREEK}, {"138", Element.HEBREW},
            {"148", Element.LATIN5}, {"166", Element.THAI}, {"203", Element.LATIN9},
        };
        for (Object[] entry : singleByte) {
            Element g1 = (Element) entry[1];
            Plain plain = g1 == Element.THAI ? new TablePlain(g1) : Plain.of(g1.charsetName);
            TERMS.put(normalize("ISO_IR " + entry[0]), new Term(Element.ASCII, g1, plain, false, false));
            TERMS.put(normalize("ISO 2022 IR " + entry[0]), new Term(Element.ASCII, g1, plain, true, false));
        }
        Plain jisX0201 = new JisX0201Plain();
        TERMS.put(normalize("ISO_IR 13"),
                new Term(Element.JIS_X0201_ROMAN, Element.JIS_X0201_KATAKANA, jisX0201, false, false));
        TERMS.put(normalize("ISO 2022 IR 13"),
                new Term(Element.JIS_X0201_ROMAN, Element.JIS_X0201_KATAKANA, jisX0201, true, false));
        TERMS.put(normalize("ISO 2022 IR 87"), new Term(Element.JIS_X0208, null, LATIN1_PLAIN, true, false));
        TERMS.put(normalize("ISO 2022 IR 159"), new Term(Element.JIS_X0212, null, LATIN1_PLAIN, true, false));
        TERMS.put(normalize("ISO 2022 IR 149"),
                new Term(null, Element.KS_X1001, Plain.of(Element.KS_X1001.charsetName), true, false));
        TERMS.put(normalize("ISO 2022 IR 58"),
                new Term(null, Element.GB2312, Plain.of(Element.GB2312.charsetName), true, false));
        TERMS.put(normalize("ISO_IR 192"), new Term(null, null, new CharsetPlain(StandardCharsets.UTF_8), false, true));
        TERMS.put(normalize("GB18030"), new Term(null, null, Plain.of("GB18030"), false, true));
        TERMS.put(normalize("GBK"), new Term(null, null, Plain.of("GBK"), false, true));

        for (Element e : Element.values()) {
            ESCAPES.put(new String(e.escape, 1, e.escape.length - 1, StandardCharsets.ISO_8859_1), e);
        }
        // Other designations of JIS X 0208 that ISO 2022 allows (the 1978 edition and the explicit "(" form).
        ESCAPES.put("$@", Element.JIS_X0208);
        ESCAPES.put("$(@", Element.JIS_X0208);
        ESCAPES.put("$(B", Element.JIS_X0208);
    }

    /** Specific Character Set absent or empty: ISO-IR 6, with bytes 0x80..0xFF read as ISO-8859-1 so nothing is lost. */
    public static final SpecificCharacterSet DEFAULT = new SpecificCharacterSet(List.of());

    /** Bounded so that a stream of garbage (0008,0005) values cannot grow the cache without limit. */
    private static final int CACHE_LIMIT = 128;
    private static final Map<List<String>, SpecificCharacterSet> CACHE = new ConcurrentHashMap<>();

    private final List<String> terms;
    private final boolean iso2022;
    /** Decodes values that contain no escape sequence (all values when not ISO 2022). */
    private final Plain plain;
    private final Element initialG0;
    private final Element initialG1;
    /** Code elements in the order the encoder tries them: the initial G0 first, then in Defined Term order. */
    private final Element[] candidates;

    private SpecificCharacterSet(List<String> terms) {
        this.terms = terms;
        Term[] resolved = new Term[Math.max(1, terms.size())];
        for (int i = 0; i < resolved.length; i++) {
            Term t = i < terms.size() ? TERMS.get(normalize(terms.get(i))) : null;
            resolved[i] = t == null ? DEFAULT_TERM : t;
        }
        Term first = resolved[0];
        this.plain = first.plain();
        if (first.standAlone()) {
            // PS3.5 6.1.2.5.4 d: these terms allow no code extensions, so any further values are meaningless.
            this.iso2022 = false;
            this.initialG0 = null;
            this.initialG1 = null;
            this.candidates = new Element[0];
            return;
        }
        boolean extensions = resolved.length > 1;
        for (Term t : resolved) {
            extensions |= t.iso2022();
        }
        this.iso2022 = extensions;
        // A two-byte G0 as value 1 would leave no way to see delimiters in a value, so values start in ASCII then.
        this.initialG0 = first.g0() != null && !first.g0().twoByte ? first.g0() : Element.ASCII;
        this.initialG1 = first.g1();
        List<Element> order = new ArrayList<>();
        order.add(initialG0);
        for (Term t : resolved) {
            if (t.standAlone()) {
                continue;
            }
            for (Element e : new Element[] {t.g0(), t.g1()}) {
                if (e != null && !order.contains(e)) {
                    order.add(e);
                }
            }
        }
        this.candidates = order.toArray(new Element[0]);
    }

    /**
     * The character set for the values of Specific Character Set (0008,0005), in order, for example
     * {@code of("", "ISO 2022 IR 87")} or {@code of("ISO_IR 192")}.
     *
     * <p>Values are trimmed; a value containing a backslash is split, so the raw element text works too. An empty
     * value 1 means ISO-IR 6 (ISO 2022 IR 6 when there are more values). Terms the standard does not define, or
     * that are misplaced (a stand-alone term such as ISO_IR 192 after value 1), stand for the default repertoire
     * in their slot; common misspellings such as {@code ISO-IR 100} or {@code ISO_IR100} are understood. Never
     * throws.
     *
     * @param definedTerms the values of (0008,0005); none, {@code null} or a single empty value give {@link #DEFAULT}
     */
    public static SpecificCharacterSet of(String... definedTerms) {
        if (definedTerms == null || definedTerms.length == 0) {
            return DEFAULT;
        }
        List<String> list = new ArrayList<>(definedTerms.length);
        for (String term : definedTerms) {
            if (term == null) {
                list.add("");
            } else if (term.indexOf('\\') >= 0) {
                for (String part : term.split("\\\\", -1)) {
                    list.add(part.trim());
                }
            } else {
                list.add(term.trim());
            }
        }
        if (list.size() == 1 && list.get(0).isEmpty()) {
            return DEFAULT;
        }
        List<String> key = List.copyOf(list);
        SpecificCharacterSet cached = CACHE.get(key);
        if (cached != null) {
            return cached;
        }
        SpecificCharacterSet created = new SpecificCharacterSet(key);
        if (CACHE.size() < CACHE_LIMIT) {
            SpecificCharacterSet raced = CACHE.putIfAbsent(key, created);
            if (raced != null) {
                return raced;
            }
        }
        return created;
    }

    /**
     * Decodes one element value (all its values, with their delimiters) to text.
     *
     * <p>With ISO 2022 terms, escape sequences switch the G0 or G1 code element; bytes below 0x80 are read in G0 and
     * the others in G1. The active elements return to the initial ones (those of value 1) at every CR, LF, FF and
     * TAB, and, for string VRs, at each value delimiter {@code \}, plus {@code ^} and {@code =} for PN
     * (PS3.5 6.1.2.5.3). Bytes that form a character of a two-byte G0 set are never delimiters (PS3.5 6.1.2.3).
     * Escape sequences are honoured even for sets (0008,0005) does not list, and unknown ones are kept as text,
     * because losing the characters is worse than accepting a sloppy header.
     *
     * <p>JIS X 0201 romaji (ISO-IR 14) is read as ASCII, as pydicom does: its 0x5C must stay the value delimiter
     * whatever glyph it has (PS3.5 6.1.2.3), so it becomes {@code \} rather than a yen sign.
     *
     * @param vr the value's VR; values of VRs that are not {@link Vr#isCharacterSetSensitive() character set
     *     sensitive} are decoded with {@link #DEFAULT}
     * @return the text, padding included; undecodable bytes become U+FFFD
     */
    public String decode(byte[] bytes, int offset, int length, Vr vr) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        if (!vr.isCharacterSetSensitive()) {
            return LATIN1_PLAIN.decode(bytes, offset, length);
        }
        if (iso2022) {
            for (int i = offset, end = offset + length; i < end; i++) {
                if (bytes[i] == ESC) {
                    return decodeIso2022(bytes, offset, length, vr);
                }
            }
        }
        return plain.decode(bytes, offset, length);
    }

    private String decodeIso2022(byte[] bytes, int offset, int length, Vr vr) {
        boolean multiValued = vr.kind() == Vr.Kind.STRING;
        boolean personName = vr == Vr.PN;
        StringBuilder out = new StringBuilder(length);
        Element g0 = initialG0;
        Element g1 = initialG1;
        int end = offset + length;
        int i = offset;
        while (i < end) {
            int b = bytes[i] & 0xFF;
            if (b == ESC) {
                int n = escapeLength(bytes, i, end);
                Element e = n == 0 ? null
                        : ESCAPES.get(new String(bytes, i + 1, n - 1, StandardCharsets.ISO_8859_1));
                if (e == null) {
                    out.append((char) ESC);
                    i++;
                } else {
                    if (e.g0) {
                        g0 = e;
                    } else {
                        g1 = e;
                    }
                    i += n;
                }
            } else if (b < 0x80) {
                if (g0.twoByte && b > 0x20 && b < 0x7F) {
                    int b2 = i + 1 < end ? bytes[i + 1] & 0xFF : -1;
                    if (b2 > 0x20 && b2 < 0x7F) {
                        out.append(g0.decodePair(b, b2));
                        i += 2;
                    } else {
                        out.append(REPLACEMENT);
                        i++;
                    }
                    continue;
                }
                out.append((char) b);
                i++;
                // Delimiters only get here while G0 is single-byte: in a two-byte G0 they were part of a pair.
                if (b == '\r' || b == '\n' || b == '\f' || b == '\t'
                        || multiValued && (b == '\\' || personName && (b == '^' || b == '='))) {
                    g0 = initialG0;
                    g1 = initialG1;
                }
            } else if (g1 == null) {
                // No G1 designated: keep the byte as ISO-8859-1, like DEFAULT does.
                out.append((char) b);
                i++;
            } else if (g1.twoByte) {
                int b2 = i + 1 < end ? bytes[i + 1] & 0xFF : -1;
                if (b >= 0xA1 && b <= 0xFE && b2 >= 0xA1 && b2 <= 0xFE) {
                    out.append(g1.decodePair(b & 0x7F, b2 & 0x7F));
                    i += 2;
                } else {
                    out.append(REPLACEMENT);
                    i++;
                }
            } else {
                out.append(g1.decodeHigh(b));
                i++;
            }
        }
        return out.toString();
    }

    /** Length of the ISO 2022 escape sequence at {@code at} (ESC, intermediates 0x20..0x2F, final), or 0. */
    private static int escapeLength(byte[] bytes, int at, int end) {
        int i = at + 1;
        while (i < end && i - at <= 3 && bytes[i] >= 0x20 && bytes[i] <= 0x2F) {
            i++;
        }
        if (i == at + 1 || i >= end || bytes[i] < 0x30 || bytes[i] > 0x7E) {
            return 0;
        }
        return i + 1 - at;
    }

    /**
     * Encodes text (all values of one element, with their delimiters) in this character set.
     *
     * <p>With ISO 2022 terms each character goes to the first code element, in Defined Term order, that has it;
     * escape sequences are written only where the active element changes, and the initial elements are restored
     * before every delimiter (as listed for {@link #decode}) and at the end of the value, as PS3.5 6.1.2.5.3
     * requires. Characters that no element (or the single charset) can represent become {@code ?}.
     *
     * @param vr the value's VR; values of VRs that are not character set sensitive are encoded with
     *     {@link #DEFAULT}
     * @return the bytes, not padded to even length
     */
    public byte[] encode(String value, Vr vr) {
        if (!vr.isCharacterSetSensitive()) {
            return LATIN1_PLAIN.encode(value);
        }
        if (!iso2022) {
            return plain.encode(value);
        }
        boolean multiValued = vr.kind() == Vr.Kind.STRING;
        boolean personName = vr == Vr.PN;
        ByteSink out = new ByteSink(value.length() + 8);
        Element g0 = initialG0;
        Element g1 = initialG1;
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\r' || cp == '\n' || cp == '\f' || cp == '\t'
                    || multiValued && (cp == '\\' || personName && (cp == '^' || cp == '='))) {
                restoreInitial(out, g0, g1);
                out.write(cp);
                g0 = initialG0;
                g1 = initialG1;
                continue;
            }
            if (cp < 0x80 && !g0.twoByte) {
                // ASCII and JIS X 0201 romaji read the same here, so there is no point switching between them.
                out.write(cp);
                continue;
            }
            Element chosen = null;
            int code = -1;
            for (Element e : candidates) {
                code = e.encode(cp);
                if (code >= 0) {
                    chosen = e;
                    break;
                }
            }
            if (chosen == null) {
                chosen = initialG0;
                code = '?';
            }
            if (chosen.g0) {
                if (g0 != chosen) {
                    out.write(chosen.escape);
                    g0 = chosen;
                }
            } else if (g1 != chosen) {
                out.write(chosen.escape);
                g1 = chosen;
            }
            if (chosen.twoByte) {
                int highBit = chosen.g0 ? 0 : 0x80;
                out.write(code >> 8 | highBit);
                out.write(code & 0xFF | highBit);
            } else {
                out.write(code);
            }
        }
        restoreInitial(out, g0, g1);
        return out.toByteArray();
    }

    private void restoreInitial(ByteSink out, Element g0, Element g1) {
        if (g0 != initialG0) {
            out.write(initialG0.escape);
        }
        // With no initial G1 there is nothing to designate; the reader resets G1 at the delimiter anyway.
        if (g1 != initialG1 && initialG1 != null) {
            out.write(initialG1.escape);
        }
    }

    /**
     * Whether values may contain ISO 2022 escape sequences: (0008,0005) has several values or an
     * {@code ISO 2022 ...} term, and value 1 is not a stand-alone set (ISO_IR 192, GB18030, GBK).
     */
    public boolean isIso2022() {
        return iso2022;
    }

    /** The values of (0008,0005) this instance was made from, trimmed; empty for {@link #DEFAULT}. */
    public List<String> definedTerms() {
        return terms;
    }

    /** Equal when the (trimmed) Defined Terms are equal, in the same order. */
    @Override
    public boolean equals(Object o) {
        return o instanceof SpecificCharacterSet other && terms.equals(other.terms);
    }

    @Override
    public int hashCode() {
        return terms.hashCode();
    }

    @Override
    public String toString() {
        return "SpecificCharacterSet[" + (terms.isEmpty() ? "default" : String.join("\\", terms)) + "]";
    }

    /** Upper case without spaces, underscores or hyphens, so that "ISO-IR 100" and "ISO_IR100" find ISO_IR 100. */
    private static String normalize(String term) {
        StringBuilder sb = new StringBuilder(term.length());
        for (int i = 0; i < term.length(); i++) {
            char c = term.charAt(i);
            if (c != ' ' && c != '_' && c != '-') {
                sb.append(c);
            }
        }
        return sb.toString().toUpperCase(Locale.ROOT);
    }

    /** The JDK's optional charsets live in the jdk.charsets module, which a trimmed runtime may lack. */
    private static Charset charsetOrNull(String name) {
        try {
            return name != null && Charset.isSupported(name) ? Charset.forName(name) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A growable byte array without ByteArrayOutputStream's synchronization and checked-exception noise. */
    private static final class ByteSink {
        private byte[] buf;
        private int size;

        ByteSink(int capacity) {
            buf = new byte[Math.max(16, capacity)];
        }

        void write(int b) {
            if (size == buf.length) {
                buf = Arrays.copyOf(buf, size * 2);
            }
            buf[size++] = (byte) b;
        }

        void write(byte[] bytes) {
            for (byte b : bytes) {
                write(b);
            }
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, size);
        }
    }
}
