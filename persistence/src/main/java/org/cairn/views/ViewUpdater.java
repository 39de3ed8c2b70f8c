package org.cairn.views;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.DicomException;
import org.cairn.dicom.DicomJson;
import org.cairn.dicom.dict.Tag;
import org.cairn.query.PersonNames;

/**
 * Applies stored instances to the views on a connection the caller owns (the projection's transaction, so the
 * update and its offset commit together). Each level's record keeps the attributes of its first instance; the
 * counts, Modalities in Study and SOP Classes in Study are kept up to date as instances arrive.
 */
public final class ViewUpdater {
    private ViewUpdater() {
    }

    /** Records {@code instance}: new, or (same SOP Instance UID) replacing the one recorded. */
    public static void apply(Connection c, IndexedInstance instance) throws SQLException {
        DataSet attributes = parse(instance.attributesJson());
        String json = instance.attributesJson();
        if (exists(c, "SELECT 1 FROM view_instance WHERE sop_instance_uid = ?", instance.sopInstanceUid())) {
            try (PreparedStatement u = c.prepareStatement("UPDATE view_instance SET sop_class_uid = ?,"
                + " instance_number = ?, content_date = ?, number_of_frames = ?, transfer_syntax_uid = ?, digest = ?,"
                + " size = ?, source_ae_title = ?, received_at = ?, attributes = ? WHERE sop_instance_uid = ?")) {
                bindInstanceValues(u, 1, instance, attributes, json);
                u.setString(11, instance.sopInstanceUid());
                u.executeUpdate();
            }
            return;
        }
        try (PreparedStatement i = c.prepareStatement("INSERT INTO view_instance (sop_class_uid, instance_number,"
            + " content_date, number_of_frames, transfer_syntax_uid, digest, size, source_ae_title, received_at,"
            + " attributes, sop_instance_uid, series_uid, study_uid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            bindInstanceValues(i, 1, instance, attributes, json);
            i.setString(11, instance.sopInstanceUid());
            i.setString(12, instance.seriesUid());
            i.setString(13, instance.studyUid());
            i.executeUpdate();
        }
        boolean newSeries = !exists(c, "SELECT 1 FROM view_series WHERE series_uid = ?", instance.seriesUid());
        if (newSeries) {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO view_series (series_uid, study_uid, modality,"
                + " series_number, series_description, body_part_examined, series_date, pps_start_date,"
                + " instance_count, attributes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?)")) {
                s.setString(1, instance.seriesUid());
                s.setString(2, instance.studyUid());
                s.setString(3, value(attributes, Tag.Modality, 64));
                s.setString(4, value(attributes, Tag.SeriesNumber, 32));
                s.setString(5, value(attributes, Tag.SeriesDescription, 256));
                s.setString(6, value(attributes, Tag.BodyPartExamined, 64));
                s.setString(7, date(attributes, Tag.SeriesDate));
                s.setString(8, date(attributes, Tag.PerformedProcedureStepStartDate));
                s.setString(9, json);
                s.executeUpdate();
            }
        } else {
            increment(c, "UPDATE view_series SET instance_count = instance_count + 1 WHERE series_uid = ?",
                instance.seriesUid());
        }
        String patientKey = patientKey(attributes);
        String modality = value(attributes, Tag.Modality, 64);
        // one read of the study: whether it exists, its lists to extend, and its patient (its first instance's)
        String modalities = null;
        String sopClasses = null;
        try (PreparedStatement q = c.prepareStatement(
            "SELECT modalities_in_study, sop_classes_in_study, patient_key FROM view_study WHERE study_uid = ?")) {
            q.setString(1, instance.studyUid());
            try (ResultSet r = q.executeQuery()) {
                if (r.next()) {
                    modalities = addValue(r.getString(1), modality);
                    sopClasses = addValue(r.getString(2), instance.sopClassUid());
                    patientKey = r.getString(3);
                }
            }
        }
        boolean newStudy = modalities == null;
        if (newStudy) {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO view_study (study_uid, patient_key, study_date,"
                + " study_time, accession_number, study_id, study_description, referring_physician_name,"
                + " institution_name, modalities_in_study, sop_classes_in_study, series_count, instance_count,"
                + " attributes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 1, ?)")) {
                s.setString(1, instance.studyUid());
                s.setString(2, patientKey);
                s.setString(3, date(attributes, Tag.StudyDate));
                s.setString(4, value(attributes, Tag.StudyTime, 32));
                s.setString(5, value(attributes, Tag.AccessionNumber, 256));
                s.setString(6, value(attributes, Tag.StudyID, 64));
                s.setString(7, value(attributes, Tag.StudyDescription, 256));
                s.setString(8, personName(attributes, Tag.ReferringPhysicianName));
                s.setString(9, value(attributes, Tag.InstitutionName, 256));
                s.setString(10, modality == null ? "" : modality);
                s.setString(11, instance.sopClassUid());
                s.setString(12, json);
                s.executeUpdate();
            }
        } else {
            try (PreparedStatement u = c.prepareStatement("UPDATE view_study SET instance_count = instance_count + 1,"
                + " series_count = series_count + ?, modalities_in_study = ?, sop_classes_in_study = ?"
                + " WHERE study_uid = ?")) {
                u.setInt(1, newSeries ? 1 : 0);
                u.setString(2, modalities);
                u.setString(3, sopClasses);
                u.setString(4, instance.studyUid());
                u.executeUpdate();
            }
        }
        long receivedMicros = instance.receivedAt().getEpochSecond() * 1_000_000L + instance.receivedAt().getNano() / 1_000;
        if (exists(c, "SELECT 1 FROM view_patient WHERE patient_key = ?", patientKey)) {
            try (PreparedStatement u = c.prepareStatement("UPDATE view_patient SET instance_count = instance_count + 1,"
                + " series_count = series_count + ?, study_count = study_count + ? WHERE patient_key = ?")) {
                u.setInt(1, newSeries ? 1 : 0);
                u.setInt(2, newStudy ? 1 : 0);
                u.setString(3, patientKey);
                u.executeUpdate();
            }
            // the patient's record keeps the earliest received instance's attributes: projection slices apply two
            // studies of one patient in either order, and live and rebuilt views must agree
            try (PreparedStatement u = c.prepareStatement("UPDATE view_patient SET patient_id = ?,"
                + " issuer_of_patient_id = ?, patient_name = ?, patient_birth_date = ?, patient_sex = ?, attributes = ?,"
                + " attributes_received_at = ? WHERE patient_key = ? AND attributes_received_at > ?")) {
                bindPatient(u, attributes, json);
                u.setLong(7, receivedMicros);
                u.setString(8, patientKey);
                u.setLong(9, receivedMicros);
                u.executeUpdate();
            }
        } else {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO view_patient (patient_id, issuer_of_patient_id,"
                + " patient_name, patient_birth_date, patient_sex, attributes, attributes_received_at, patient_key,"
                + " study_count, series_count, instance_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, 1, 1)")) {
                bindPatient(p, attributes, json);
                p.setLong(7, receivedMicros);
                p.setString(8, patientKey);
                p.executeUpdate();
            }
        }
    }

    private static void bindPatient(PreparedStatement p, DataSet attributes, String json) throws SQLException {
        p.setString(1, value(attributes, Tag.PatientID, 256));
        p.setString(2, value(attributes, Tag.IssuerOfPatientID, 256));
        p.setString(3, personName(attributes, Tag.PatientName));
        p.setString(4, date(attributes, Tag.PatientBirthDate));
        p.setString(5, value(attributes, Tag.PatientSex, 64));
        p.setString(6, json);
    }

    /** Empties every view, before a rebuild from the journal. */
    public static void clear(Connection c) throws SQLException {
        try (var s = c.createStatement()) {
            for (String table : List.of("view_instance", "view_series", "view_study", "view_patient",
                "view_deleted_instance", "view_deleted_series", "view_deleted_study", "view_study_deletion")) {
                s.executeUpdate("DELETE FROM " + table);
            }
        }
    }

    /** Patients are told apart by Patient ID within its issuer; without an ID, by name as well. */
    static String patientKey(DataSet attributes) {
        String id = nullToEmpty(attributes.getString(Tag.PatientID));
        String issuer = nullToEmpty(attributes.getString(Tag.IssuerOfPatientID));
        String key = id + "|" + issuer;
        if (id.isEmpty()) {
            key += "|" + nullToEmpty(attributes.getString(Tag.PatientName));
        }
        return key.length() > 400 ? key.substring(0, 400) : key;
    }

    private static void bindInstanceValues(PreparedStatement s, int first, IndexedInstance instance, DataSet attributes,
                                           String json) throws SQLException {
        s.setString(first, instance.sopClassUid());
        s.setString(first + 1, value(attributes, Tag.InstanceNumber, 32));
        s.setString(first + 2, date(attributes, Tag.ContentDate));
        s.setString(first + 3, value(attributes, Tag.NumberOfFrames, 32));
        s.setString(first + 4, instance.transferSyntaxUid());
        s.setString(first + 5, instance.digest());
        s.setLong(first + 6, instance.size());
        s.setString(first + 7, instance.sourceAeTitle());
        s.setString(first + 8, instance.receivedAt().toString());
        s.setString(first + 9, json);
    }

    static DataSet parse(String json) {
        try {
            return DicomJson.fromJson(json, uri -> null);
        } catch (DicomException unreadable) {
            return new DataSet(); // kept by the store all the same (see InstanceIngest): found by its UIDs only
        }
    }

    private static boolean exists(Connection c, String sql, String key) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(sql)) {
            q.setString(1, key);
            try (ResultSet r = q.executeQuery()) {
                return r.next();
            }
        }
    }

    private static void increment(Connection c, String sql, String key) throws SQLException {
        try (PreparedStatement u = c.prepareStatement(sql)) {
            u.setString(1, key);
            u.executeUpdate();
        }
    }

    private static String addValue(String list, String value) {
        if (value == null || value.isEmpty()) {
            return list;
        }
        Set<String> values = new LinkedHashSet<>();
        if (!list.isEmpty()) {
            values.addAll(List.of(list.split("\\\\")));
        }
        values.add(value);
        return String.join("\\", values);
    }

    /** The first value, cut to the column's width (the JSON keeps it whole; matching re-checks there). */
    static String value(DataSet attributes, int tag, int width) {
        String v = attributes.getString(tag);
        return v == null ? null : v.length() > width ? v.substring(0, width) : v;
    }

    static String date(DataSet attributes, int tag) {
        String v = attributes.getString(tag);
        if (v == null) {
            return null;
        }
        v = v.replace(".", "");
        return v.length() > 8 ? v.substring(0, 8) : v;
    }

    /** Names in match form (groups normalized, upper case): what wildcard and case-insensitive matching compare. */
    static String personName(DataSet attributes, int tag) {
        String v = attributes.getString(tag);
        if (v == null) {
            return null;
        }
        String form = PersonNames.matchForm(v, true);
        return form.length() > 400 ? form.substring(0, 400) : form;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
