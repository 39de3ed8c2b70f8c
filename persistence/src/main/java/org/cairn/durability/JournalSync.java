package org.cairn.durability;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.IntConsumer;

/**
 * What makes a journal commit durable before Cairn acknowledges it. For an embedded H2 journal, the database
 * file is forced to disk by a {@link GroupSync} (one fsync for all the commits made while the previous one ran);
 * for a server database the commit is durable when it returns and there is nothing to wait for.
 */
public final class JournalSync implements AutoCloseable {
    private final GroupSync sync;
    private final Path file;

    private JournalSync(GroupSync sync, Path file) {
        this.sync = sync;
        this.file = file;
    }

    /** Chooses by the journal's JDBC URL. */
    public static JournalSync forJournal(String jdbcUrl) {
        return forJournal(jdbcUrl, requestsServed -> { });
    }

    /** As {@link #forJournal(String)}; {@code onFlush} hears how many commits each fsync made durable. */
    public static JournalSync forJournal(String jdbcUrl, IntConsumer onFlush) {
        return JournalFiles.embeddedFile(jdbcUrl)
            .map(file -> new JournalSync(new GroupSync("journal", onFlush), file))
            .orElseGet(JournalSync::none);
    }

    /** Commits are durable as they return. */
    public static JournalSync none() {
        return new JournalSync(null, null);
    }

    /** Completes when every commit that returned before this call is on disk. */
    public CompletionStage<Void> afterCommit() {
        return sync == null ? CompletableFuture.completedFuture(null) : sync.force(List.of(file));
    }

    /** The grouping achieved, for metrics: flushes made and requests served. */
    public long flushes() {
        return sync == null ? 0 : sync.flushes();
    }

    public long requests() {
        return sync == null ? 0 : sync.requests();
    }

    @Override
    public void close() {
        if (sync != null) {
            sync.close();
        }
    }
}
