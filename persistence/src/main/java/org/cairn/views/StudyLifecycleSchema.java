package org.cairn.views;

import java.util.List;
import org.cairn.journal.JournalSchema;
import org.cairn.journal.StatementsMigration;

/**
 * V5: what the views need of a study's life after it is stored. {@code view_study.attribute_changes} holds the
 * corrections in force (DICOM JSON), which every served file gets applied. A deleted study's rows move to
 * {@code view_deleted_*} tables of the same shape (so queries and retrieval need no filter and restoring is a move
 * back), with when, by whom and why in {@code view_study_deletion}.
 */
public final class StudyLifecycleSchema extends StatementsMigration {

    public StudyLifecycleSchema(JournalSchema.Dialect dialect) {
        super("5", "study attribute corrections and soft deletion in the views", dialect);
    }

    @Override
    protected List<String> statements() {
        return List.of(
            "ALTER TABLE view_study ADD COLUMN attribute_changes " + text(),
            "CREATE TABLE view_deleted_study AS SELECT * FROM view_study WHERE 1 = 0",
            "CREATE TABLE view_deleted_series AS SELECT * FROM view_series WHERE 1 = 0",
            "CREATE TABLE view_deleted_instance AS SELECT * FROM view_instance WHERE 1 = 0",
            "CREATE INDEX view_deleted_study_uid ON view_deleted_study (study_uid)",
            "CREATE INDEX view_deleted_series_study ON view_deleted_series (study_uid)",
            "CREATE INDEX view_deleted_instance_study ON view_deleted_instance (study_uid)",
            "CREATE TABLE view_study_deletion (study_uid VARCHAR(64) PRIMARY KEY, deleted_at VARCHAR(40) NOT NULL,"
                + " deleted_by VARCHAR(256), reason VARCHAR(1024))",
            "CREATE INDEX view_study_deletion_at ON view_study_deletion (deleted_at)");
    }
}
