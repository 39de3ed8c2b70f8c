package org.cairn.views;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.DicomReader;
import org.cairn.dicom.DicomWriter;
import org.cairn.dicom.TransferSyntax;
import org.cairn.dicom.dict.Tag;
import org.cairn.query.WorklistRequest;
import org.cairn.worklist.Order;
import org.cairn.worklist.OrderStatus;
import org.cairn.worklist.WorklistChange;
import org.cairn.worklist.WorklistItems;
import org.cairn.worklist.WorklistListing;
import org.cairn.worklist.WorklistQueryAudit;
import org.cairn.worklist.WorklistRow;

/**
 * The worklist view: one row per order, written by the order projection ({@link #apply}) and read by the Modality
 * Worklist SCP ({@link #find}), the REST API ({@link #list}, {@link #get}) and the feeds that act on a patient's
 * orders ({@link #ofPatient}). SQL narrows on the indexed columns; {@link WorklistRequest} decides.
 */
public final class WorklistView {
    private static final ObjectMapper JSON = new ObjectMapper()
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    /** How items are kept in the view. */
    private static final TransferSyntax ITEM_SYNTAX = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
    private static final String COLUMNS = "accession_number, status, order_json, linked_studies, updated_at, source";

    private WorklistView() {
    }

    /** Applies one order event to the view, in the caller's transaction. */
    public static void apply(Connection c, WorklistChange change) throws SQLException {
        if (change instanceof WorklistChange.Placed placed) {
            place(c, placed);
        } else if (change instanceof WorklistChange.StatusChanged moved) {
            Optional<WorklistRow> row = get(c, moved.accessionNumber());
            if (row.isEmpty()) {
                return; // a status without an order: the order's own events come first, so never in a real journal
            }
            try (PreparedStatement u = c.prepareStatement("UPDATE view_worklist SET status = ?, item = ?,"
                + " source = ?, updated_at = ? WHERE accession_number = ?")) {
                u.setString(1, moved.status().name());
                u.setBytes(2, encode(WorklistItems.toDataSet(row.get().order(), moved.status())));
                u.setString(3, source(moved.source()));
                u.setString(4, moved.at().toString());
                u.setString(5, moved.accessionNumber());
                u.executeUpdate();
            }
        } else if (change instanceof WorklistChange.ImagesArrived arrived) {
            Optional<WorklistRow> row = get(c, arrived.accessionNumber());
            if (row.isEmpty() || row.get().linkedStudies().contains(arrived.studyUid())) {
                return;
            }
            List<String> studies = new ArrayList<>(row.get().linkedStudies());
            studies.add(arrived.studyUid());
            try (PreparedStatement u = c.prepareStatement("UPDATE view_worklist SET linked_studies = ?, updated_at = ?"
                + " WHERE accession_number = ?")) {
                u.setString(1, String.join(",", studies));
                u.setString(2, arrived.at().toString());
                u.setString(3, arrived.accessionNumber());
                u.executeUpdate();
            }
        }
    }

    private static void place(Connection c, WorklistChange.Placed placed) throws SQLException {
        Order o = placed.order();
        Optional<WorklistRow> existing = get(c, placed.accessionNumber());
        boolean exists = existing.isPresent();
        // an update keeps the status the order has
        OrderStatus status = placed.status() != null ? placed.status()
            : existing.map(WorklistRow::status).orElse(OrderStatus.SCHEDULED);
        String sql = exists
            ? "UPDATE view_worklist SET status = ?, patient_id = ?, issuer_of_patient_id = ?, patient_name = ?,"
                + " modality = ?, station_ae_title = ?, start_date = ?, start_time = ?, requested_procedure_id = ?,"
                + " study_uid = ?, source = ?, updated_at = ?, order_json = ?, item = ? WHERE accession_number = ?"
            : "INSERT INTO view_worklist (status, patient_id, issuer_of_patient_id, patient_name, modality,"
                + " station_ae_title, start_date, start_time, requested_procedure_id, study_uid, source, updated_at,"
                + " order_json, item, accession_number, linked_studies) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,'')";
        try (PreparedStatement u = c.prepareStatement(sql)) {
            u.setString(1, status.name());
            u.setString(2, o.patient().id());
            u.setString(3, o.patient().issuer());
            u.setString(4, o.patient().name());
            u.setString(5, o.step().modality());
            u.setString(6, o.step().stationAeTitle());
            u.setString(7, o.step().startDate());
            u.setString(8, o.step().startTime());
            u.setString(9, o.requestedProcedureId());
            u.setString(10, o.studyInstanceUid());
            u.setString(11, source(placed.source()));
            u.setString(12, placed.at().toString());
            u.setString(13, json(o));
            u.setBytes(14, encode(WorklistItems.toDataSet(o, status)));
            u.setString(15, placed.accessionNumber());
            u.executeUpdate();
        }
    }

