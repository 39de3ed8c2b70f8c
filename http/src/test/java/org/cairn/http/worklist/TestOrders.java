package org.cairn.http.worklist;

import org.cairn.worklist.Code;
import org.cairn.worklist.Order;
import org.cairn.worklist.Patient;
import org.cairn.worklist.ScheduledStep;

/** Orders and order JSON for the tests. */
final class TestOrders {
    private TestOrders() {
    }

    static Order order(String accession, String modality, String station, String patientId, String date) {
        return new Order(accession, new Patient(patientId, "HOSP", "DOE^JANE", "19800102", "F"), accession,
            "CT head", new Code("24725-4", "LN", "CT Head"), "1.2.3." + Math.abs(accession.hashCode() % 1000) + ".4", null,
            null, null, null, null, "ROUTINE",
            new ScheduledStep(accession, station, null, modality, date, "093000", null, "CT head", null, null));
    }

    /** An order body without a Study Instance UID, step ID or Requested Procedure ID (the server fills them). */
    static String minimalJson(String accession, String modality, String date) {
        return """
            {"accessionNumber": "%s",
             "patient": {"id": "P1", "issuer": "HOSP", "name": "DOE^JOHN", "birthDate": "19700101", "sex": "M"},
             "requestedProcedureDescription": "CT chest",
             "requestedProcedureCode": {"value": "24627-2", "scheme": "LN", "meaning": "CT Chest"},
             "priority": "HIGH",
             "step": {"stationAeTitle": "CT01", "modality": "%s", "startDate": "%s", "startTime": "101500"}}
            """.formatted(accession, modality, date);
    }
}
