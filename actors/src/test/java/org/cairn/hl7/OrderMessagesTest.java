package org.cairn.hl7;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cairn.hl7.Hl7Text.message;
import static org.cairn.hl7.Hl7Text.msh;
import static org.cairn.hl7.Hl7Text.segment;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.cairn.worklist.Code;
import org.cairn.worklist.FeedResult;
import org.cairn.worklist.Order;
import org.cairn.worklist.OrderStatus;
import org.cairn.worklist.Patient;
import org.cairn.worklist.ScheduledStep;
import org.junit.jupiter.api.Test;

class OrderMessagesTest {
    private final RecordingOrderFeed feed = new RecordingOrderFeed();

    /** An IHE RAD-2 style ORM^O01 v2.3.1 new order, in Latin-1, with a ZDS carrying the Study Instance UID. */
    static String ormNewOrder(String control, String controlId) {
        return message(
            msh("ORM^O01", controlId, "2.3.1", "8859/1"),
            segment("PID", 1, "1", 3, "PAT123^^^HOSP^MR~OLD9^^^LEGACY", 5, "M\u00FCller^Hans^Peter^Jr^Dr",
                7, "19650412", 8, "M", 11, "Hauptstr. 1^^Berlin"),
            segment("PV1", 1, "1", 2, "O", 3, "RAD^^^HOSP", 8, "1234^Smith^John^A^^Dr", 19, "V5678^^^HOSP"),
            segment("ORC", 1, control, 2, "PL1001^RIS", 3, "FL2001^RIS", 5, "SC",
                7, "^^^20240306083000^^S", 12, "5555^Jones^Mary^^^Dr"),
            segment("OBR", 1, "1", 2, "PL1001^RIS", 3, "FL2001^RIS",
                4, "CTHEAD^CT Head w/o contrast^L^P-01^Head plain^99LOCAL", 18, "ACC001", 19, "RP001",
                20, "SPS001", 24, "CT", 27, "^^^20240306083000^^S", 34, "TECH1&Tech&Tina"),
            segment("ZDS", 1, "1.2.826.0.1.3680043.2.1125.1^RIS^Application^DICOM"));
    }

    /** An IHE RAD-4 style OMI^O23 v2.5.1 order in UTF-8: TQ1 timing, IPC with the DICOM identifiers. */
    static String omiNewOrder() {
        return message(
            msh("OMI^O23^OMI_O23", "MSG00002", "2.5.1", "UNICODE UTF-8"),
            segment("PID", 1, "1", 3, "PAT456^^^HOSP&1.2.3.4&ISO^MR", 5,
                "YAMADA^TAROU^^^^^L^A~\u5C71\u7530^\u592A\u90CE^^^^^L^I", 7, "19800101", 8, "U"),
            segment("PV1", 1, "1", 2, "O"),
            segment("ORC", 1, "NW", 2, "PL2^RIS", 3, "FL2^RIS", 5, "SC", 12, "7777^House^Gregory^^^Dr"),
            segment("TQ1", 1, "1", 7, "20240307140000+0100", 9, "R^Routine^HL70485"),
            segment("OBR", 1, "1", 2, "PL2^RIS", 3, "FL2^RIS", 4, "MRKNEE^MR Knee left^99RIS"),
            segment("IPC", 1, "ACC002", 2, "RP002", 3, "1.2.3.4.5.6", 4, "SPS002", 5, "MR",
                6, "KNEE_PROTO^Knee protocol^99RIS", 7, "MR_STATION_1", 8, "MRI Room 1", 9, "MRSCANNER1"));
    }

    private Hl7Outcome process(String text) throws Hl7Exception {
        return process(Hl7Message.parse(text));
    }

    private Hl7Outcome process(Hl7Message message) {
        return OrderMessages.process(message, feed).toCompletableFuture().join();
    }

