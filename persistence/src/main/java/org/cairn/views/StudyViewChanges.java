package org.cairn.views;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cairn.dicom.AttributePatch;
import org.cairn.dicom.DataElement;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.DicomJson;
import org.cairn.dicom.dict.Tag;

/**
 * Applies what happens to a study after its instances are stored: attribute corrections (every level's record and
 * the patient it belongs to), soft deletion (the study's rows move to the {@code view_deleted_*} tables), restoring
 * (they move back) and purging. On the caller's connection, so each change commits with the projection's offset.
 */
public final class StudyViewChanges {
    private static final List<String> LEVELS = List.of("instance", "series", "study");

    private StudyViewChanges() {
    }

    /** Applies corrections; {@code changes} are this event's, merged into the ones in force. */
    public static void changeAttributes(Connection c, String studyUid, List<AttributePatch.Change> changes)
        throws SQLException {
        String oldPatient;
        DataSet study;
        DataSet inForce;
        int series;
        int instances;
        try (PreparedStatement q = c.prepareStatement("SELECT patient_key, attributes, attribute_changes, series_count,"
            + " instance_count FROM view_study WHERE study_uid = ?")) {
            q.setString(1, studyUid);
            try (ResultSet r = q.executeQuery()) {
                if (!r.next()) {
                    return; // deleted, or not projected: corrections are refused for both, so nothing is lost
                }
                oldPatient = r.getString(1);
                study = ViewUpdater.parse(r.getString(2));
                inForce = r.getString(3) == null ? new DataSet() : ViewUpdater.parse(r.getString(3));
                series = r.getInt(4);
                instances = r.getInt(5);
            }
        }
        AttributePatch.put(study, changes);
        AttributePatch.put(inForce, changes);
        String newPatient = ViewUpdater.patientKey(study);
        try (PreparedStatement u = c.prepareStatement("UPDATE view_study SET patient_key = ?, study_date = ?,"
            + " study_time = ?, accession_number = ?, study_id = ?, study_description = ?, referring_physician_name = ?,"
            + " attributes = ?, attribute_changes = ? WHERE study_uid = ?")) {
            u.setString(1, newPatient);
            u.setString(2, ViewUpdater.date(study, Tag.StudyDate));
            u.setString(3, ViewUpdater.value(study, Tag.StudyTime, 32));
            u.setString(4, ViewUpdater.value(study, Tag.AccessionNumber, 256));
            u.setString(5, ViewUpdater.value(study, Tag.StudyID, 64));
            u.setString(6, ViewUpdater.value(study, Tag.StudyDescription, 256));
            u.setString(7, ViewUpdater.personName(study, Tag.ReferringPhysicianName));
            u.setString(8, DicomJson.inline().toJson(study));
            u.setString(9, DicomJson.inline().toJson(inForce));
            u.setString(10, studyUid);
            u.executeUpdate();
        }
        if (!newPatient.equals(oldPatient)) {
            leavePatient(c, oldPatient, series, instances);
            joinPatient(c, newPatient, study, series, instances);
        } else {
            updatePatient(c, newPatient, changes);
        }
        rewriteAttributes(c, "view_series", "series_uid", studyUid, changes);
        rewriteAttributes(c, "view_instance", "sop_instance_uid", studyUid, changes);
    }

    /** Hides a deleted study: its rows move to the deleted tables and its patient's counts drop. */
    public static void delete(Connection c, String studyUid, Instant at, String by, String reason) throws SQLException {
        Optional<StudyCounts> counts = counts(c, "view_study", studyUid);
        if (counts.isEmpty()) {
            return;
        }
        for (String level : LEVELS) {
            move(c, "view_" + level, "view_deleted_" + level, studyUid);
        }
        try (PreparedStatement i = c.prepareStatement("INSERT INTO view_study_deletion (study_uid, deleted_at,"
            + " deleted_by, reason) VALUES (?, ?, ?, ?)")) {
            i.setString(1, studyUid);
            i.setString(2, at.toString());
            i.setString(3, by);
            i.setString(4, reason == null || reason.length() <= 1024 ? reason : reason.substring(0, 1024));
            i.executeUpdate();
        }
        leavePatient(c, counts.get().patientKey(), counts.get().series(), counts.get().instances());
    }

