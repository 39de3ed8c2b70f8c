package org.cairn.worklist;

/** Orders for tests: a valid CT order whose parts each test varies. */
public final class Orders {
    private Orders() {
    }

    public static Order ct(String accession, String patientId, String name, String station, String date, String time) {
        return new Order(accession, new Patient(patientId, "HOSP", name, "19700101", "F"), "RP" + accession,
            "CT chest", new Code("24627-2", "LN", "CT Chest"), "2.25.1" + Math.abs(accession.hashCode()),
            "Referring^Rita", "Requesting^Ray", "PL" + accession, "FL" + accession, "ADM1", "ROUTINE",
            new ScheduledStep("SPS" + accession, station, station, "CT", date, time, "Tech^Tom", "CT chest plain",
                new Code("P1", "99LOCAL", "Chest protocol"), "ROOM1"));
    }

    public static Order withModality(Order o, String modality) {
        ScheduledStep s = o.step();
        return new Order(o.accessionNumber(), o.patient(), o.requestedProcedureId(), o.requestedProcedureDescription(),
            o.requestedProcedureCode(), o.studyInstanceUid(), o.referringPhysicianName(), o.requestingPhysician(),
            o.placerOrderNumber(), o.fillerOrderNumber(), o.admissionId(), o.priority(),
            new ScheduledStep(s.stepId(), s.stationAeTitle(), s.stationName(), modality, s.startDate(), s.startTime(),
                s.performingPhysicianName(), s.description(), s.protocolCode(), s.location()));
    }
}
