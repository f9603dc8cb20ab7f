package dev.diffusion.common.messaging;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a worker reports about one attempt of one job: published on {@link Topics#JOB_EVENTS}, key = job id
 * (so the events of a job stay in order). The api applies them through the job state machine; it is
 * the only writer of job state. Build them with {@link AttemptEvents}, which numbers them.
 *
 * <p>Rules the worker follows:
 * <ul>
 *   <li>{@code sequence} starts at 0 with {@link EventKind#STARTED} and grows by 1 with every event of
 *       the (jobId, attempt, workerId); the api drops an event whose sequence is not above the last one
 *       it applied (a duplicate).</li>
 *   <li>PROGRESS at most 2 per second; HEARTBEAT at least every heartbeat interval (default 10 s) while
 *       running, also during long steps, uploads and pauses. The api re-queues a RUNNING job whose last
 *       event is older than its heartbeat timeout (default 60 s).</li>
 *   <li>Artifacts, checkpoints and the model are uploaded, with content type, before the event naming them.</li>
 *   <li>Exactly one of SUCCEEDED, FAILED, CANCELLED ends an attempt; a training or import SUCCEEDED carries {@code model}.</li>
 *   <li>Metric values must be finite (leave a NaN/infinite loss out and fail the attempt instead).</li>
 * </ul>
 *
 * @param jobId      the job
 * @param attempt    the attempt from the {@link JobDispatch}
 * @param workerId   the worker running it (stable for the worker process, e.g. host + pid)
 * @param sequence   0, 1, 2, … per (jobId, attempt, workerId)
 * @param kind       what happened
 * @param occurredAt the worker's clock when it happened (informational; the api uses its own clock)
 * @param progress   step, total, phase, ETA: on PROGRESS, optional on CHECKPOINT, SUCCEEDED, CANCELLED
 * @param metrics    latest scalar metrics by name (e.g. {@code loss}, {@code lr}, {@code secondsPerStep});
 *                   never null (empty when none)
 * @param artifacts  files uploaded since the attempt started, on SUCCEEDED (all of them), CANCELLED and
 *                   FAILED (partial results) and PROGRESS (e.g. a preview grid); never null
 * @param checkpoint the checkpoint just written: required on CHECKPOINT, optional (the last one) on CANCELLED
 * @param model      the final model ({@code model.ckpt}) of a training or import job: required on their SUCCEEDED
 * @param error      why the attempt failed: required on FAILED
 */
public record JobEvent(
        UUID jobId,
        int attempt,
        String workerId,
        long sequence,
        EventKind kind,
        Instant occurredAt,
        Progress progress,
        Map<String, Double> metrics,
        List<Artifact> artifacts,
        CheckpointRef checkpoint,
        Artifact model,
        JobError error) {

    public JobEvent {
        Checks.notNull(jobId, "jobId");
        Checks.check(attempt >= 1, "attempt must be at least 1 (was " + attempt + ")");
        Checks.notBlank(workerId, "workerId");
        Checks.check(sequence >= 0, "sequence must not be negative (was " + sequence + ")");
        Checks.notNull(kind, "kind");
        Checks.notNull(occurredAt, "occurredAt");
        metrics = metrics == null ? Map.of() : copyFinite(metrics);
        artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
        Checks.check(kind != EventKind.CHECKPOINT || checkpoint != null, "a CHECKPOINT event requires 'checkpoint'");
        Checks.check(kind != EventKind.FAILED || error != null, "a FAILED event requires 'error'");
        Checks.check(kind == EventKind.FAILED || error == null, "only a FAILED event carries 'error'");
        Checks.check(kind == EventKind.SUCCEEDED || model == null, "only a SUCCEEDED event carries 'model'");
    }

    private static Map<String, Double> copyFinite(Map<String, Double> metrics) {
        Map<String, Double> copy = new LinkedHashMap<>();
        metrics.forEach((name, value) -> {
            Checks.notBlank(name, "metrics name");
            Checks.check(value != null && Double.isFinite(value), "metrics." + name + " must be a finite number (was " + value + ")");
            copy.put(name, value);
        });
        return Map.copyOf(copy);
    }
}
