package org.cairn.views;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.cairn.dicom.DataElement;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.Vr;
import org.cairn.dicom.dict.Tag;
import org.cairn.journal.JournalSchema;
import org.cairn.query.WorklistRequest;
import org.cairn.worklist.Order;
import org.cairn.worklist.OrderStatus;
import org.cairn.worklist.Orders;
import org.cairn.worklist.Patient;
import org.cairn.worklist.WorklistChange;
import org.cairn.worklist.WorklistListing;
import org.cairn.worklist.WorklistQueryAudit;
import org.cairn.worklist.WorklistRow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The worklist view on H2 as Flyway creates it: order changes applied, worklist queries, listings and the audit. */
class WorklistViewTest {
    private static final Instant T = Instant.parse("2027-01-01T08:00:00Z");
    private static final Set<OrderStatus> OPEN = Set.of(OrderStatus.SCHEDULED, OrderStatus.IN_PROGRESS);
    private static int databases;
    private Connection c;

    @BeforeEach
    void open() throws Exception {
        String url = "jdbc:h2:mem:worklist" + (++databases) + ";DB_CLOSE_DELAY=-1";
        JournalSchema.migrate(url, "cairn", "");
        c = DriverManager.getConnection(url, "cairn", "");
        place(Orders.ct("A1", "P1", "Doe^Jane", "CT01", "20270105", "0830"));
        place(Orders.ct("A2", "P1", "Doe^Jane", "CT02", "20270106", "1000"));
        place(Orders.withModality(Orders.ct("A3", "P2", "Roe^Rick", "MR01", "20270105", "0900"), "MR"));
    }

    @AfterEach
    void close() throws Exception {
        c.close();
    }

    private void place(Order order) throws Exception {
        WorklistView.apply(c, new WorklistChange.Placed(order.accessionNumber(), order, OrderStatus.SCHEDULED, "test", T));
    }

    private List<String> find(DataSet keys, Set<OrderStatus> statuses) throws Exception {
        List<String> found = new ArrayList<>();
        WorklistView.find(c, WorklistRequest.parse(keys, true), statuses, 100, () -> false,
            item -> found.add(item.getString(Tag.AccessionNumber)));
        return found;
    }

    private static DataSet step(String date, String modality, String station) {
        DataSet keys = new DataSet();
        DataElement sps = DataElement.sequence(Tag.ScheduledProcedureStepSequence, Vr.SQ, false, false);
        DataSet item = new DataSet(keys).putString(Tag.ScheduledProcedureStepStartDate, Vr.DA, date)
            .putString(Tag.Modality, Vr.CS, modality).putString(Tag.ScheduledStationAETitle, Vr.AE, station);
        sps.items().add(item);
        return keys.put(sps);
    }

    @Test
    void queriesNarrowByDateModalityAndStationInScheduledOrder() throws Exception {
        assertThat(find(new DataSet(), OPEN)).containsExactly("A1", "A3", "A2");
        assertThat(find(step("20270105", "", ""), OPEN)).containsExactly("A1", "A3");
        assertThat(find(step("20270105-20270106", "CT", ""), OPEN)).containsExactly("A1", "A2");
        assertThat(find(step("", "", "CT02"), OPEN)).containsExactly("A2");
        assertThat(find(new DataSet().putString(Tag.PatientName, Vr.PN, "roe*"), OPEN)).containsExactly("A3");
    }

    @Test
    void statusChangesRebuildTheItemAndHideFinishedOrders() throws Exception {
        WorklistView.apply(c, new WorklistChange.StatusChanged("A1", OrderStatus.IN_PROGRESS, "mpps:CT01", T));
        WorklistView.apply(c, new WorklistChange.StatusChanged("A2", OrderStatus.CANCELLED, "hl7:RIS", T));
        List<DataSet> items = new ArrayList<>();
        WorklistView.find(c, WorklistRequest.parse(new DataSet(), true), OPEN, 100, () -> false, items::add);
        assertThat(items).extracting(i -> i.getString(Tag.AccessionNumber)).containsExactly("A1", "A3");
        assertThat(items.get(0).get(Tag.ScheduledProcedureStepSequence).items().get(0)
            .getString(Tag.ScheduledProcedureStepStatus)).isEqualTo("STARTED");
        assertThat(find(new DataSet(), Set.of(OrderStatus.values()))).containsExactly("A1", "A3", "A2");
        assertThat(WorklistView.get(c, "A2").orElseThrow().status()).isEqualTo(OrderStatus.CANCELLED);
    }

