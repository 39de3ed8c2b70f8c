package org.cairn.audit;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes audit rows off the path of what they audit: rows are queued (bounded) and one writer thread inserts them in
 * batches, one transaction each, at most one batch per {@link #GATHER} ms. A commit per row would cost the database
 * more than the queries or requests themselves. The audited work is answered before its row is written, so a crash
 * may lose the last half second's rows; a full queue (the database far behind) drops rows and counts them in the log
 * rather than slow the work down, and a failing database never fails the work.
 */
public final class BatchedAuditWriter<T> implements Consumer<T>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BatchedAuditWriter.class);
    private static final int BATCH = 500;
    /** How long rows are gathered after the first of a batch arrives. */
    public static final long GATHER = 500;

    /** Inserts one batch on a connection in a transaction the writer commits. */
    @FunctionalInterface
    public interface BatchInsert<T> {
        void insert(Connection c, List<T> batch) throws SQLException;
    }

    private final String name;
    private final DataSource database;
    private final BatchInsert<T> insert;
    private final BlockingQueue<T> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;
    private volatile boolean closing;

    /** {@code name} says which audit in logs and the thread's name; {@code capacity} bounds the queue. */
    public BatchedAuditWriter(String name, DataSource database, int capacity, BatchInsert<T> insert) {
        this.name = name;
        this.database = database;
        this.insert = insert;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.writer = new Thread(this::write, name);
        writer.setDaemon(true);
        writer.start();
    }

    /** Queues {@code row} for writing; never blocks and never throws. */
    @Override
    public void accept(T row) {
        if (closing || !queue.offer(row)) {
            long n = dropped.incrementAndGet();
            if (n == 1 || n % 1000 == 0) {
                LOG.warn("{} is behind: {} rows dropped so far", name, n);
            }
        }
    }

    /** Rows that could not be queued (queue full or writer closed) since start. */
    public long dropped() {
        return dropped.get();
    }

    private void write() {
        List<T> batch = new ArrayList<>(BATCH);
        while (!closing || !queue.isEmpty()) {
            try {
                T first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                long until = System.currentTimeMillis() + GATHER;
                while (batch.size() < BATCH && !closing) {
                    long left = until - System.currentTimeMillis();
                    T next = left > 0 ? queue.poll(left, TimeUnit.MILLISECONDS) : null;
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

    private void insert(List<T> batch) {
        try (Connection c = database.getConnection()) {
            c.setAutoCommit(false);
            try {
                insert.insert(c, batch);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException | RuntimeException e) {
            // the writer goes on with the next batch: a lost batch is logged, a dead writer would lose every later one
            LOG.error("Could not write {} rows of the {}", batch.size(), name, e);
        }
    }

    /** Stops taking rows, writes those queued (waiting at most 10 s), then returns. */
    @Override
    public void close() {
        closing = true;
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the rows still queued are lost, as in a crash
        }
    }
}
