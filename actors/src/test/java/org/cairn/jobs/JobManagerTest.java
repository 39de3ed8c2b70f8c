package org.cairn.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Jobs as actors: progress, results, failures, cancellation and the limit on jobs running at once. */
class JobManagerTest {
    private static final ActorTestKit KIT = ActorTestKit.create();
    private static final ExecutorService BLOCKING = Executors.newCachedThreadPool();

    @AfterAll
    static void stop() {
        KIT.shutdownTestKit();
        BLOCKING.shutdownNow();
    }

    private static Jobs jobs(int maxRunning) {
        return new Jobs(KIT.spawn(JobManager.create(BLOCKING, maxRunning, 3)), KIT.system());
    }

    interface Check {
        void run() throws Exception;
    }

    private static void eventually(Check check) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            try {
                check.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(20);
            }
        }
    }

    private static JobStatus status(Jobs jobs, String id) throws Exception {
        return jobs.get(id).toCompletableFuture().get(5, TimeUnit.SECONDS).orElseThrow();
    }

    @Test
    void aJobReportsProgressThenItsResult() throws Exception {
        Jobs jobs = jobs(2);
        CountDownLatch halfway = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        JobStatus submitted = jobs.submit("export", "1.2.3", "alice", progress -> {
            progress.total(4);
            progress.advance(2, "two done");
            halfway.countDown();
            resume.await();
            progress.advance(2, "all done");
            return Map.of("file", progress.jobId() + ".zip");
        }).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(submitted.createdBy()).isEqualTo("alice");
        halfway.await(5, TimeUnit.SECONDS);
        eventually(() -> {
            JobStatus running = status(jobs, submitted.id());
            assertThat(running.state()).isEqualTo(JobState.RUNNING);
            assertThat(running.done()).isEqualTo(2);
            assertThat(running.total()).isEqualTo(4);
        });
        resume.countDown();
        eventually(() -> {
            JobStatus done = status(jobs, submitted.id());
            assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(done.done()).isEqualTo(4);
            assertThat(done.result()).containsEntry("file", submitted.id() + ".zip");
            assertThat(done.finishedAt()).isNotNull();
        });
    }

    @Test
    void aFailureIsRecordedWithItsReason() throws Exception {
        Jobs jobs = jobs(2);
        JobStatus submitted = jobs.submit("send", "1.2.3", "bob", progress -> {
            throw new IllegalStateException("study 1.2.3 is deleted");
        }).toCompletableFuture().get(5, TimeUnit.SECONDS);
        eventually(() -> {
            JobStatus failed = status(jobs, submitted.id());
            assertThat(failed.state()).isEqualTo(JobState.FAILED);
            assertThat(failed.message()).isEqualTo("study 1.2.3 is deleted");
        });
    }

    @Test
    void jobsBeyondTheLimitWaitAndCanBeCancelledEitherWay() throws Exception {
        Jobs jobs = jobs(1);
        JobStatus first = jobs.submit("send", "1", "a", progress -> {
            while (!progress.cancelled()) {
                Thread.sleep(10);
            }
            throw new JobWork.Cancelled();
        }).toCompletableFuture().get(5, TimeUnit.SECONDS);
        JobStatus second = jobs.submit("send", "2", "a", progress -> Map.of()).toCompletableFuture()
            .get(5, TimeUnit.SECONDS);
        assertThat(status(jobs, second.id()).state()).isEqualTo(JobState.QUEUED);
        jobs.cancel(second.id()).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(status(jobs, second.id()).state()).isEqualTo(JobState.CANCELLED);
        jobs.cancel(first.id()).toCompletableFuture().get(5, TimeUnit.SECONDS);
        eventually(() ->
            assertThat(status(jobs, first.id()).state()).isEqualTo(JobState.CANCELLED));
        JobStatus third = jobs.submit("send", "3", "a", progress -> Map.of("ok", true)).toCompletableFuture()
            .get(5, TimeUnit.SECONDS);
        eventually(() ->
            assertThat(status(jobs, third.id()).state()).isEqualTo(JobState.SUCCEEDED));
        assertThat(jobs.list().toCompletableFuture().get(5, TimeUnit.SECONDS)).extracting(JobStatus::id)
            .startsWith(third.id());
    }
}
