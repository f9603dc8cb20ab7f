package dev.diffusion.worker.job;

import dev.diffusion.common.messaging.JobDispatch;
import dev.diffusion.worker.messaging.JobLauncher.RunEnd;
import java.util.concurrent.CompletableFuture;

/**
 * One attempt running on this worker: its dispatch, its context (with the stop flags) and reporter, and
 * the future the consumer waits on to commit.
 */
final class RunningJob {

    private final JobDispatch dispatch;
    private final JobContext context;
    private final AttemptReporter reporter;
    private final CompletableFuture<RunEnd> end = new CompletableFuture<>();

    RunningJob(JobDispatch dispatch, JobContext context, AttemptReporter reporter) {
        this.dispatch = dispatch;
        this.context = context;
        this.reporter = reporter;
    }

    JobDispatch dispatch() {
        return dispatch;
    }

    JobContext context() {
        return context;
    }

    AttemptReporter reporter() {
        return reporter;
    }

    CompletableFuture<RunEnd> end() {
        return end;
    }

    /** Stop within one step, keep what was made, report CANCELLED. */
    void cancel() {
        context.requestCancel();
    }

    /** Stop within one step and report nothing final: the dispatch stays uncommitted. */
    void abandon() {
        context.requestAbandon();
    }

    @Override
    public String toString() {
        return "job " + dispatch.jobId() + " attempt " + dispatch.attempt();
    }
}