    @Test
    void anUpdateKeepsTheStatusAndImagesAreRecordedOnce() throws Exception {
        WorklistView.apply(c, new WorklistChange.StatusChanged("A1", OrderStatus.IN_PROGRESS, "mpps:CT01", T));
        Order moved = Orders.ct("A1", "P1", "Doe^Jane", "CT09", "20270107", "1400");
        WorklistView.apply(c, new WorklistChange.Placed("A1", moved, null, "hl7:" + "R".repeat(300), T.plusSeconds(5)));
        WorklistView.apply(c, new WorklistChange.ImagesArrived("A1", "1.2.3", T));
        WorklistView.apply(c, new WorklistChange.ImagesArrived("A1", "1.2.3", T));
        WorklistRow row = WorklistView.get(c, "A1").orElseThrow();
        assertThat(row.status()).isEqualTo(OrderStatus.IN_PROGRESS);
        assertThat(row.order()).isEqualTo(moved);
        assertThat(row.linkedStudies()).containsExactly("1.2.3");
        assertThat(row.source()).hasSize(256); // a sender's name longer than the column is cut, not refused
        assertThat(find(step("", "", "CT09"), OPEN)).containsExactly("A1");
    }

    @Test
    void listingsPatientsAndStudyLinks() throws Exception {
        assertThat(WorklistView.list(c, new WorklistListing(null, "CT", null, null, "20270105", "20270105", 10, 0)))
            .extracting(WorklistRow::accessionNumber).containsExactly("A1");
        assertThat(WorklistView.list(c, new WorklistListing(Set.of(), null, null, null, null, null, 1, 1)))
            .extracting(WorklistRow::accessionNumber).containsExactly("A3");
        assertThat(WorklistView.ofPatient(c, "P1", "HOSP", OPEN)).extracting(WorklistRow::accessionNumber)
            .containsExactlyInAnyOrder("A1", "A2");
        assertThat(WorklistView.ofPatient(c, "P1", null, OPEN)).hasSize(2);
        assertThat(WorklistView.ofPatient(c, "P1", "OTHER", OPEN)).isEmpty();
        Order a3 = WorklistView.get(c, "A3").orElseThrow().order();
        assertThat(WorklistView.ordersForStudy(c, "A1", "9.9")).containsExactly("A1");
        assertThat(WorklistView.ordersForStudy(c, "", a3.studyInstanceUid())).containsExactly("A3");
        assertThat(WorklistView.ordersForStudy(c, null, "9.9")).isEmpty();
        Patient renamed = new Patient("P1", "HOSP", "Doe^Janet", "19700101", "F");
        assertThat(renamed.withId("P9", null).id()).isEqualTo("P9");
    }

    @Test
    void queriesAreAuditedNewestFirst() throws Exception {
        WorklistView.audit(c, new WorklistQueryAudit(T, "CT01", "{}", 3, 1.5, "0000"));
        WorklistView.audit(c, new WorklistQueryAudit(T.plusSeconds(1), "MR01", "{\"00100010\":{\"vr\":\"PN\"}}", 0,
            0.7, "FE00"));
        List<WorklistQueryAudit> recent = WorklistView.recentQueries(c, 10);
        assertThat(recent).extracting(WorklistQueryAudit::callingAeTitle).containsExactly("MR01", "CT01");
        assertThat(recent.get(1).matches()).isEqualTo(3);
        assertThat(recent.get(0).status()).isEqualTo("FE00");
        assertThat(WorklistView.recentQueries(c, 1)).hasSize(1);
    }
}
