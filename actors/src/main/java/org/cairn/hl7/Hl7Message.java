package org.cairn.hl7;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed HL7 v2 message: its segments, the separators its MSH declares and the character set MSH-18 names.
 * Parsing checks the envelope only (an MSH with usable separators, a message type and a control id, and segments that
 * look like segments); what the segments mean is for {@link OrderMessages}.
 *
 * <p>Segments end with CR as the standard says; LF and CRLF are accepted too because files and some interface engines
 * use them, and blank lines are skipped.
 */
public final class Hl7Message {
    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final List<Hl7Segment> segments;
    private final Hl7Separators separators;
    private final Charset charset;

    private Hl7Message(List<Hl7Segment> segments, Hl7Separators separators, Charset charset) {
        this.segments = Collections.unmodifiableList(segments);
        this.separators = separators;
        this.charset = charset;
    }

    /**
     * Parses a message as the MLLP layer hands it over. The bytes are first read as Latin-1 to find the MSH (the
     * delimiters and MSH-18 are ASCII in every supported charset), then decoded with the charset MSH-18 names.
     */
    public static Hl7Message parse(byte[] bytes) throws Hl7Exception {
        int start = startsWith(bytes, UTF8_BOM) ? UTF8_BOM.length : 0;
        String latin1 = new String(bytes, start, bytes.length - start, StandardCharsets.ISO_8859_1);
        Charset charset = declaredCharset(latin1);
        String text = charset.equals(StandardCharsets.ISO_8859_1)
            ? latin1 : new String(bytes, start, bytes.length - start, charset);
        return parseText(text, charset);
    }

    /** Parses a message that is already text (MSH-18 then only matters for {@code \X..\} hex escapes). */
    public static Hl7Message parse(String text) throws Hl7Exception {
        return parseText(text, declaredCharset(text));
    }

    /** The charset MSH-18 names, or the default; an MSH problem is left for the full parse to report. */
    private static Charset declaredCharset(String text) throws Hl7Exception {
        List<String> lines = lines(text);
        if (lines.isEmpty() || !lines.get(0).startsWith("MSH")) {
            return Hl7Charsets.DEFAULT;
        }
        Hl7Segment msh;
        try {
            msh = header(lines.get(0), Hl7Charsets.DEFAULT);
        } catch (Hl7Exception broken) {
            return Hl7Charsets.DEFAULT;
        }
        String name = msh.value(18);
        Optional<Charset> charset = Hl7Charsets.forName(name);
        if (charset.isEmpty()) {
            Hl7Message header = new Hl7Message(List.of(msh), separatorsOf(msh), Hl7Charsets.DEFAULT);
            throw new Hl7Exception(Hl7Error.at(Hl7ErrorCode.TABLE_VALUE_NOT_FOUND, "MSH", 1, 18,
                "character set '" + name + "' is not supported"), header);
        }
        return charset.get();
    }

