package org.cairn.jobs;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the node's jobs: queues them, runs at most {@code maxRunning} at once (each as a {@link JobRunner} child),
 * records their progress and ends, and answers REST's questions. Finished jobs are kept, newest first, up to
 * {@code keepFinished}; jobs live in memory, so a restart forgets them (their effects — events, stored instances,
 * files — stay).
 */
public final class JobManager {
    private static final Logger LOG = LoggerFactory.getLogger(JobManager.class);

    public sealed interface Command {
    }

    public record Submit(String type, String studyUid, String createdBy, JobWork work, ActorRef<JobStatus> replyTo)
        implements Command {
    }

    public record Get(String id, ActorRef<Optional<JobStatus>> replyTo) implements Command {
    }

    public record ListJobs(ActorRef<List<JobStatus>> replyTo) implements Command {
    }

    public record Cancel(String id, ActorRef<Optional<JobStatus>> replyTo) implements Command {
    }

    record Progressed(String id, long done, long total, String message) implements Command {
    }

    record Ended(String id, Map<String, Object> result, Throwable failure, boolean cancelled) implements Command {
    }

    private final ActorContext<Command> ctx;
    private final Executor blocking;
    private final int maxRunning;
    private final int keepFinished;
    private final Map<String, JobStatus> jobs = new LinkedHashMap<>();
    private final Map<String, JobWork> waiting = new LinkedHashMap<>();
    private final Map<String, ActorRef<JobRunner.Command>> running = new LinkedHashMap<>();
    private final Deque<String> finished = new ArrayDeque<>();

    private JobManager(ActorContext<Command> ctx, Executor blocking, int maxRunning, int keepFinished) {
        this.ctx = ctx;
        this.blocking = blocking;
        this.maxRunning = maxRunning;
        this.keepFinished = keepFinished;
    }

    public static Behavior<Command> create(Executor blocking, int maxRunning, int keepFinished) {
        return Behaviors.setup(ctx -> new JobManager(ctx, blocking, maxRunning, keepFinished).behavior());
    }

    private Behavior<Command> behavior() {
        return Behaviors.receive(Command.class)
            .onMessage(Submit.class, s -> {
                String id = UUID.randomUUID().toString();
                JobStatus status = new JobStatus(id, s.type(), s.studyUid(), s.createdBy(), Instant.now(),
                    JobState.QUEUED, 0, 0, null, null, Map.of());
                jobs.put(id, status);
                waiting.put(id, s.work());
                startWaiting();
                s.replyTo().tell(jobs.get(id));
                return Behaviors.same();
            })
            .onMessage(Get.class, g -> {
                g.replyTo().tell(Optional.ofNullable(jobs.get(g.id())));
                return Behaviors.same();
            })
            .onMessage(ListJobs.class, l -> {
                List<JobStatus> all = new ArrayList<>(jobs.values());
                all.sort(Comparator.comparing(JobStatus::createdAt).reversed());
                l.replyTo().tell(List.copyOf(all));
                return Behaviors.same();
            })
            .onMessage(Cancel.class, c -> {
                JobStatus status = jobs.get(c.id());
                if (status != null && waiting.remove(c.id()) != null) {
                    end(c.id(), status.finished(JobState.CANCELLED, "cancelled before it started", null, Instant.now()));
                } else if (running.containsKey(c.id())) {
                    running.get(c.id()).tell(new JobRunner.Cancel());
                }
                c.replyTo().tell(Optional.ofNullable(jobs.get(c.id())));
                return Behaviors.same();
            })
            .onMessage(Progressed.class, p -> {
                JobStatus status = jobs.get(p.id());
                if (status != null && !status.state().finished()) {
                    jobs.put(p.id(), status.progressed(p.done(), p.total(), p.message()));
                }
                return Behaviors.same();
            })
            .onMessage(Ended.class, e -> {
                running.remove(e.id());
                JobStatus status = jobs.get(e.id());
                if (status != null) {
                    JobStatus end;
                    if (e.failure() instanceof JobWork.Cancelled || (e.failure() != null && e.cancelled())) {
                        end = status.finished(JobState.CANCELLED, "cancelled", e.result(), Instant.now());
                    } else if (e.failure() != null) {
                        LOG.warn("job {} ({} of {}) failed: {}", e.id(), status.type(), status.studyUid(),
                            e.failure().toString());
                        end = status.finished(JobState.FAILED, String.valueOf(e.failure().getMessage()), e.result(),
                            Instant.now());
                    } else {
                        end = status.finished(JobState.SUCCEEDED, status.message(), e.result(), Instant.now());
                    }
                    end(e.id(), end);
                }
                startWaiting();
                return Behaviors.same();
            })
            .build();
    }

    private void startWaiting() {
        while (running.size() < maxRunning && !waiting.isEmpty()) {
            String id = waiting.keySet().iterator().next();
            JobWork work = waiting.remove(id);
            jobs.put(id, jobs.get(id).running());
            running.put(id, ctx.spawn(JobRunner.create(id, work, blocking, ctx.getSelf()), "job-" + id));
        }
    }

    private void end(String id, JobStatus status) {
        jobs.put(id, status);
        finished.addFirst(id);
        while (finished.size() > keepFinished) {
            jobs.remove(finished.removeLast());
        }
    }
}
