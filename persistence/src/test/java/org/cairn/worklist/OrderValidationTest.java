package org.cairn.worklist;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OrderValidationTest {

    @Test
    void aCompleteOrderHasNoProblems() {
        assertThat(OrderValidation.problems(Orders.ct("A1", "P1", "Doe^Jane", "CT01", "20270101", "0830"))).isEmpty();
    }

    @Test
    void eachValueMustFitItsVr() {
        Order bad = new Order("A-TOO-LONG-ACCESSION", new Patient("P1", null, "", "1970-01-01", "X"), "RP1", null, null,
            "1.2.03", null, null, null, null, null, "SOON", new ScheduledStep("S1", "AE_TITLE_LONGER_THAN_16", null,
                "ct", "20270231", "2561", null, null, new Code("", "LN", "x"), null));
        assertThat(OrderValidation.problems(bad)).containsExactlyInAnyOrder(
            "accessionNumber is longer than 16 characters",
            "patient.name is required",
            "patient.birthDate must be a date YYYYMMDD, not '1970-01-01'",
            "patient.sex must be M, F or O, not 'X'",
            "studyInstanceUid must be a valid UID, not '1.2.03'",
            "priority must be STAT, HIGH, ROUTINE, MEDIUM or LOW, not 'SOON'",
            "step.stationAeTitle is longer than 16 characters",
            "step.modality must be upper-case letters and digits (CS), not 'ct'",
            "step.startDate must be a date YYYYMMDD, not '20270231'",
            "step.startTime must be HHMM[SS[.FFFFFF]], not '2561'",
            "step.protocolCode.value is required");
    }

    @Test
    void missingPartsAreNamed() {
        Order empty = new Order(null, null, null, null, null, null, null, null, null, null, null, null, null);
        assertThat(OrderValidation.problems(empty)).containsExactlyInAnyOrder("accessionNumber is required",
            "patient is required", "requestedProcedureId is required", "studyInstanceUid must be a valid UID, not 'null'",
            "step is required");
    }
}
