package org.cairn.worklist;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.cairn.dicom.Uids;

/**
 * Whether an order can go on the worklist as it is: every value a modality will be handed must fit its DICOM VR
 * (PS3.5 6.2), and the keys a worklist query matches on must be present. Pure; each feed answers the problems in its
 * own terms (HL7 ERR, FHIR OperationOutcome, HTTP 400).
 */
public final class OrderValidation {
    private static final DateTimeFormatter DA = DateTimeFormatter.ofPattern("uuuuMMdd")
        .withResolverStyle(ResolverStyle.STRICT);
    private static final Pattern TM = Pattern.compile("([01]\\d|2[0-3])([0-5]\\d([0-5]\\d(\\.\\d{1,6})?)?)?");
    private static final Pattern CS = Pattern.compile("[A-Z0-9_ ]*");

    private OrderValidation() {
    }

    /** What is wrong with {@code order}, one sentence per problem; empty when it may be scheduled. */
    public static List<String> problems(Order order) {
        List<String> problems = new ArrayList<>();
        required(problems, "accessionNumber", order.accessionNumber(), 16);
        noBackslash(problems, "accessionNumber", order.accessionNumber());
        Patient p = order.patient();
        if (p == null) {
            problems.add("patient is required");
        } else {
            required(problems, "patient.id", p.id(), 64);
            noBackslash(problems, "patient.id", p.id());
            optional(problems, "patient.issuer", p.issuer(), 64);
            required(problems, "patient.name", p.name(), 320);
            date(problems, "patient.birthDate", p.birthDate(), false);
            if (p.sex() != null && !p.sex().isEmpty() && !List.of("M", "F", "O").contains(p.sex())) {
                problems.add("patient.sex must be M, F or O, not '" + p.sex() + "'");
            }
        }
        required(problems, "requestedProcedureId", order.requestedProcedureId(), 16);
        optional(problems, "requestedProcedureDescription", order.requestedProcedureDescription(), 64);
        code(problems, "requestedProcedureCode", order.requestedProcedureCode());
        if (order.studyInstanceUid() == null || !Uids.isValid(order.studyInstanceUid())) {
            problems.add("studyInstanceUid must be a valid UID, not '" + order.studyInstanceUid() + "'");
        }
        optional(problems, "referringPhysicianName", order.referringPhysicianName(), 320);
        optional(problems, "requestingPhysician", order.requestingPhysician(), 320);
        optional(problems, "placerOrderNumber", order.placerOrderNumber(), 64);
        optional(problems, "fillerOrderNumber", order.fillerOrderNumber(), 64);
        optional(problems, "admissionId", order.admissionId(), 64);
        if (order.priority() != null && !List.of("STAT", "HIGH", "ROUTINE", "MEDIUM", "LOW").contains(order.priority())) {
            problems.add("priority must be STAT, HIGH, ROUTINE, MEDIUM or LOW, not '" + order.priority() + "'");
        }
        ScheduledStep s = order.step();
        if (s == null) {
            problems.add("step is required");
        } else {
            required(problems, "step.stepId", s.stepId(), 16);
            optional(problems, "step.stationAeTitle", s.stationAeTitle(), 16);
            noBackslash(problems, "step.stationAeTitle", s.stationAeTitle());
            optional(problems, "step.stationName", s.stationName(), 16);
            required(problems, "step.modality", s.modality(), 16);
            if (s.modality() != null && !CS.matcher(s.modality()).matches()) {
                problems.add("step.modality must be upper-case letters and digits (CS), not '" + s.modality() + "'");
            }
            date(problems, "step.startDate", s.startDate(), true);
            if (s.startTime() != null && !s.startTime().isEmpty() && !TM.matcher(s.startTime()).matches()) {
                problems.add("step.startTime must be HHMM[SS[.FFFFFF]], not '" + s.startTime() + "'");
            }
            optional(problems, "step.performingPhysicianName", s.performingPhysicianName(), 320);
            optional(problems, "step.description", s.description(), 64);
            code(problems, "step.protocolCode", s.protocolCode());
            optional(problems, "step.location", s.location(), 16);
        }
        return problems;
    }

    private static void required(List<String> problems, String field, String value, int max) {
        if (value == null || value.isBlank()) {
            problems.add(field + " is required");
        } else {
            optional(problems, field, value, max);
        }
    }

    private static void optional(List<String> problems, String field, String value, int max) {
        if (value != null && value.length() > max) {
            problems.add(field + " is longer than " + max + " characters");
        }
    }

    private static void noBackslash(List<String> problems, String field, String value) {
        if (value != null && value.indexOf('\\') >= 0) {
            problems.add(field + " must not contain '\\'");
        }
    }

    private static void date(List<String> problems, String field, String value, boolean required) {
        if (value == null || value.isEmpty()) {
            if (required) {
                problems.add(field + " is required");
            }
            return;
        }
        try {
            LocalDate.parse(value, DA);
        } catch (DateTimeParseException e) {
            problems.add(field + " must be a date YYYYMMDD, not '" + value + "'");
        }
    }

    private static void code(List<String> problems, String field, Code code) {
        if (code == null) {
            return;
        }
        required(problems, field + ".value", code.value(), 16);
        required(problems, field + ".scheme", code.scheme(), 16);
        required(problems, field + ".meaning", code.meaning(), 64);
    }
}
