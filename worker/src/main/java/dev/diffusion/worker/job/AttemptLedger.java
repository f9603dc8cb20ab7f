package dev.diffusion.worker.job;

import dev.diffusion.common.messaging.JobDispatch;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What this worker knows about attempts, to apply the contract's skip rules to a dispatch: the newest
 * attempt seen per job (an older one is stale), the CANCELs seen on the control topic (kept for the
 * cancel memory), and the attempts that already ended here (a redelivered dispatch of one is not run
 * twice). Bounded: the oldest entries are forgotten first. Thread-safe.
 */
public final class AttemptLedger {

    private static final int MAX_ENTRIES = 10_000;

    private final Duration cancelMemory;
    private final Map<UUID, Integer> newestAttempt = lru();
    private final Map<UUID, Cancel> cancels = lru();
    private final Map<UUID, Integer> finished = lru();
    private final Map<String, Integer> runs = lru();

    private record Cancel(int attempt, Instant until) {
    }

    public AttemptLedger(Duration cancelMemory) {
        this.cancelMemory = cancelMemory;
    }

    public synchronized void noteAttempt(UUID jobId, int attempt) {
        newestAttempt.merge(jobId, attempt, Math::max);
    }

    /** A CANCEL of the job's runs up to {@code attempt}. */
    public synchronized void noteCancel(UUID jobId, int attempt, Instant now) {
        Cancel previous = cancels.get(jobId);
        int upTo = previous == null ? attempt : Math.max(previous.attempt(), attempt);
        cancels.put(jobId, new Cancel(upTo, now.plus(cancelMemory)));
    }

    /** An attempt ended here with a published final event. */
    public synchronized void noteFinished(UUID jobId, int attempt) {
        finished.merge(jobId, attempt, Math::max);
    }

    /**
     * Counts a run of this attempt on this worker: 1 for the first, 2 when the same attempt runs here again
     * (its dispatch came back after this worker gave it up, e.g. a partition revoked and assigned back).
     */
    public synchronized int noteRun(UUID jobId, int attempt) {
        return runs.merge(jobId + "#" + attempt, 1, Integer::sum);
    }

    /** Whether a CANCEL covers this attempt. */
    public synchronized boolean isCancelled(UUID jobId, int attempt, Instant now) {
        Cancel cancel = cancels.get(jobId);
        if (cancel != null && now.isAfter(cancel.until())) {
            cancels.remove(jobId);
            return false;
        }
        return cancel != null && attempt <= cancel.attempt();
    }

    /** Why this dispatch must not run, or empty when it may. */
    public synchronized Optional<String> skipReason(JobDispatch dispatch, Instant now) {
        UUID job = dispatch.jobId();
        int attempt = dispatch.attempt();
        Integer newest = newestAttempt.get(job);
        if (newest != null && newest > attempt) {
            return Optional.of("stale: attempt " + newest + " of this job exists");
        }
        if (isCancelled(job, attempt, now)) {
            return Optional.of("the job was cancelled (attempts up to " + cancels.get(job).attempt() + ")");
        }
        Integer done = finished.get(job);
        if (done != null && done >= attempt) {
            return Optional.of("attempt " + attempt + " already ended on this worker");
        }
        return Optional.empty();
    }

    private static <K, V> Map<K, V> lru() {
        return new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > MAX_ENTRIES;
            }
        };
    }
}
