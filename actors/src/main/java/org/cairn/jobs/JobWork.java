package org.cairn.jobs;

import java.util.Map;

/**
 * What a job does: blocking work run on the blocking dispatcher, reporting progress and checking for cancellation
 * between steps. Its result is a small map of facts (counts, a file name) that REST shows.
 */
@FunctionalInterface
public interface JobWork {

    Map<String, Object> run(Progress progress) throws Exception;

    /** How a job reports and learns it was cancelled. */
    interface Progress {
        /** The job's id (an export names its file after it). */
        String jobId();

        void total(long steps);

        void advance(long steps, String message);

        boolean cancelled();

        /** For work run outside a job (a download streamed to its client): nothing reported, never cancelled. */
        static Progress untracked(String id) {
            return new Progress() {
                @Override
                public String jobId() {
                    return id;
                }

                @Override
                public void total(long steps) {
                }

                @Override
                public void advance(long steps, String message) {
                }

                @Override
                public boolean cancelled() {
                    return false;
                }
            };
        }
    }

    /** Thrown by work that stops because it was cancelled. */
    final class Cancelled extends Exception {
        public Cancelled() {
            super("cancelled");
        }
    }
}
