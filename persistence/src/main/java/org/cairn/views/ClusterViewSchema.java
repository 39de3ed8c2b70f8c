package org.cairn.views;

import java.util.List;
import org.cairn.journal.JournalSchema;
import org.cairn.journal.StatementsMigration;

/**
 * V7: when the patient's record took its attributes' instance's reception, in microseconds since the epoch. With
 * projections running as slices, two studies of one patient are applied in either order; the record keeps the
 * earliest received instance's attributes, which is what one projection in journal order kept.
 */
public final class ClusterViewSchema extends StatementsMigration {

    public ClusterViewSchema(JournalSchema.Dialect dialect) {
        super("7", "patient attributes from the earliest received instance", dialect);
    }

    @Override
    protected List<String> statements() {
        return List.of("ALTER TABLE view_patient ADD COLUMN attributes_received_at BIGINT");
    }
}