    @Test
    void ormNewOrderMapsEveryField() throws Hl7Exception {
        Hl7Outcome outcome = process(Hl7Message.parse(ormNewOrder("NW", "MSG00001")
            .getBytes(StandardCharsets.ISO_8859_1)));

        assertThat(outcome.code()).isEqualTo(AckCode.AA);
        assertThat(outcome.errors()).isEmpty();
        assertThat(feed.calls()).extracting(RecordingOrderFeed.Call::method).containsExactly("schedule");
        assertThat(feed.calls().get(0).argument(1)).isEqualTo("hl7:RIS");
        Order expected = new Order("ACC001",
            new Patient("PAT123", "HOSP", "M\u00FCller^Hans^Peter^Dr^Jr", "19650412", "M"),
            "RP001", "CT Head w/o contrast", new Code("CTHEAD", "L", "CT Head w/o contrast"),
            "1.2.826.0.1.3680043.2.1125.1", "Smith^John^A^Dr", "Jones^Mary^^Dr", "PL1001", "FL2001", "V5678", "STAT",
            new ScheduledStep("SPS001", null, null, "CT", "20240306", "083000", "Tech^Tina", "Head plain",
                new Code("P-01", "99LOCAL", "Head plain"), null));
        assertThat(feed.onlyOrder()).isEqualTo(expected);
        assertThat(outcome.summary()).contains("NW ACC001 accepted").doesNotContain("ller");
    }

    @Test
    void omiNewOrderMapsEveryField() throws Hl7Exception {
        Hl7Outcome outcome = process(Hl7Message.parse(omiNewOrder().getBytes(StandardCharsets.UTF_8)));

        assertThat(outcome.code()).isEqualTo(AckCode.AA);
        Order expected = new Order("ACC002",
            new Patient("PAT456", "HOSP", "YAMADA^TAROU=\u5C71\u7530^\u592A\u90CE", "19800101", null),
            "RP002", "MR Knee left", new Code("MRKNEE", "99RIS", "MR Knee left"), "1.2.3.4.5.6",
            null, "House^Gregory^^Dr", "PL2", "FL2", null, "ROUTINE",
            new ScheduledStep("SPS002", "MRSCANNER1", "MR_STATION_1", "MR", "20240307", "140000", null,
                "MR Knee left", new Code("KNEE_PROTO", "99RIS", "Knee protocol"), "MRI Room 1"));
        assertThat(feed.onlyOrder()).isEqualTo(expected);
        assertThat(feed.calls().get(0).method()).isEqualTo("schedule");
    }

    @Test
    void identifiersFallBackFromFillerOrderNumberDown() throws Hl7Exception {
        // no OBR-18/19/20, no ZDS: accession from ORC-3, the others from it; the start from ORC-7 alone
        process(message(msh("ORM^O01", "C1", "2.3", ""),
            segment("PID", 3, "P1", 5, "DOE^JOHN"),
            segment("ORC", 1, "NW", 3, "FILL77", 7, "^^^202403061015"),
            segment("OBR", 1, "1", 4, "X1^Chest", 24, "CR")));
        Order order = feed.onlyOrder();
        assertThat(order.accessionNumber()).isEqualTo("FILL77");
        assertThat(order.requestedProcedureId()).isEqualTo("FILL77");
        assertThat(order.step().stepId()).isEqualTo("FILL77");
        assertThat(order.studyInstanceUid()).isNull();
        assertThat(order.step().startDate()).isEqualTo("20240306");
        assertThat(order.step().startTime()).isEqualTo("1015");
        assertThat(order.requestedProcedureCode()).isEqualTo(new Code("X1", null, "Chest"));
        assertThat(order.step().protocolCode()).isNull();
        assertThat(order.priority()).isNull();
        assertThat(order.patient()).isEqualTo(new Patient("P1", null, "DOE^JOHN", null, null));
    }

    @Test
    void changeOrderUpdates() throws Hl7Exception {
        Hl7Outcome outcome = process(ormNewOrder("XO", "C2"));
        assertThat(outcome.code()).isEqualTo(AckCode.AA);
        assertThat(feed.calls()).extracting(RecordingOrderFeed.Call::method).containsExactly("update");
        assertThat(feed.onlyOrder().accessionNumber()).isEqualTo("ACC001");
    }

