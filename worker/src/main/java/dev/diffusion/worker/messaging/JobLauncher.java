package dev.diffusion.worker.messaging;

import dev.diffusion.common.messaging.JobDispatch;
import java.time.Duration;
import java.util.Collection;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * What the {@link DispatchConsumer} asks of the job side. All methods are called on the consumer thread.
 */
public interface JobLauncher {

    /** Whether another run can start now. */
    boolean hasCapacity();

    /**
     * Tells the launcher which attempts exist on the topic before any of them is admitted, so a dispatch
     * that a later record of the same poll supersedes (a re-queue after a dead worker) is skipped at once.
     */
    void noteAttempt(UUID jobId, int attempt);

    /** Whether to run, skip or hold back this dispatch (see {@link Admission}). */
    Admission admit(JobDispatch dispatch);

    /**
     * Starts a run on another thread. The future completes with {@link RunEnd#COMPLETED} once the run's final
     * event (SUCCEEDED, FAILED or CANCELLED) is acknowledged by Kafka, or {@link RunEnd#ABANDONED} when
     * the run stopped without one; it never completes exceptionally.
     */
    CompletableFuture<RunEnd> launch(JobDispatch dispatch);

    /**
     * Stops the runs of these jobs without a final event (their dispatch stays uncommitted, so another
     * worker gets it again) and waits up to {@code timeout} for them to end.
     */
    void abandon(Collection<UUID> jobIds, Duration timeout);

    /** Whether to run, skip or hold back a dispatch. */
    enum Decision {
        /** Run it. */
        RUN,
        /** Do not run it and move past it (stale attempt, cancelled job, already finished here). */
        SKIP,
        /** The same attempt runs on this worker now: keep the record and look at it again after that run ends. */
        DEFER
    }

    /**
     * @param decision what to do
     * @param reason   why, for the log
     */
    record Admission(Decision decision, String reason) {

        public static Admission run() {
            return new Admission(Decision.RUN, "");
        }

        public static Admission skip(String reason) {
            return new Admission(Decision.SKIP, reason);
        }

        public static Admission defer(String reason) {
            return new Admission(Decision.DEFER, reason);
        }
    }

    /** How a run ended, as far as the dispatch's offset is concerned. */
    enum RunEnd {
        /** The final event is published: the offset may be committed. */
        COMPLETED,
        /** No final event: the offset must not be committed. */
        ABANDONED
    }
}