    /**
     * Streams the worklist items that match {@code request} and whose order is in one of {@code statuses} to
     * {@code onMatch}, in order of scheduled start, at most {@code maxMatches} (then {@code truncated}).
     */
    public static ViewQuery.Outcome find(Connection c, WorklistRequest request, Set<OrderStatus> statuses, int maxMatches,
                               BooleanSupplier cancelled, Predicate<DataSet> onMatch) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT item FROM view_worklist WHERE status IN (");
        List<String> parameters = new ArrayList<>();
        statusList(sql, parameters, statuses);
        String[] dates = request.startDateRange();
        if (dates != null && !dates[0].isEmpty()) {
            sql.append(" AND start_date >= ?");
            parameters.add(dates[0]);
        }
        if (dates != null && !dates[1].isEmpty()) {
            sql.append(" AND start_date <= ?");
            parameters.add(dates[1]);
        }
        equality(sql, parameters, "modality", request.singleValue(Tag.Modality));
        equality(sql, parameters, "station_ae_title", request.singleValue(Tag.ScheduledStationAETitle));
        equality(sql, parameters, "patient_id", request.singleValue(Tag.PatientID));
        equality(sql, parameters, "accession_number", request.singleValue(Tag.AccessionNumber));
        equality(sql, parameters, "requested_procedure_id", request.singleValue(Tag.RequestedProcedureID));
        equality(sql, parameters, "study_uid", request.singleValue(Tag.StudyInstanceUID));
        sql.append(" ORDER BY start_date, start_time, accession_number");
        try (PreparedStatement q = c.prepareStatement(sql.toString())) {
            return CandidateScan.scan(q, parameters, r -> DicomReader.readDataSet(r.getBytes(1), ITEM_SYNTAX),
                request::matches, maxMatches, cancelled, onMatch);
        }
    }

    /** The orders that {@code listing} selects, by scheduled start. */
    public static List<WorklistRow> list(Connection c, WorklistListing listing) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM view_worklist WHERE status IN (");
        List<String> parameters = new ArrayList<>();
        statusList(sql, parameters, listing.statuses());
        equality(sql, parameters, "modality", listing.modality());
        equality(sql, parameters, "station_ae_title", listing.stationAeTitle());
        equality(sql, parameters, "patient_id", listing.patientId());
        if (listing.startDateFrom() != null) {
            sql.append(" AND start_date >= ?");
            parameters.add(listing.startDateFrom());
        }
        if (listing.startDateTo() != null) {
            sql.append(" AND start_date <= ?");
            parameters.add(listing.startDateTo());
        }
        sql.append(" ORDER BY start_date, start_time, accession_number LIMIT ").append(listing.limit())
            .append(" OFFSET ").append(listing.offset());
        return rows(c, sql.toString(), parameters);
    }

