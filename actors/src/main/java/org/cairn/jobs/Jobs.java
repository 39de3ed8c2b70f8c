package org.cairn.jobs;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.cairn.concurrent.PlainStages;

/** The node's jobs as REST uses them: submit, list, look up, cancel. */
public final class Jobs {
    private final ActorRef<JobManager.Command> manager;
    private final ActorSystem<?> system;
    private final Duration timeout = Duration.ofSeconds(10);

    public Jobs(ActorRef<JobManager.Command> manager, ActorSystem<?> system) {
        this.manager = manager;
        this.system = system;
    }

    public CompletionStage<JobStatus> submit(String type, String studyUid, String createdBy, JobWork work) {
        return PlainStages.of(AskPattern.ask(manager,
            replyTo -> new JobManager.Submit(type, studyUid, createdBy, work, replyTo), timeout, system.scheduler()));
    }

    public CompletionStage<List<JobStatus>> list() {
        return PlainStages.of(AskPattern.ask(manager, JobManager.ListJobs::new, timeout, system.scheduler()));
    }

    public CompletionStage<Optional<JobStatus>> get(String id) {
        return PlainStages.of(AskPattern.ask(manager, replyTo -> new JobManager.Get(id, replyTo), timeout,
            system.scheduler()));
    }

    public CompletionStage<Optional<JobStatus>> cancel(String id) {
        return PlainStages.of(AskPattern.ask(manager, replyTo -> new JobManager.Cancel(id, replyTo), timeout,
            system.scheduler()));
    }
}
