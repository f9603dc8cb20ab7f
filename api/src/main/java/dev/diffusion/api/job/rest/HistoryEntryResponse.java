package dev.diffusion.api.job.rest;

import dev.diffusion.common.messaging.JobStatus;
import java.time.Instant;

/**
 * One entry of a job's append-only history.
 *
 * @param attempt      attempt it belongs to
 * @param source       WORKER or API
 * @param kind         worker event kind or api action
 * @param workerId     the worker, for worker events
 * @param sequence     the worker event's sequence
 * @param statusBefore status before
 * @param statusAfter  status after
 * @param outcome      APPLIED or IGNORED_(reason)
 * @param detail       explanation
 * @param recordedAt   when the api recorded it
 */
public record HistoryEntryResponse(int attempt, String source, String kind, String workerId, Long sequence,
                                   JobStatus statusBefore, JobStatus statusAfter, String outcome, String detail,
                                   Instant recordedAt) {
}
