package org.cairn.worklist;

import java.util.function.Consumer;
import javax.sql.DataSource;
import org.cairn.audit.BatchedAuditWriter;
import org.cairn.views.WorklistView;

/**
 * Writes the worklist query audit off the query's path through a {@link BatchedAuditWriter} (a commit per query made
 * the embedded database write a chunk per query, CPU the queries themselves needed).
 */
public final class WorklistAuditLog implements Consumer<WorklistQueryAudit>, AutoCloseable {
    private static final int CAPACITY = 10_000;
    /** How long rows are gathered after the first of a batch arrives. */
    static final long GATHER = BatchedAuditWriter.GATHER;

    private final BatchedAuditWriter<WorklistQueryAudit> writer;

    public WorklistAuditLog(DataSource views) {
        this.writer = new BatchedAuditWriter<>("worklist-query-audit", views, CAPACITY, (c, batch) -> {
            for (WorklistQueryAudit query : batch) {
                WorklistView.audit(c, query);
            }
        });
    }

    @Override
    public void accept(WorklistQueryAudit query) {
        writer.accept(query);
    }

    /** Stops taking rows, writes those queued (waiting at most 10 s), then returns. */
    @Override
    public void close() throws InterruptedException {
        writer.close();
    }
}
