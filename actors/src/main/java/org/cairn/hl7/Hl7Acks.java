package org.cairn.hl7;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Builds original-mode acknowledgments: an MSH answering the sender (sending and receiving application and facility
 * swapped, a new control id, the original's version, processing id and character set), MSA with the code and the
 * original control id, and for AE and AR one ERR per error.
 *
 * <p>ERR is written in the v2.5 layout (ERR-2 location, ERR-3 code from table 0357, ERR-4 severity, ERR-8 message),
 * which older receivers ignore; for versions before 2.5 the location and code also go into ERR-1 as those versions
 * define it, and the first error's text into MSA-3, which is where a v2.3 RIS shows it.
 *
 * <p>The message type is {@code ACK^<original event>^ACK}; the ORR^O02 and ORI^O24 application acknowledgments are
 * not used because every RIS takes the plain ACK in original mode and the plain ACK needs no order detail.
 */
public final class Hl7Acks {
    /** The version of an acknowledgment for a message whose own version is unknown. */
    public static final String DEFAULT_VERSION = "2.5.1";
    /** MSH-3 when the original named no receiving application (and for unreadable messages). */
    public static final String APPLICATION = "CAIRN";

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ");
    private static final int MSA3_LENGTH = 80;

    private Hl7Acks() {
    }

    /** The acknowledgment of a message whose outcome is known. */
    public static String acknowledge(Hl7Message original, Hl7Outcome outcome, String controlId, ZonedDateTime now) {
        return acknowledge(original, outcome.code(), outcome.errors(), controlId, now);
    }

    /** The acknowledgment of a readable message (or of its MSH alone) with this code and these errors. */
    public static String acknowledge(Hl7Message original, AckCode code, List<Hl7Error> errors, String controlId,
                                     ZonedDateTime now) {
        Hl7Separators s = original.separators();
        Hl7Segment msh = original.header();
        String version = msh.raw(12).isEmpty() ? DEFAULT_VERSION : msh.raw(12);
        String versionId = msh.value(12, 1).isEmpty() ? DEFAULT_VERSION : msh.value(12, 1);
        String event = msh.rawComponent(9, 1, 2);
        // the message structure component (MSH-9.3) only exists from v2.3.1 on
        String type = event.isEmpty() ? "ACK"
            : "ACK" + s.component() + event + (versionId.equals("2.3") ? "" : s.component() + "ACK");
        String sendingApplication = msh.raw(5).isEmpty()
            ? Hl7Escaping.escape(APPLICATION, s) : msh.raw(5);
        String processingId = msh.raw(11).isEmpty() ? "P" : msh.raw(11);
        String[] header = {"MSH", s.encodingCharacters(), sendingApplication, msh.raw(6), msh.raw(3), msh.raw(4),
            TIMESTAMP.format(now), "", type, Hl7Escaping.escape(controlId, s), processingId, version,
            "", "", "", "", "", msh.raw(18)};
        return message(s, header, code, msh.raw(10), versionId, errors);
    }

    /**
     * The AR answering a message that could not be parsed. If its MSH was readable the answer is addressed as usual;
     * otherwise it comes from {@link #APPLICATION} in version {@value #DEFAULT_VERSION} with an empty MSA-2, since
     * there is no control id to quote.
     */
    public static String reject(Hl7Exception failure, String controlId, ZonedDateTime now) {
        if (failure.header().isPresent()) {
            return acknowledge(failure.header().get(), AckCode.AR, List.of(failure.error()), controlId, now);
        }
        Hl7Separators s = Hl7Separators.STANDARD;
        String[] header = {"MSH", s.encodingCharacters(), APPLICATION, "", "", "", TIMESTAMP.format(now), "", "ACK",
            Hl7Escaping.escape(controlId, s), "P", DEFAULT_VERSION};
        return message(s, header, AckCode.AR, "", DEFAULT_VERSION, List.of(failure.error()));
    }

    private static String message(Hl7Separators s, String[] header, AckCode code, String originalControlId,
                                  String versionId, List<Hl7Error> errors) {
        boolean before25 = isBefore25(versionId);
        StringBuilder out = new StringBuilder(256);
        out.append(segment(s, header));
        String textMessage = before25 && !errors.isEmpty()
            ? Hl7Escaping.escape(truncate(errors.get(0).message(), MSA3_LENGTH), s) : "";
        out.append(segment(s, new String[] {"MSA", code.name(), originalControlId, textMessage}));
        if (code != AckCode.AA) {
            for (Hl7Error error : errors) {
                out.append(err(s, error, before25));
            }
        }
        return out.toString();
    }

    private static String err(Hl7Separators s, Hl7Error error, boolean before25) {
        char c = s.component();
        char sub = s.subcomponent();
        String codeNumber = String.valueOf(error.code().code());
        String codeText = Hl7Escaping.escape(error.code().text(), s);
        String location = "";
        if (error.hasLocation()) {
            location = error.segmentId() + c + (error.segmentSequence() > 0 ? error.segmentSequence() : "")
                + (error.field() > 0 ? c + String.valueOf(error.field()) : "");
        }
        String eld = "";
        if (before25) {
            // ELD: segment id^sequence^field position^code identifying error (a CE, hence subcomponents)
            String segment = error.hasLocation() ? error.segmentId() : "";
            String sequence = error.segmentSequence() > 0 ? String.valueOf(error.segmentSequence()) : "";
            String field = error.field() > 0 ? String.valueOf(error.field()) : "";
            eld = segment + c + sequence + c + field + c + codeNumber + sub + codeText + sub + "HL70357";
        }
        String hl7Code = codeNumber + c + codeText + c + "HL70357";
        return segment(s, new String[] {"ERR", eld, location, hl7Code, "E", "", "", "",
            Hl7Escaping.escape(error.message(), s)});
    }

    /** Fields joined with the field separator, trailing empty fields left out, terminated by CR. */
    private static String segment(Hl7Separators s, String[] fields) {
        int last = fields.length - 1;
        while (last > 0 && fields[last].isEmpty()) {
            last--;
        }
        StringBuilder out = new StringBuilder(fields[0]);
        // MSH-1 is the separator written between "MSH" and MSH-2, not a field of its own here
        for (int i = 1; i <= last; i++) {
            out.append(s.field()).append(fields[i]);
        }
        return out.append('\r').toString();
    }

    /** Versions 2.3, 2.3.1 and 2.4 (and older) define ERR-1 as the error's location and code. */
    static boolean isBefore25(String versionId) {
        String[] parts = versionId.split("\\.");
        try {
            int major = Integer.parseInt(parts[0]);
            int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return major < 2 || (major == 2 && minor < 5);
        } catch (NumberFormatException unreadable) {
            return false;
        }
    }

    private static String truncate(String text, int length) {
        return text.length() <= length ? text : text.substring(0, length);
    }
}