    /** Brings a deleted study's rows back. */
    public static void restore(Connection c, String studyUid) throws SQLException {
        Optional<StudyCounts> counts = counts(c, "view_deleted_study", studyUid);
        if (counts.isEmpty()) {
            return;
        }
        for (String level : LEVELS) {
            move(c, "view_deleted_" + level, "view_" + level, studyUid);
        }
        delete(c, "view_study_deletion", studyUid);
        DataSet study;
        try (PreparedStatement q = c.prepareStatement("SELECT attributes FROM view_study WHERE study_uid = ?")) {
            q.setString(1, studyUid);
            try (ResultSet r = q.executeQuery()) {
                r.next();
                study = ViewUpdater.parse(r.getString(1));
            }
        }
        joinPatient(c, counts.get().patientKey(), study, counts.get().series(), counts.get().instances());
    }

    /** Forgets a purged study. */
    public static void purge(Connection c, String studyUid) throws SQLException {
        for (String level : LEVELS) {
            delete(c, "view_deleted_" + level, studyUid);
        }
        delete(c, "view_study_deletion", studyUid);
    }

    /** A deleted study as the views know it. */
    public record DeletedStudy(String studyUid, Instant deletedAt, String deletedBy, String reason, String patientKey,
                               String studyDate, String accessionNumber, int instances) {
    }

