package org.cairn.jobs;

import java.time.Instant;
import java.util.Map;

/**
 * A job as REST shows it: what it is, who asked, its progress ({@code done} of {@code total} steps, e.g. instances)
 * and, once finished, its result or why it failed.
 */
public record JobStatus(String id, String type, String studyUid, String createdBy, Instant createdAt, JobState state,
                        long done, long total, String message, Instant finishedAt, Map<String, Object> result) {

    JobStatus running() {
        return new JobStatus(id, type, studyUid, createdBy, createdAt, JobState.RUNNING, done, total, message, null,
            result);
    }

    JobStatus progressed(long nowDone, long nowTotal, String nowMessage) {
        return new JobStatus(id, type, studyUid, createdBy, createdAt, state, nowDone, nowTotal,
            nowMessage == null ? message : nowMessage, finishedAt, result);
    }

    JobStatus finished(JobState end, String why, Map<String, Object> outcome, Instant at) {
        return new JobStatus(id, type, studyUid, createdBy, createdAt, end, done, total, why, at,
            outcome == null ? Map.of() : outcome);
    }
}
