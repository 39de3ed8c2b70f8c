package org.cairn.jobs;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * One running job: an actor that starts the work on the blocking dispatcher, forwards its progress to the
 * {@link JobManager} and reports how it ended, then stops. Cancelling sets a flag the work checks between steps.
 */
final class JobRunner {
    sealed interface Command {
    }

    record Cancel() implements Command {
    }

    private record Ended(Map<String, Object> result, Throwable failure) implements Command {
    }

    private JobRunner() {
    }

    static Behavior<Command> create(String id, JobWork work, Executor blocking, ActorRef<JobManager.Command> manager) {
        return Behaviors.setup(ctx -> {
            AtomicBoolean cancelled = new AtomicBoolean();
            AtomicLong done = new AtomicLong();
            AtomicLong total = new AtomicLong();
            JobWork.Progress progress = new JobWork.Progress() {
                @Override
                public String jobId() {
                    return id;
                }

                @Override
                public void total(long steps) {
                    total.set(steps);
                    manager.tell(new JobManager.Progressed(id, done.get(), steps, null));
                }

                @Override
                public void advance(long steps, String message) {
                    manager.tell(new JobManager.Progressed(id, done.addAndGet(steps), total.get(), message));
                }

                @Override
                public boolean cancelled() {
                    return cancelled.get();
                }
            };
            ctx.pipeToSelf(CompletableFuture.supplyAsync(() -> {
                try {
                    return work.run(progress);
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            }, blocking), (result, failure) -> new Ended(result, failure instanceof CompletionException c
                && c.getCause() != null ? c.getCause() : failure));
            return Behaviors.receive(Command.class)
                .onMessage(Cancel.class, c -> {
                    cancelled.set(true);
                    return Behaviors.same();
                })
                .onMessage(Ended.class, e -> {
                    manager.tell(new JobManager.Ended(id, e.result(), e.failure(), cancelled.get()));
                    return Behaviors.stopped();
                })
                .build();
        });
    }
}