    @Test
    void cancelAndDiscontinueNeedOnlyTheAccession() throws Hl7Exception {
        process(message(msh("ORM^O01", "C3", "2.4", ""),
            segment("ORC", 1, "CA", 3, "FL2001", 16, "PATREQ^Patient request"),
            segment("OBR", 1, "1", 18, "ACC001")));
        process(message(msh("ORM^O01", "C4", "2.4", ""),
            segment("ORC", 1, "DC", 3, "FL2001"),
            segment("OBR", 1, "1", 18, "ACC001")));
        assertThat(feed.calls()).containsExactly(
            new RecordingOrderFeed.Call("cancel", List.of("ACC001", "Patient request", "hl7:RIS")),
            new RecordingOrderFeed.Call("discontinue", java.util.Arrays.asList("ACC001", null, "hl7:RIS")));
    }

    @Test
    void statusChangesFollowOrc5() throws Hl7Exception {
        String[][] cases = {{"IP", "IN_PROGRESS"}, {"CM", "COMPLETED"}, {"CA", "CANCELLED"}, {"DC", "DISCONTINUED"},
            {"SC", "SCHEDULED"}};
        for (String[] c : cases) {
            Hl7Outcome outcome = process(message(msh("OMI^O23", "S" + c[0], "2.5", ""),
                segment("ORC", 1, "SC", 5, c[0]), segment("OBR", 1, "1"), segment("IPC", 1, "ACC9")));
            assertThat(outcome.code()).isEqualTo(AckCode.AA);
        }
        assertThat(feed.calls()).extracting(call -> call.argument(1).toString())
            .containsExactly("IN_PROGRESS", "COMPLETED", "CANCELLED", "DISCONTINUED", "SCHEDULED");
        assertThat(feed.calls()).allSatisfy(call -> {
            assertThat(call.method()).isEqualTo("statusChanged");
            assertThat(call.argument(0)).isEqualTo("ACC9");
        });

        Hl7Outcome unknown = process(message(msh("ORM^O01", "S9", "2.5", ""),
            segment("ORC", 1, "SC", 5, "HD"), segment("OBR", 18, "ACC9")));
        assertThat(unknown.code()).isEqualTo(AckCode.AE);
        assertThat(unknown.errors()).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo(Hl7ErrorCode.TABLE_VALUE_NOT_FOUND);
            assertThat(e.locationText()).isEqualTo("ORC-5");
        });
        assertThat(feed.calls()).hasSize(5);
    }

    @Test
    void adtA08UpdatesThePatient() throws Hl7Exception {
        feed.patientsChanged = 2;
        Hl7Outcome outcome = process(message(msh("ADT^A08^ADT_A01", "A1", "2.5", ""),
            segment("EVN", 1, "A08"),
            segment("PID", 3, "PAT123^^^HOSP", 5, "Doe^Jane^^^Mrs", 7, "19700101", 8, "F")));
        assertThat(outcome.code()).isEqualTo(AckCode.AA);
        assertThat(outcome.summary()).contains("2 orders changed");
        assertThat(feed.calls()).containsExactly(new RecordingOrderFeed.Call("updatePatient",
            List.of(new Patient("PAT123", "HOSP", "Doe^Jane^^Mrs", "19700101", "F"), "hl7:RIS")));
    }

    @Test
    void adtA40MergesPriorIntoSurvivor() throws Hl7Exception {
        Hl7Outcome outcome = process(message(msh("ADT^A40^ADT_A39", "A2", "2.3.1", ""),
            segment("EVN", 1, "A40"),
            segment("PID", 3, "NEW1^^^HOSP", 5, "DOE^JANE"),
            segment("MRG", 1, "OLD1^^^HOSP~OLD2^^^OTHER"),
            segment("PID", 3, "NEW2", 5, "ROE^RICHARD"),
            segment("MRG", 1, "OLD3")));
        assertThat(outcome.code()).isEqualTo(AckCode.AA);
        assertThat(feed.calls()).containsExactly(
            new RecordingOrderFeed.Call("mergePatient", java.util.Arrays.asList("OLD1", "HOSP",
                new Patient("NEW1", "HOSP", "DOE^JANE", null, null), "hl7:RIS")),
            new RecordingOrderFeed.Call("mergePatient", java.util.Arrays.asList("OLD3", null,
                new Patient("NEW2", null, "ROE^RICHARD", null, null), "hl7:RIS")));

        Hl7Outcome noMrg = process(message(msh("ADT^A40", "A3", "2.5", ""), segment("PID", 3, "NEW1")));
        assertThat(noMrg.code()).isEqualTo(AckCode.AE);
        assertThat(noMrg.errors().get(0).segmentId()).isEqualTo("MRG");
        assertThat(feed.calls()).hasSize(2);
    }

    @Test
    void unsupportedTypesEventsAndVersionsAreRejected() throws Hl7Exception {
        Hl7Outcome oru = process(message(msh("ORU^R01", "U1", "2.5", ""), segment("PID", 3, "P1")));
        assertThat(oru.code()).isEqualTo(AckCode.AR);
        assertThat(oru.errors().get(0).code()).isEqualTo(Hl7ErrorCode.UNSUPPORTED_MESSAGE_TYPE);
        Hl7Outcome a01 = process(message(msh("ADT^A01", "U2", "2.5", ""), segment("PID", 3, "P1")));
        assertThat(a01.code()).isEqualTo(AckCode.AR);
        assertThat(a01.errors().get(0).code()).isEqualTo(Hl7ErrorCode.UNSUPPORTED_EVENT_CODE);
        Hl7Outcome v26 = process(ormNewOrder("NW", "U3").replace("|2.3.1|", "|2.6|"));
        assertThat(v26.code()).isEqualTo(AckCode.AR);
        assertThat(v26.errors().get(0).code()).isEqualTo(Hl7ErrorCode.UNSUPPORTED_VERSION_ID);
        assertThat(v26.errors().get(0).locationText()).isEqualTo("MSH-12");
        assertThat(feed.calls()).isEmpty();
    }

    @Test
    void unknownOrderControlSchedulesNothing() throws Hl7Exception {
        Hl7Outcome outcome = process(ormNewOrder("ZZ", "E1"));
        assertThat(outcome.code()).isEqualTo(AckCode.AE);
        assertThat(outcome.errors()).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo(Hl7ErrorCode.TABLE_VALUE_NOT_FOUND);
            assertThat(e.locationText()).isEqualTo("ORC-1");
        });
        assertThat(feed.calls()).isEmpty();
    }

    @Test
    void missingRequiredFieldsAreEachReported() throws Hl7Exception {
        Hl7Outcome noAccession = process(ormNewOrder("NW", "E2").replace("|ACC001|", "||")
            .replace("|FL2001^RIS|", "||"));
        assertThat(noAccession.code()).isEqualTo(AckCode.AE);
        assertThat(noAccession.errors()).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo(Hl7ErrorCode.REQUIRED_FIELD_MISSING);
            assertThat(e.locationText()).isEqualTo("OBR-18");
        });

        Hl7Outcome several = process(message(msh("ORM^O01", "E3", "2.3.1", ""),
            segment("PID", 5, "DOE^JOHN"),
            segment("ORC", 1, "NW"),
            segment("OBR", 1, "1", 18, "ACC5")));
        assertThat(several.errors()).extracting(Hl7Error::locationText)
            .containsExactlyInAnyOrder("PID-3", "OBR-24", "OBR-27");

        Hl7Outcome noOrc1 = process(message(msh("ORM^O01", "E4", "2.3.1", ""), segment("PID", 3, "P1"),
            segment("ORC", 2, "X"), segment("OBR", 18, "ACC6")));
        assertThat(noOrc1.errors()).extracting(Hl7Error::locationText).containsExactly("ORC-1");

        Hl7Outcome badDate = process(ormNewOrder("NW", "E5").replace("20240306083000^^S", "2024-03-06^^S"));
        assertThat(badDate.errors()).extracting(Hl7Error::code).containsExactly(Hl7ErrorCode.DATA_TYPE_ERROR);

        Hl7Outcome noOrc = process(message(msh("ORM^O01", "E6", "2.3.1", ""), segment("PID", 3, "P1")));
        assertThat(noOrc.errors()).extracting(Hl7Error::code).containsExactly(Hl7ErrorCode.SEGMENT_SEQUENCE_ERROR);
        assertThat(feed.calls()).isEmpty();
    }

    @Test
    void oneInvalidOrderStopsTheWholeMessage() throws Hl7Exception {
        Hl7Outcome outcome = process(message(msh("ORM^O01", "M1", "2.3.1", ""),
            segment("PID", 3, "P1"),
            segment("ORC", 1, "NW"), segment("OBR", 18, "ACC1", 24, "CT", 27, "^^^20240306"),
            segment("ORC", 1, "NW"), segment("OBR", 18, "ACC2", 27, "^^^20240306")));
        assertThat(outcome.code()).isEqualTo(AckCode.AE);
        assertThat(outcome.errors()).extracting(Hl7Error::locationText).containsExactly("OBR[2]-24");
        assertThat(feed.calls()).isEmpty();
    }

    @Test
    void severalOrdersAreAppliedInOrderAndRefusalsListed() throws Hl7Exception {
        feed.answer = call -> call.argument(0).equals("ACC2")
            ? new FeedResult.Conflict("the order is in progress")
            : call.argument(0).equals("ACC3") ? new FeedResult.NotFound("no order ACC3")
            : new FeedResult.Accepted((String) call.argument(0), OrderStatus.CANCELLED, true);
        Hl7Outcome outcome = process(message(msh("ORM^O01", "M2", "2.3.1", ""),
            segment("ORC", 1, "CA"), segment("OBR", 18, "ACC1"),
            segment("ORC", 1, "CA"), segment("OBR", 18, "ACC2"),
            segment("ORC", 1, "CA"), segment("OBR", 18, "ACC3")));
        assertThat(feed.calls()).extracting(call -> call.argument(0)).containsExactly("ACC1", "ACC2", "ACC3");
        assertThat(outcome.code()).isEqualTo(AckCode.AE);
        assertThat(outcome.errors()).extracting(Hl7Error::code)
            .containsExactly(Hl7ErrorCode.APPLICATION_INTERNAL_ERROR, Hl7ErrorCode.APPLICATION_INTERNAL_ERROR);
        assertThat(outcome.errors()).extracting(Hl7Error::locationText).containsExactly("ORC[2]-1", "ORC[3]-1");
        assertThat(outcome.errors().get(0).message()).isEqualTo("CA ACC2: the order is in progress");
        assertThat(outcome.summary()).contains("CA ACC1 accepted");
    }

    @Test
    void invalidFromTheFeedIsAContentError() throws Hl7Exception {
        feed.answer = call -> new FeedResult.Invalid("Patient's Name is missing");
        Hl7Outcome outcome = process(ormNewOrder("NW", "I1"));
        assertThat(outcome.code()).isEqualTo(AckCode.AE);
        assertThat(outcome.errors().get(0).code()).isEqualTo(Hl7ErrorCode.REQUIRED_FIELD_MISSING);
        feed.answer = call -> new FeedResult.Invalid("modality is not a DICOM code string");
        assertThat(process(ormNewOrder("NW", "I2")).errors().get(0).code()).isEqualTo(Hl7ErrorCode.DATA_TYPE_ERROR);
    }

    @Test
    void aFailingFeedIsAnInternalError() throws Hl7Exception {
        feed.answer = call -> {
            throw new IllegalStateException("journal down");
        };
        Hl7Outcome outcome = process(ormNewOrder("NW", "F1"));
        assertThat(outcome.code()).isEqualTo(AckCode.AE);
        assertThat(outcome.errors().get(0).code()).isEqualTo(Hl7ErrorCode.APPLICATION_INTERNAL_ERROR);
        assertThat(outcome.errors().get(0).message()).doesNotContain("journal");
    }

    @Test
    void twoStepsForOneAccessionAreRefused() throws Hl7Exception {
        Hl7Outcome outcome = process(omiNewOrder() + segment("IPC", 1, "ACC002", 4, "SPS003", 5, "MR") + "\r");
        assertThat(outcome.code()).isEqualTo(AckCode.AE);
        assertThat(outcome.errors()).extracting(Hl7Error::locationText).containsExactly("IPC[2]-1");
        assertThat(feed.calls()).isEmpty();
    }

    @Test
    void anInvalidStudyInstanceUidIsADataTypeError() throws Hl7Exception {
        Hl7Outcome outcome = process(ormNewOrder("NW", "U1").replace("1.2.826.0.1.3680043.2.1125.1", "1.2.03.x"));
        assertThat(outcome.errors()).extracting(Hl7Error::locationText).containsExactly("ZDS-1");
        assertThat(outcome.errors()).extracting(Hl7Error::code).containsExactly(Hl7ErrorCode.DATA_TYPE_ERROR);
    }
}