    public static Optional<WorklistRow> get(Connection c, String accessionNumber) throws SQLException {
        List<WorklistRow> rows = rows(c, "SELECT " + COLUMNS + " FROM view_worklist WHERE accession_number = ?",
            List.of(accessionNumber));
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /** The orders of a patient (any issuer when {@code issuer} is null) in one of {@code statuses}. */
    public static List<WorklistRow> ofPatient(Connection c, String patientId, String issuer, Set<OrderStatus> statuses)
        throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM view_worklist WHERE status IN (");
        List<String> parameters = new ArrayList<>();
        statusList(sql, parameters, statuses);
        equality(sql, parameters, "patient_id", patientId);
        equality(sql, parameters, "issuer_of_patient_id", issuer);
        return rows(c, sql.toString(), parameters);
    }

    /**
     * The Accession Numbers of the orders that images of a study belong to: the order with the study's Accession
     * Number, and any order that handed out its Study Instance UID.
     */
    public static List<String> ordersForStudy(Connection c, String accessionNumber, String studyUid)
        throws SQLException {
        List<String> found = new ArrayList<>();
        boolean byAccession = accessionNumber != null && !accessionNumber.isEmpty();
        try (PreparedStatement q = c.prepareStatement(byAccession
            ? "SELECT accession_number FROM view_worklist WHERE accession_number = ? OR study_uid = ?"
            : "SELECT accession_number FROM view_worklist WHERE study_uid = ?")) {
            if (byAccession) {
                q.setString(1, accessionNumber);
                q.setString(2, studyUid);
            } else {
                q.setString(1, studyUid);
            }
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    found.add(r.getString(1));
                }
            }
        }
        return found;
    }

    /** Records one worklist query. */
    public static void audit(Connection c, WorklistQueryAudit query) throws SQLException {
        try (PreparedStatement u = c.prepareStatement("INSERT INTO worklist_query_audit (queried_at, calling_ae_title,"
            + " keys_json, matches, duration_ms, status) VALUES (?,?,?,?,?,?)")) {
            u.setString(1, query.at().toString());
            u.setString(2, query.callingAeTitle());
            u.setString(3, query.keysJson());
            u.setInt(4, query.matches());
            u.setDouble(5, query.durationMs());
            u.setString(6, query.status());
            u.executeUpdate();
        }
    }

    /** The latest {@code limit} worklist queries, newest first. */
    public static List<WorklistQueryAudit> recentQueries(Connection c, int limit) throws SQLException {
        List<WorklistQueryAudit> queries = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("SELECT queried_at, calling_ae_title, keys_json, matches,"
            + " duration_ms, status FROM worklist_query_audit ORDER BY id DESC LIMIT " + Math.max(0, limit))) {
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    queries.add(new WorklistQueryAudit(Instant.parse(r.getString(1)), r.getString(2), r.getString(3),
                        r.getInt(4), r.getDouble(5), r.getString(6)));
                }
            }
        }
        return queries;
    }

    private static List<WorklistRow> rows(Connection c, String sql, List<String> parameters) throws SQLException {
        List<WorklistRow> rows = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                q.setString(i + 1, parameters.get(i));
            }
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    String linked = r.getString(4);
                    rows.add(new WorklistRow(r.getString(1), OrderStatus.valueOf(r.getString(2)), order(r.getString(3)),
                        linked == null || linked.isEmpty() ? List.of() : Arrays.asList(linked.split(",")),
                        Instant.parse(r.getString(5)), r.getString(6)));
                }
            }
        }
        return rows;
    }

    private static void statusList(StringBuilder sql, List<String> parameters, Set<OrderStatus> statuses) {
        Set<OrderStatus> selected = statuses == null || statuses.isEmpty() ? Set.of(OrderStatus.values()) : statuses;
        String sep = "";
        for (OrderStatus s : selected) {
            sql.append(sep).append('?');
            parameters.add(s.name());
            sep = ",";
        }
        sql.append(')');
    }

    private static void equality(StringBuilder sql, List<String> parameters, String column, String value) {
        if (value != null && !value.isEmpty()) {
            sql.append(" AND ").append(column).append(" = ?");
            parameters.add(value);
        }
    }

    /** The column holds 256 characters: a sender's name (HL7 MSH-3) is not bounded by any feed. */
    private static String source(String source) {
        return source == null || source.length() <= 256 ? source : source.substring(0, 256);
    }

    private static byte[] encode(DataSet item) {
        return DicomWriter.toBytes(item, ITEM_SYNTAX);
    }

    private static String json(Order order) {
        try {
            return JSON.writeValueAsString(order);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Order order(String json) {
        try {
            return JSON.readValue(json, Order.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable order in the worklist view: " + e.getMessage(), e);
        }
    }
}
