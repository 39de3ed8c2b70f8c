package org.cairn.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.cairn.dicom.DataElement;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.Vr;
import org.cairn.dicom.dict.Tag;
import org.cairn.worklist.Order;
import org.cairn.worklist.OrderStatus;
import org.cairn.worklist.Orders;
import org.cairn.worklist.WorklistItems;
import org.junit.jupiter.api.Test;

/** Modality Worklist matching (PS3.4 K.6 with C.2.2.2), on items as the worklist builds them. */
class WorklistRequestTest {
    private static final DataSet MORNING = item(Orders.ct("A1", "P1", "Doe^Jane", "CT01", "20270105", "0830"));
    private static final DataSet EVENING = item(Orders.ct("A2", "P2", "Roe^Rick", "CT02", "20270106", "1915"));

    private static DataSet item(Order order) {
        return WorklistItems.toDataSet(order, OrderStatus.SCHEDULED);
    }

    private static DataSet keys(String date, String time, String modality, String station) {
        DataSet keys = new DataSet();
        DataElement sps = DataElement.sequence(Tag.ScheduledProcedureStepSequence, Vr.SQ, false, false);
        DataSet item = new DataSet(keys);
        item.putString(Tag.ScheduledProcedureStepStartDate, Vr.DA, date);
        item.putString(Tag.ScheduledProcedureStepStartTime, Vr.TM, time);
        item.putString(Tag.Modality, Vr.CS, modality);
        item.putString(Tag.ScheduledStationAETitle, Vr.AE, station);
        sps.items().add(item);
        keys.put(sps);
        keys.putString(Tag.PatientName, Vr.PN, "");
        return keys;
    }

    private static boolean matches(DataSet keys, DataSet item) throws QueryException {
        return WorklistRequest.parse(keys, true).matches(item);
    }

    @Test
    void universalKeysMatchEverything() throws Exception {
        assertThat(matches(keys("", "", "", ""), MORNING)).isTrue();
        assertThat(matches(new DataSet(), EVENING)).isTrue();
    }

    @Test
    void dateRangeModalityAndStationNarrowWithinTheStepItem() throws Exception {
        assertThat(matches(keys("20270101-20270105", "", "CT", "CT01"), MORNING)).isTrue();
        assertThat(matches(keys("20270101-20270105", "", "CT", "CT01"), EVENING)).isFalse();
        assertThat(matches(keys("20270106", "", "CT", ""), EVENING)).isTrue();
        assertThat(matches(keys("", "", "MR", ""), MORNING)).isFalse();
        assertThat(matches(keys("", "", "", "CT02"), MORNING)).isFalse();
        assertThat(matches(keys("20270106-", "", "", ""), EVENING)).isTrue();
        assertThat(matches(keys("-20270105", "", "", ""), EVENING)).isFalse();
    }

    @Test
    void dateAndTimeRangesCombineIntoOnePeriod() throws Exception {
        // 5 January 08:00 to 6 January 12:00: 19:15 on the 6th is outside, but 08:30 on the 5th is inside
        assertThat(matches(keys("20270105-20270106", "0800-1200", "", ""), MORNING)).isTrue();
        assertThat(matches(keys("20270105-20270106", "0800-1200", "", ""), EVENING)).isFalse();
        // 5 January 18:00 to 6 January 20:00: 19:15 on the 6th is inside although outside 18:00-20:00 as times alone
        // would exclude 08:30 on the 5th
        assertThat(matches(keys("20270105-20270106", "1800-2000", "", ""), EVENING)).isTrue();
        assertThat(matches(keys("20270105-20270106", "1800-2000", "", ""), MORNING)).isFalse();
        // a time range alone compares times of any day
        assertThat(matches(keys("", "0800-0900", "", ""), MORNING)).isTrue();
        assertThat(matches(keys("", "0800-0900", "", ""), EVENING)).isFalse();
    }

    @Test
    void patientKeysUseWildcardsAndIgnoreCase() throws Exception {
        DataSet keys = new DataSet().putString(Tag.PatientName, Vr.PN, "doe*");
        assertThat(matches(keys, MORNING)).isTrue();
        assertThat(matches(keys, EVENING)).isFalse();
        assertThat(matches(new DataSet().putString(Tag.PatientID, Vr.LO, "P2"), EVENING)).isTrue();
        assertThat(matches(new DataSet().putString(Tag.AccessionNumber, Vr.SH, "A?"), EVENING)).isTrue();
    }

    @Test
    void singleValuesAndTheDateRangeAreOfferedToSql() throws Exception {
        WorklistRequest r = WorklistRequest.parse(keys("20270101-20270105", "", "CT", "CT*"), true);
        assertThat(r.singleValue(Tag.Modality)).isEqualTo("CT");
        assertThat(r.singleValue(Tag.ScheduledStationAETitle)).isNull(); // a wildcard
        assertThat(r.singleValue(Tag.PatientName)).isNull();
        assertThat(r.startDateRange()).containsExactly("20270101", "20270105");
        assertThat(WorklistRequest.parse(new DataSet(), true).startDateRange()).isNull();
    }

    @Test
    void aStepKeyOfTwoItemsIsRefused() {
        DataSet keys = keys("", "", "CT", "");
        keys.get(Tag.ScheduledProcedureStepSequence).items().add(new DataSet(keys));
        assertThatThrownBy(() -> WorklistRequest.parse(keys, true)).isInstanceOf(QueryException.class)
            .hasMessageContaining("one item");
    }

    @Test
    void responsesHoldExactlyTheRequestedKeys() throws Exception {
        DataSet keys = keys("20270105", "", "", "");
        keys.putString(Tag.AccessionNumber, Vr.SH, "");
        DataSet answer = FindResponses.requestedKeys(keys, MORNING);
        assertThat(answer.getString(Tag.AccessionNumber)).isEqualTo("A1");
        assertThat(answer.getString(Tag.PatientName)).isEqualTo("Doe^Jane");
        assertThat(answer.getString(Tag.SpecificCharacterSet)).isEqualTo("ISO_IR 192");
        assertThat(answer.contains(Tag.PatientID)).isFalse();
        DataSet step = answer.get(Tag.ScheduledProcedureStepSequence).items().get(0);
        assertThat(step.getString(Tag.ScheduledProcedureStepStartDate)).isEqualTo("20270105");
        assertThat(step.getString(Tag.Modality)).isEqualTo("CT");
        assertThat(step.contains(Tag.ScheduledProcedureStepID)).isFalse();
    }
}
