package dev.diffusion.api.job.rest;

import dev.diffusion.common.messaging.JobStatus;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * The data of a server-sent event on {@code /jobs/{id}/events}.
 *
 * @param jobId           the job
 * @param status          its status
 * @param attempt         its attempt
 * @param progress        its progress
 * @param metrics         its latest metrics
 * @param error           its error, if any
 * @param cancelRequested whether a cancel is pending
 * @param updatedAt       the change this event reports
 */
public record JobUpdate(UUID jobId, JobStatus status, int attempt, JobProgressResponse progress,
                        Map<String, Double> metrics, JobErrorResponse error, boolean cancelRequested, Instant updatedAt) {
}
