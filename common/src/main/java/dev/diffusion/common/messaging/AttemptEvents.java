package dev.diffusion.common.messaging;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Creates the {@link JobEvent}s of one attempt on one worker, numbering them 0, 1, 2, … as the contract
 * requires. Thread-safe: a heartbeat thread and the job thread may share one instance.
 */
public final class AttemptEvents {

    private final UUID jobId;
    private final int attempt;
    private final String workerId;
    private final Clock clock;
    private final AtomicLong nextSequence = new AtomicLong();

    public AttemptEvents(UUID jobId, int attempt, String workerId, Clock clock) {
        this.jobId = jobId;
        this.attempt = attempt;
        this.workerId = workerId;
        this.clock = clock;
    }

    /** Events for the attempt a dispatch asks for. */
    public static AttemptEvents forDispatch(JobDispatch dispatch, String workerId, Clock clock) {
        return new AttemptEvents(dispatch.jobId(), dispatch.attempt(), workerId, clock);
    }

    public JobEvent started() {
        return event(EventKind.STARTED, null, null, null, null, null, null);
    }

    public JobEvent progress(Progress progress, Map<String, Double> metrics) {
        return event(EventKind.PROGRESS, progress, metrics, null, null, null, null);
    }

    /** A progress event that also announces newly uploaded files (e.g. a preview grid). */
    public JobEvent progress(Progress progress, Map<String, Double> metrics, List<Artifact> artifacts) {
        return event(EventKind.PROGRESS, progress, metrics, artifacts, null, null, null);
    }

    public JobEvent heartbeat() {
        return event(EventKind.HEARTBEAT, null, null, null, null, null, null);
    }

    public JobEvent checkpoint(CheckpointRef checkpoint, Progress progress, Map<String, Double> metrics) {
        return event(EventKind.CHECKPOINT, progress, metrics, null, checkpoint, null, null);
    }

    /** Success of a generation job: every artifact it made. */
    public JobEvent succeeded(List<Artifact> artifacts, Map<String, Double> metrics) {
        return event(EventKind.SUCCEEDED, null, metrics, artifacts, null, null, null);
    }

    /** Success of a training job: its artifacts (preview grids, samples) and the final model. */
    public JobEvent succeeded(List<Artifact> artifacts, Artifact model, Map<String, Double> metrics) {
        return event(EventKind.SUCCEEDED, null, metrics, artifacts, null, model, null);
    }

    public JobEvent failed(JobError error, List<Artifact> partialArtifacts) {
        return event(EventKind.FAILED, null, null, partialArtifacts, null, null, error);
    }

    /** Stopped after a cancel; lists what was kept (partial grid) and the last checkpoint, if any. */
    public JobEvent cancelled(List<Artifact> keptArtifacts, CheckpointRef lastCheckpoint, Progress progress) {
        return event(EventKind.CANCELLED, progress, null, keptArtifacts, lastCheckpoint, null, null);
    }

    private JobEvent event(EventKind kind, Progress progress, Map<String, Double> metrics, List<Artifact> artifacts,
                           CheckpointRef checkpoint, Artifact model, JobError error) {
        return new JobEvent(jobId, attempt, workerId, nextSequence.getAndIncrement(), kind, clock.instant(), progress,
                metrics, artifacts, checkpoint, model, error);
    }
}
