package org.cairn.views;

import java.util.List;
import org.cairn.journal.JournalSchema;
import org.cairn.journal.StatementsMigration;

/**
 * V2: the query views that projections fill from the Study events: one table per Query/Retrieve level, with
 * indexed columns for the keys queries match most, the computed attributes, and each record's attributes as
 * DICOM JSON so that any return key can be answered. Large text is CLOB on H2 and TEXT on PostgreSQL.
 */
public final class ViewSchema extends StatementsMigration {

    public ViewSchema(JournalSchema.Dialect dialect) {
        super("2", "query views: patient, study, series and instance", dialect);
    }

    @Override
    protected List<String> statements() {
        String text = text();
        return List.of(
            "CREATE TABLE view_patient ("
                + " patient_key VARCHAR(400) PRIMARY KEY,"
                + " patient_id VARCHAR(256), issuer_of_patient_id VARCHAR(256), patient_name VARCHAR(400),"
                + " patient_birth_date VARCHAR(8), patient_sex VARCHAR(64),"
                + " study_count INT NOT NULL, series_count INT NOT NULL, instance_count INT NOT NULL,"
                + " attributes " + text + " NOT NULL)",
            "CREATE INDEX view_patient_id ON view_patient (patient_id)",
            "CREATE INDEX view_patient_name ON view_patient (patient_name)",
            "CREATE INDEX view_patient_birth_date ON view_patient (patient_birth_date)",
            "CREATE TABLE view_study ("
                + " study_uid VARCHAR(64) PRIMARY KEY, patient_key VARCHAR(400) NOT NULL,"
                + " study_date VARCHAR(8), study_time VARCHAR(32), accession_number VARCHAR(256), study_id VARCHAR(64),"
                + " study_description VARCHAR(256), referring_physician_name VARCHAR(400), institution_name VARCHAR(256),"
                + " modalities_in_study VARCHAR(400) NOT NULL, sop_classes_in_study " + text + " NOT NULL,"
                + " series_count INT NOT NULL, instance_count INT NOT NULL,"
                + " attributes " + text + " NOT NULL)",
            "CREATE INDEX view_study_patient ON view_study (patient_key)",
            "CREATE INDEX view_study_date ON view_study (study_date)",
            "CREATE INDEX view_study_accession ON view_study (accession_number)",
            "CREATE INDEX view_study_id ON view_study (study_id)",
            "CREATE TABLE view_series ("
                + " series_uid VARCHAR(64) PRIMARY KEY, study_uid VARCHAR(64) NOT NULL,"
                + " modality VARCHAR(64), series_number VARCHAR(32), series_description VARCHAR(256),"
                + " body_part_examined VARCHAR(64), series_date VARCHAR(8), pps_start_date VARCHAR(8),"
                + " instance_count INT NOT NULL, attributes " + text + " NOT NULL)",
            "CREATE INDEX view_series_study ON view_series (study_uid)",
            "CREATE INDEX view_series_modality ON view_series (modality)",
            "CREATE TABLE view_instance ("
                + " sop_instance_uid VARCHAR(64) PRIMARY KEY, series_uid VARCHAR(64) NOT NULL,"
                + " study_uid VARCHAR(64) NOT NULL, sop_class_uid VARCHAR(64) NOT NULL, instance_number VARCHAR(32),"
                + " content_date VARCHAR(8), number_of_frames VARCHAR(32), transfer_syntax_uid VARCHAR(64) NOT NULL,"
                + " digest VARCHAR(64) NOT NULL, size BIGINT NOT NULL, source_ae_title VARCHAR(64),"
                + " received_at VARCHAR(40) NOT NULL, attributes " + text + " NOT NULL)",
            "CREATE INDEX view_instance_series ON view_instance (series_uid)",
            "CREATE INDEX view_instance_study ON view_instance (study_uid)");
    }
}