    /** Deleted studies, oldest deletion first, deleted at or before {@code before}. */
    public static List<DeletedStudy> deleted(Connection c, Instant before, int offset, int limit) throws SQLException {
        List<DeletedStudy> found = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("SELECT d.study_uid, d.deleted_at, d.deleted_by, d.reason,"
            + " s.patient_key, s.study_date, s.accession_number, s.instance_count FROM view_study_deletion d"
            + " LEFT JOIN view_deleted_study s ON s.study_uid = d.study_uid WHERE d.deleted_at <= ?"
            + " ORDER BY d.deleted_at, d.study_uid OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")) {
            q.setString(1, before.toString());
            q.setInt(2, offset);
            q.setInt(3, limit);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    found.add(new DeletedStudy(r.getString(1), Instant.parse(r.getString(2)), r.getString(3),
                        r.getString(4), r.getString(5), r.getString(6), r.getString(7), r.getInt(8)));
                }
            }
        }
        return found;
    }

    /** The corrections in force for a study (empty when none, or when the study is not in the views). */
    public static List<AttributePatch.Change> corrections(Connection c, String studyUid) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT attribute_changes FROM view_study WHERE study_uid = ?")) {
            q.setString(1, studyUid);
            try (ResultSet r = q.executeQuery()) {
                if (!r.next() || r.getString(1) == null) {
                    return List.of();
                }
                return changes(ViewUpdater.parse(r.getString(1)));
            }
        }
    }

    static List<AttributePatch.Change> changes(DataSet inForce) {
        List<AttributePatch.Change> changes = new ArrayList<>();
        for (DataElement e : inForce) {
            String value = e.isEmpty() ? "" : inForce.getString(e.tag());
            changes.add(new AttributePatch.Change(e.tag(), e.vr(), value == null ? "" : value));
        }
        return changes;
    }

    private record StudyCounts(String patientKey, int series, int instances) {
    }

    private static Optional<StudyCounts> counts(Connection c, String table, String studyUid) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT patient_key, series_count, instance_count FROM " + table
            + " WHERE study_uid = ?")) {
            q.setString(1, studyUid);
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? Optional.of(new StudyCounts(r.getString(1), r.getInt(2), r.getInt(3)))
                    : Optional.empty();
            }
        }
    }

    private static void move(Connection c, String from, String to, String studyUid) throws SQLException {
        try (PreparedStatement i = c.prepareStatement("INSERT INTO " + to + " SELECT * FROM " + from
            + " WHERE study_uid = ?")) {
            i.setString(1, studyUid);
            i.executeUpdate();
        }
        delete(c, from, studyUid);
    }

    private static void delete(Connection c, String table, String studyUid) throws SQLException {
        try (PreparedStatement d = c.prepareStatement("DELETE FROM " + table + " WHERE study_uid = ?")) {
            d.setString(1, studyUid);
            d.executeUpdate();
        }
    }

    private static void leavePatient(Connection c, String patientKey, int series, int instances) throws SQLException {
        try (PreparedStatement u = c.prepareStatement("UPDATE view_patient SET study_count = study_count - 1,"
            + " series_count = series_count - ?, instance_count = instance_count - ? WHERE patient_key = ?")) {
            u.setInt(1, series);
            u.setInt(2, instances);
            u.setString(3, patientKey);
            u.executeUpdate();
        }
        try (PreparedStatement d = c.prepareStatement(
            "DELETE FROM view_patient WHERE patient_key = ? AND study_count <= 0")) {
            d.setString(1, patientKey);
            d.executeUpdate();
        }
    }

    private static void joinPatient(Connection c, String patientKey, DataSet study, int series, int instances)
        throws SQLException {
        try (PreparedStatement u = c.prepareStatement("UPDATE view_patient SET study_count = study_count + 1,"
            + " series_count = series_count + ?, instance_count = instance_count + ? WHERE patient_key = ?")) {
            u.setInt(1, series);
            u.setInt(2, instances);
            u.setString(3, patientKey);
            if (u.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO view_patient (patient_key, patient_id,"
            + " issuer_of_patient_id, patient_name, patient_birth_date, patient_sex, study_count, series_count,"
            + " instance_count, attributes) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?)")) {
            p.setString(1, patientKey);
            p.setString(2, ViewUpdater.value(study, Tag.PatientID, 256));
            p.setString(3, ViewUpdater.value(study, Tag.IssuerOfPatientID, 256));
            p.setString(4, ViewUpdater.personName(study, Tag.PatientName));
            p.setString(5, ViewUpdater.date(study, Tag.PatientBirthDate));
            p.setString(6, ViewUpdater.value(study, Tag.PatientSex, 64));
            p.setInt(7, series);
            p.setInt(8, instances);
            p.setString(9, DicomJson.inline().toJson(study));
            p.executeUpdate();
        }
    }

    /** The same patient with corrected attributes (a new name, say): the patient's record follows. */
    private static void updatePatient(Connection c, String patientKey, List<AttributePatch.Change> changes)
        throws SQLException {
        DataSet patient;
        try (PreparedStatement q = c.prepareStatement("SELECT attributes FROM view_patient WHERE patient_key = ?")) {
            q.setString(1, patientKey);
            try (ResultSet r = q.executeQuery()) {
                if (!r.next()) {
                    return;
                }
                patient = ViewUpdater.parse(r.getString(1));
            }
        }
        AttributePatch.put(patient, changes);
        try (PreparedStatement u = c.prepareStatement("UPDATE view_patient SET patient_name = ?,"
            + " patient_birth_date = ?, patient_sex = ?, attributes = ? WHERE patient_key = ?")) {
            u.setString(1, ViewUpdater.personName(patient, Tag.PatientName));
            u.setString(2, ViewUpdater.date(patient, Tag.PatientBirthDate));
            u.setString(3, ViewUpdater.value(patient, Tag.PatientSex, 64));
            u.setString(4, DicomJson.inline().toJson(patient));
            u.setString(5, patientKey);
            u.executeUpdate();
        }
    }

    private static void rewriteAttributes(Connection c, String table, String key, String studyUid,
                                          List<AttributePatch.Change> changes) throws SQLException {
        Map<String, String> rewritten = new LinkedHashMap<>();
        try (PreparedStatement q = c.prepareStatement("SELECT " + key + ", attributes FROM " + table
            + " WHERE study_uid = ?")) {
            q.setString(1, studyUid);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    DataSet attributes = ViewUpdater.parse(r.getString(2));
                    AttributePatch.put(attributes, changes);
                    rewritten.put(r.getString(1), DicomJson.inline().toJson(attributes));
                }
            }
        }
        try (PreparedStatement u = c.prepareStatement("UPDATE " + table + " SET attributes = ? WHERE " + key + " = ?")) {
            for (Map.Entry<String, String> row : rewritten.entrySet()) {
                u.setString(1, row.getValue());
                u.setString(2, row.getKey());
                u.addBatch();
            }
            u.executeBatch();
        }
    }
}
