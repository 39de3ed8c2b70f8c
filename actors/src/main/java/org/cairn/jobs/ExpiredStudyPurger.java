package org.cairn.jobs;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.cairn.views.StudyViewChanges;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Purges studies whose retention after deletion is over: every {@code interval} it lists, from the views, the
 * studies deleted at least {@code retention} ago and submits a purge job for each (at most {@code batch} a round,
 * so a backlog drains without flooding the job queue). The entity refuses a study restored meanwhile.
 */
public final class ExpiredStudyPurger {
    private static final Logger LOG = LoggerFactory.getLogger(ExpiredStudyPurger.class);
    private static final String BY = "retention";

    /** The timer's message. */
    public enum Tick {
        INSTANCE
    }

    private ExpiredStudyPurger() {
    }

    public static Behavior<Tick> create(DataSource views, Jobs jobs, StudyJobs work, Duration retention,
                                        Duration interval, int batch, Executor blocking) {
        return Behaviors.withTimers(timers -> {
            timers.startTimerWithFixedDelay(Tick.INSTANCE, interval);
            return Behaviors.receiveMessage(tick -> {
                CompletableFuture.runAsync(() -> round(views, jobs, work, retention, batch), blocking);
                return Behaviors.same();
            });
        });
    }

    static void round(DataSource views, Jobs jobs, StudyJobs work, Duration retention, int batch) {
        Instant deletedBefore = Instant.now().minus(retention);
        List<StudyViewChanges.DeletedStudy> expired;
        try (Connection c = views.getConnection()) {
            c.setReadOnly(true);
            expired = StudyViewChanges.deleted(c, deletedBefore, 0, batch);
        } catch (Exception e) {
            LOG.warn("cannot list the deleted studies to purge: {}", e.toString());
            return;
        }
        for (StudyViewChanges.DeletedStudy study : expired) {
            LOG.info("purging study {}, deleted at {} by {} ({})", study.studyUid(), study.deletedAt(),
                study.deletedBy(), study.reason());
            jobs.submit("purge", study.studyUid(), BY, work.purge(study.studyUid(), BY, deletedBefore));
        }
    }
}