    private static Hl7Message parseText(String text, Charset charset) throws Hl7Exception {
        List<String> lines = lines(text);
        if (lines.isEmpty()) {
            throw new Hl7Exception(Hl7Error.general(Hl7ErrorCode.SEGMENT_SEQUENCE_ERROR, "the message is empty"));
        }
        if (!lines.get(0).startsWith("MSH")) {
            throw new Hl7Exception(Hl7Error.general(Hl7ErrorCode.SEGMENT_SEQUENCE_ERROR,
                "the message does not start with an MSH segment"));
        }
        Hl7Segment msh = header(lines.get(0), charset);
        Hl7Separators separators = separatorsOf(msh);
        Hl7Message headerOnly = new Hl7Message(List.of(msh), separators, charset);
        if (msh.value(9, 1).isEmpty()) {
            throw new Hl7Exception(Hl7Error.at(Hl7ErrorCode.REQUIRED_FIELD_MISSING, "MSH", 1, 9,
                "MSH-9 (message type) is empty"), headerOnly);
        }
        if (msh.value(10).isEmpty()) {
            throw new Hl7Exception(Hl7Error.at(Hl7ErrorCode.REQUIRED_FIELD_MISSING, "MSH", 1, 10,
                "MSH-10 (message control id) is empty"), headerOnly);
        }
        List<Hl7Segment> segments = new ArrayList<>(lines.size());
        segments.add(msh);
        Map<String, Integer> occurrences = new HashMap<>();
        occurrences.put("MSH", 1);
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            int position = i + 1;
            if (!hasSegmentId(line, separators.field())) {
                // the line itself is not quoted: it may well be patient data
                throw new Hl7Exception(Hl7Error.general(Hl7ErrorCode.SEGMENT_SEQUENCE_ERROR, "segment " + position
                    + " does not start with a segment id (three upper-case letters or digits, then '"
                    + separators.field() + "')"), headerOnly);
            }
            String id = line.substring(0, 3);
            if (id.equals("MSH")) {
                throw new Hl7Exception(Hl7Error.at(Hl7ErrorCode.SEGMENT_SEQUENCE_ERROR, "MSH", 2, 0,
                    "segment " + position + " is a second MSH: one message per frame"), headerOnly);
            }
            int occurrence = occurrences.merge(id, 1, Integer::sum);
            segments.add(new Hl7Segment(id, occurrence, split(line, separators.field()), separators, charset));
        }
        return new Hl7Message(segments, separators, charset);
    }

    /** Reads the MSH line: its separators must be usable before anything else can be split. */
    private static Hl7Segment header(String line, Charset charset) throws Hl7Exception {
        if (line.length() < 4) {
            throw new Hl7Exception(Hl7Error.at(Hl7ErrorCode.REQUIRED_FIELD_MISSING, "MSH", 1, 1,
                "MSH has no field separator"));
        }
        char field = line.charAt(3);
        if (!isUsableDelimiter(field)) {
            throw new Hl7Exception(Hl7Error.at(Hl7ErrorCode.DATA_TYPE_ERROR, "MSH", 1, 1,
                "MSH-1 is not a usable field separator"));
        }
        int end = line.indexOf(field, 4);
        String encoding = end < 0 ? line.substring(4) : line.substring(4, end);
        // four characters; a fifth (the truncation character of v2.7) is tolerated and ignored
        if (encoding.length() < 4 || encoding.length() > 5) {
            throw new Hl7Exception(Hl7Error.at(Hl7ErrorCode.DATA_TYPE_ERROR, "MSH", 1, 2,
                "MSH-2 must hold the component, repetition, escape and subcomponent separators"));
        }
        String delimiters = field + encoding;
        for (int i = 0; i < delimiters.length(); i++) {
            char c = delimiters.charAt(i);
            if (!isUsableDelimiter(c) || delimiters.indexOf(c) != i) {
                throw new Hl7Exception(Hl7Error.at(Hl7ErrorCode.DATA_TYPE_ERROR, "MSH", 1, 2,
                    "MSH-2 separators must be distinct punctuation characters"));
            }
        }
        Hl7Separators separators = new Hl7Separators(field, encoding.charAt(0), encoding.charAt(1),
            encoding.charAt(2), encoding.charAt(3));
        String[] parts = split(line, field);
        // MSH-1 is the separator itself, so MSH's fields sit one position later than the split suggests
        String[] fields = new String[parts.length + 1];
        fields[0] = "MSH";
        fields[1] = String.valueOf(field);
        System.arraycopy(parts, 1, fields, 2, parts.length - 1);
        return new Hl7Segment("MSH", 1, fields, separators, charset);
    }

    private static Hl7Separators separatorsOf(Hl7Segment msh) {
        String encoding = msh.raw(2);
        return new Hl7Separators(msh.raw(1).charAt(0), encoding.charAt(0), encoding.charAt(1), encoding.charAt(2),
            encoding.charAt(3));
    }

    private static boolean isUsableDelimiter(char c) {
        return c > ' ' && c < 0x7F && !Character.isLetterOrDigit(c);
    }

    private static boolean hasSegmentId(String line, char fieldSeparator) {
        if (line.length() < 3 || (line.length() > 3 && line.charAt(3) != fieldSeparator)) {
            return false;
        }
        for (int i = 0; i < 3; i++) {
            char c = line.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }

    /** The message's segments: split at CR, LF or CRLF, blank lines dropped, leading blanks ignored. */
    private static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '\r' || text.charAt(i) == '\n') {
                String line = text.substring(start, i);
                if (!line.isBlank()) {
                    lines.add(lines.isEmpty() ? line.stripLeading() : line);
                }
                start = i + 1;
            }
        }
        return lines;
    }

    private static String[] split(String text, char delimiter) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == delimiter) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        return parts.toArray(new String[0]);
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** All segments in order, MSH first. */
    public List<Hl7Segment> segments() {
        return segments;
    }

    /** The first segment with this id. */
    public Optional<Hl7Segment> segment(String id) {
        return segments.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /** Every segment with this id, in order. */
    public List<Hl7Segment> segments(String id) {
        return segments.stream().filter(s -> s.id().equals(id)).toList();
    }

    /** The MSH segment. */
    public Hl7Segment header() {
        return segments.get(0);
    }

    /**
     * A value of the first segment with this id (1-based field, repetition, component and subcomponent, unescaped);
     * "" when the segment or the value is absent.
     */
    public String value(String segmentId, int field, int repetition, int component, int subcomponent) {
        return segment(segmentId).map(s -> s.value(field, repetition, component, subcomponent)).orElse("");
    }

    /** The separators MSH-1 and MSH-2 declare. */
    public Hl7Separators separators() {
        return separators;
    }

    /** The character set the message was decoded with (MSH-18, or Latin-1 when absent). */
    public Charset charset() {
        return charset;
    }

    /** MSH-9.1, e.g. "ORM". */
    public String messageCode() {
        return header().value(9, 1);
    }

    /** MSH-9.2, e.g. "O01". */
    public String triggerEvent() {
        return header().value(9, 2);
    }

    /** MSH-9 as "ORM^O01", for logs and errors. */
    public String messageType() {
        String event = triggerEvent();
        return event.isEmpty() ? messageCode() : messageCode() + "^" + event;
    }

    /** MSH-10, the message control id that MSA-2 echoes. */
    public String controlId() {
        return header().value(10);
    }

    /** MSH-12.1, the version id, e.g. "2.5.1". */
    public String version() {
        return header().value(12, 1);
    }
}
