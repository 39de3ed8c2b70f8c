package org.cairn.worklist;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.cairn.views.WorklistView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the worklist query audit off the query's path: queries are queued (bounded) and one writer thread inserts
 * them in batches, one transaction each, at most one batch per {@link #GATHER} (a commit per query made the embedded
 * database write a chunk per query, CPU the queries themselves needed). A query is answered before its audit row is
 * written, so a crash may lose the last half second's rows; a full queue (the database far behind) drops rows and
 * counts them in the log rather than slow the modalities down.
 */
public final class WorklistAuditLog implements Consumer<WorklistQueryAudit>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorklistAuditLog.class);
    private static final int CAPACITY = 10_000;
    private static final int BATCH = 500;
    /** How long rows are gathered after the first of a batch arrives. */
    static final long GATHER = 500;

    private final DataSource views;
    private final BlockingQueue<WorklistQueryAudit> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;
    private volatile boolean closing;

    public WorklistAuditLog(DataSource views) {
        this.views = views;
        this.writer = new Thread(this::write, "worklist-audit");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void accept(WorklistQueryAudit query) {
        if (closing || !queue.offer(query)) {
            long n = dropped.incrementAndGet();
            if (n == 1 || n % 1000 == 0) {
                LOG.warn("Worklist query audit is behind: {} rows dropped so far", n);
            }
        }
    }

    private void write() {
        List<WorklistQueryAudit> batch = new ArrayList<>(BATCH);
        while (!closing || !queue.isEmpty()) {
            try {
                WorklistQueryAudit first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                long until = System.currentTimeMillis() + GATHER;
                while (batch.size() < BATCH && !closing) {
                    long left = until - System.currentTimeMillis();
                    WorklistQueryAudit next = left > 0 ? queue.poll(left, TimeUnit.MILLISECONDS) : null;
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                }
                queue.drainTo(batch, BATCH - batch.size());
                insert(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void insert(List<WorklistQueryAudit> batch) {
        try (Connection c = views.getConnection()) {
            c.setAutoCommit(false);
            try {
                for (WorklistQueryAudit query : batch) {
                    WorklistView.audit(c, query);
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException | RuntimeException e) {
            // the writer goes on with the next batch: a lost batch is logged, a dead writer would lose every later one
            LOG.error("Could not write {} worklist query audit rows", batch.size(), e);
        }
    }

    /** Stops taking rows, writes those queued (waiting at most 10 s), then returns. */
    @Override
    public void close() throws InterruptedException {
        closing = true;
        writer.join(10_000);
    }
}
