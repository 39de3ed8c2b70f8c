package org.cairn.hl7;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;

/**
 * HL7 escape sequences (v2.5.1 chapter 2.7): how a delimiter, the escape character itself, arbitrary bytes and a few
 * formatting commands are written inside a value. Reading turns them back into text; what has no meaning for the
 * single-line values Cairn keeps (highlighting, character set switches, local Z escapes) is dropped, and a line break
 * becomes a newline, so that no escape sequence ends up verbatim in a DICOM attribute.
 */
public final class Hl7Escaping {
    private Hl7Escaping() {
    }

    /** The text of an escaped value; {@code charset} decodes {@code \X..\} hex data. */
    public static String unescape(String value, Hl7Separators separators, Charset charset) {
        char escape = separators.escape();
        if (value.indexOf(escape) < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        int i = 0;
        while (i < value.length()) {
            char c = value.charAt(i);
            if (c != escape) {
                out.append(c);
                i++;
                continue;
            }
            int end = value.indexOf(escape, i + 1);
            if (end < 0) {
                // an escape character that opens nothing: keep the text as the sender wrote it
                out.append(value, i, value.length());
                break;
            }
            String sequence = value.substring(i + 1, end);
            String replacement = replacement(sequence, separators, charset);
            if (replacement == null) {
                // unknown or malformed: keep it literally rather than guess; the escape characters stay visible
                out.append(value, i, end + 1);
            } else {
                out.append(replacement);
            }
            i = end + 1;
        }
        return out.toString();
    }

    /** What an escape sequence (without its escape characters) stands for, or null if it is not one we know. */
    private static String replacement(String sequence, Hl7Separators separators, Charset charset) {
        if (sequence.isEmpty()) {
            return null;
        }
        switch (sequence) {
            case "F":
                return String.valueOf(separators.field());
            case "S":
                return String.valueOf(separators.component());
            case "T":
                return String.valueOf(separators.subcomponent());
            case "R":
                return String.valueOf(separators.repetition());
            case "E":
                return String.valueOf(separators.escape());
            case "H":
            case "N":
                return ""; // start and end of highlighting: no meaning in a DICOM value
            default:
                break;
        }
        char kind = sequence.charAt(0);
        if (kind == 'X') {
            return hex(sequence.substring(1), charset);
        }
        if (kind == '.') {
            // formatting commands of FT values: line breaks survive as newlines, layout does not
            String command = sequence.length() >= 3 ? sequence.substring(1, 3) : "";
            return switch (command) {
                case "br", "sp", "ce" -> "\n";
                case "fi", "nf", "in", "ti", "sk" -> "";
                default -> null;
            };
        }
        if (kind == 'C' || kind == 'M' || kind == 'Z') {
            return ""; // ISO 2022 character set switches and locally defined escapes: nothing to show
        }
        return null;
    }

    private static String hex(String digits, Charset charset) {
        if (digits.isEmpty() || digits.length() % 2 != 0) {
            return null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(digits.length() / 2);
        for (int i = 0; i < digits.length(); i += 2) {
            int high = Character.digit(digits.charAt(i), 16);
            int low = Character.digit(digits.charAt(i + 1), 16);
            if (high < 0 || low < 0) {
                return null;
            }
            bytes.write(high * 16 + low);
        }
        return new String(bytes.toByteArray(), charset);
    }

    /**
     * {@code text} escaped for a value of a message with these separators. Line breaks are written as hex escapes
     * because the segment terminator must never appear inside a value.
     */
    public static String escape(String text, Hl7Separators separators) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        char e = separators.escape();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == e) {
                out.append(e).append('E').append(e);
            } else if (c == separators.field()) {
                out.append(e).append('F').append(e);
            } else if (c == separators.component()) {
                out.append(e).append('S').append(e);
            } else if (c == separators.subcomponent()) {
                out.append(e).append('T').append(e);
            } else if (c == separators.repetition()) {
                out.append(e).append('R').append(e);
            } else if (c == '\r') {
                out.append(e).append("X0D").append(e);
            } else if (c == '\n') {
                out.append(e).append("X0A").append(e);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
