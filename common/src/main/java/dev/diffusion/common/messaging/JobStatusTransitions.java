package dev.diffusion.common.messaging;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The one table of legal job status moves (after JobRunr's {@code AllowedJobStateStateChanges}).
 *
 * <pre>
 * QUEUED  → RUNNING    a worker started the current attempt
 * QUEUED  → CANCELLED  cancelled before a worker started it
 * QUEUED  → FAILED     a worker rejected it before starting (permanent error), or it could not be dispatched
 * RUNNING → SUCCEEDED  the worker reported success
 * RUNNING → FAILED     permanent error, or attempts exhausted
 * RUNNING → CANCELLED  the worker stopped after a cancel request
 * RUNNING → QUEUED     re-queued with attempt + 1: heartbeat lost, or a retryable failure
 * </pre>
 *
 * Terminal states ({@link JobStatus#isTerminal()}) have no way out, and no state moves to itself.
 */
public final class JobStatusTransitions {

    private static final Map<JobStatus, Set<JobStatus>> ALLOWED = table();

    private JobStatusTransitions() {
    }

    /** Whether a job in {@code from} may move to {@code to}. */
    public static boolean isAllowed(JobStatus from, JobStatus to) {
        return from != null && to != null && ALLOWED.get(from).contains(to);
    }

    /** The states reachable from {@code from} in one move (empty for terminal states). */
    public static Set<JobStatus> allowedFrom(JobStatus from) {
        return ALLOWED.get(from);
    }

    /**
     * Checks a move.
     *
     * @throws IllegalStateException naming both states when the move is not in the table
     */
    public static void requireAllowed(JobStatus from, JobStatus to) {
        if (!isAllowed(from, to)) {
            throw new IllegalStateException("job status cannot change from " + from + " to " + to);
        }
    }

    private static Map<JobStatus, Set<JobStatus>> table() {
        Map<JobStatus, Set<JobStatus>> t = new EnumMap<>(JobStatus.class);
        for (JobStatus s : JobStatus.values()) {
            t.put(s, Collections.unmodifiableSet(EnumSet.noneOf(JobStatus.class)));
        }
        t.put(JobStatus.QUEUED, Collections.unmodifiableSet(
                EnumSet.of(JobStatus.RUNNING, JobStatus.CANCELLED, JobStatus.FAILED)));
        t.put(JobStatus.RUNNING, Collections.unmodifiableSet(
                EnumSet.of(JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED, JobStatus.QUEUED)));
        return Collections.unmodifiableMap(t);
    }
}
