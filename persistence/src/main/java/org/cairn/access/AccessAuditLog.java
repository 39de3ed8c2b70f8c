package org.cairn.access;

import java.sql.PreparedStatement;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.cairn.audit.BatchedAuditWriter;

/**
 * Writes the HTTP access audit off the request path through a {@link BatchedAuditWriter}: a viewer opening a study
 * makes a request per frame, so a commit per request would cost the database more than the requests themselves.
 */
public final class AccessAuditLog implements Consumer<AccessRecord>, AutoCloseable {
    private static final int CAPACITY = 20_000;
    /** How long rows are gathered after the first of a batch arrives. */
    static final long GATHER = BatchedAuditWriter.GATHER;

    private final BatchedAuditWriter<AccessRecord> writer;

    public AccessAuditLog(DataSource database) {
        this.writer = new BatchedAuditWriter<>("access-audit", database, CAPACITY, (c, batch) -> {
            try (PreparedStatement insert = AccessAudit.prepareInsert(c)) {
                for (AccessRecord access : batch) {
                    AccessAudit.add(insert, access);
                }
                insert.executeBatch();
            }
        });
    }

    /** Queues {@code access} for writing; never blocks and never throws. */
    @Override
    public void accept(AccessRecord access) {
        writer.accept(access);
    }

    /** Rows that could not be queued (queue full or log closed) since start. */
    public long dropped() {
        return writer.dropped();
    }

    /** Stops taking rows, writes those queued (waiting at most 10 s), then returns. */
    @Override
    public void close() {
        writer.close();
    }
}
