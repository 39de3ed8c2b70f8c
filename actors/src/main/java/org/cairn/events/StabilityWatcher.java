package org.cairn.events;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.cairn.study.StudyStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds studies that went quiet (no instance for {@code stableAfter}, as the feed remembers them) and asks their
 * entity to announce them stable; the entity decides from its own state, so a late instance or a second watcher
 * makes no false or double announcement.
 */
public final class StabilityWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StabilityWatcher.class);
    private static final int BATCH = 200;

    private final DataSource database;
    private final StudyStore studies;
    private final Duration stableAfter;
    private final ScheduledExecutorService timer;

    private StabilityWatcher(DataSource database, StudyStore studies, Duration stableAfter) {
        this.database = database;
        this.studies = studies;
        this.stableAfter = stableAfter;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cairn-stability-watcher");
            t.setDaemon(true);
            return t;
        });
    }

    public static StabilityWatcher start(DataSource database, StudyStore studies, Duration stableAfter,
                                         Duration interval) {
        StabilityWatcher watcher = new StabilityWatcher(database, studies, stableAfter);
        watcher.timer.scheduleWithFixedDelay(watcher::check, interval.toMillis(), interval.toMillis(),
            TimeUnit.MILLISECONDS);
        return watcher;
    }

    private void check() {
        try {
            List<String> quiet;
            try (Connection c = database.getConnection()) {
                c.setReadOnly(true);
                quiet = JdbcFeedMemory.quietStudies(c, Instant.now().minus(stableAfter), BATCH);
            }
            for (String study : quiet) {
                // one at a time: the entities answer quickly, and the next check comes soon enough
                studies.markStable(study, stableAfter).toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("looking for stable studies failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
