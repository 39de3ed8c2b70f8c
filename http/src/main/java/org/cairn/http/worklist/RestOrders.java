package org.cairn.http.worklist;

import java.util.ArrayList;
import java.util.List;
import org.cairn.worklist.Order;
import org.cairn.worklist.ScheduledStep;

/**
 * How the REST API checks and completes an order before handing it to the feed. Only what the API itself relies on
 * is checked here (the Accession Number names the resource; a patient and a step with modality and date are needed
 * for the entry to be found by any modality); the feed checks the rest and answers {@code Invalid}.
 */
public final class RestOrders {
    /** Accession Number is SH: at most 16 characters. */
    static final int MAX_ACCESSION_LENGTH = 16;

    private RestOrders() {
    }

    /** What is missing or unusable in {@code order}, one message each; empty when it can go to the feed. */
    public static List<String> problems(Order order) {
        List<String> problems = new ArrayList<>();
        String accession = order.accessionNumber();
        if (blank(accession)) {
            problems.add("accessionNumber is required");
        } else if (accession.length() > MAX_ACCESSION_LENGTH || accession.contains("\\")) {
            problems.add("accessionNumber must be at most " + MAX_ACCESSION_LENGTH + " characters, without a backslash");
        }
        if (order.patient() == null) {
            problems.add("patient is required");
        } else if (blank(order.patient().id())) {
            problems.add("patient.id is required");
        }
        if (order.step() == null) {
            problems.add("step is required");
        } else {
            if (blank(order.step().modality())) {
                problems.add("step.modality is required");
            }
            if (blank(order.step().startDate())) {
                problems.add("step.startDate is required");
            }
        }
        return problems;
    }

    /**
     * The order with the attributes a client may leave out filled in: the Accession Number from the path, the
     * Study Instance UID given (an existing entry's, or a new one), the Requested Procedure ID from the Accession
     * Number and the Scheduled Procedure Step ID from the Requested Procedure ID, as a RIS that issues one step per
     * procedure does.
     */
    public static Order withDefaults(Order order, String accessionNumber, String studyInstanceUid) {
        String procedureId = blank(order.requestedProcedureId()) ? accessionNumber : order.requestedProcedureId();
        ScheduledStep step = order.step();
        if (step != null && blank(step.stepId())) {
            step = new ScheduledStep(procedureId, step.stationAeTitle(), step.stationName(), step.modality(),
                step.startDate(), step.startTime(), step.performingPhysicianName(), step.description(),
                step.protocolCode(), step.location());
        }
        String uid = blank(order.studyInstanceUid()) ? studyInstanceUid : order.studyInstanceUid();
        return new Order(accessionNumber, order.patient(), procedureId, order.requestedProcedureDescription(),
            order.requestedProcedureCode(), uid, order.referringPhysicianName(), order.requestingPhysician(),
            order.placerOrderNumber(), order.fillerOrderNumber(), order.admissionId(), order.priority(), step);
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
