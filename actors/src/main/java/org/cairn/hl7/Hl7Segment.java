package org.cairn.hl7;

import java.nio.charset.Charset;

/**
 * One segment of a parsed message. Values are kept as received and split and unescaped only when asked for, because
 * an escaped delimiter ({@code \S\}) must not split anything. All positions are 1-based as in HL7: field 3 of PID is
 * PID-3; for MSH, field 1 is the field separator itself and field 2 the encoding characters. Anything absent reads as
 * the empty string, which is also how HL7 treats a field that was not sent.
 */
public final class Hl7Segment {
    private final String id;
    private final int occurrence;
    private final String[] fields;
    private final Hl7Separators separators;
    private final Charset charset;

    Hl7Segment(String id, int occurrence, String[] fields, Hl7Separators separators, Charset charset) {
        this.id = id;
        this.occurrence = occurrence;
        this.fields = fields;
        this.separators = separators;
        this.charset = charset;
    }

    /** The segment id, e.g. "PID". */
    public String id() {
        return id;
    }

    /** Which occurrence of this segment id in the message it is, from 1: the ERR segment's "segment sequence". */
    public int occurrence() {
        return occurrence;
    }

    /** The highest field position present (trailing empty fields are counted as sent). */
    public int fieldCount() {
        return fields.length - 1;
    }

    /** A field as received, escape sequences and delimiters included; "" when absent. */
    public String raw(int field) {
        if (field < 1) {
            throw new IllegalArgumentException("HL7 field positions start at 1: " + field);
        }
        return field < fields.length ? fields[field] : "";
    }

    /** How many repetitions a field has; 0 when it is empty. */
    public int repetitionCount(int field) {
        String raw = raw(field);
        if (raw.isEmpty()) {
            return 0;
        }
        if (isMshDelimiterField(field)) {
            return 1;
        }
        return count(raw, separators.repetition());
    }

    /** The first component of a field's first repetition, unescaped. */
    public String value(int field) {
        return value(field, 1, 1, 1);
    }

    /** A component of a field's first repetition (its first subcomponent), unescaped. */
    public String value(int field, int component) {
        return value(field, 1, component, 1);
    }

    /** A component of a repetition of a field (its first subcomponent), unescaped. */
    public String value(int field, int repetition, int component) {
        return value(field, repetition, component, 1);
    }

    /** One subcomponent of one component of one repetition of a field, unescaped; "" when absent. */
    public String value(int field, int repetition, int component, int subcomponent) {
        if (repetition < 1 || component < 1 || subcomponent < 1) {
            throw new IllegalArgumentException("HL7 positions start at 1");
        }
        String raw = raw(field);
        if (isMshDelimiterField(field)) {
            // MSH-1 and MSH-2 are the delimiters themselves: splitting or unescaping them would destroy them
            return repetition == 1 && component == 1 && subcomponent == 1 ? raw : "";
        }
        String part = piece(raw, separators.repetition(), repetition);
        part = piece(part, separators.component(), component);
        part = piece(part, separators.subcomponent(), subcomponent);
        return Hl7Escaping.unescape(part, separators, charset);
    }

    /** A whole component (subcomponent delimiters and escapes kept) of a repetition: for copying it verbatim. */
    public String rawComponent(int field, int repetition, int component) {
        if (isMshDelimiterField(field)) {
            return repetition == 1 && component == 1 ? raw(field) : "";
        }
        return piece(piece(raw(field), separators.repetition(), repetition), separators.component(), component);
    }

    private boolean isMshDelimiterField(int field) {
        return (field == 1 || field == 2) && id.equals("MSH");
    }

    /** The n-th (from 1) piece of {@code text} split at {@code delimiter}, without splitting the rest. */
    private static String piece(String text, char delimiter, int n) {
        int start = 0;
        for (int i = 1; i < n; i++) {
            int next = text.indexOf(delimiter, start);
            if (next < 0) {
                return "";
            }
            start = next + 1;
        }
        int end = text.indexOf(delimiter, start);
        return end < 0 ? text.substring(start) : text.substring(start, end);
    }

    private static int count(String text, char delimiter) {
        int pieces = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == delimiter) {
                pieces++;
            }
        }
        return pieces;
    }

    /** The segment id and occurrence only: values may be patient data and must not end up in logs. */
    @Override
    public String toString() {
        return occurrence > 1 ? id + "[" + occurrence + "]" : id;
    }
}
