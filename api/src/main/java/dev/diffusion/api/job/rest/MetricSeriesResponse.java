package dev.diffusion.api.job.rest;

import java.util.List;
import java.util.UUID;

/**
 * A job's metrics by step ({@code GET /jobs/{id}/metrics}).
 *
 * @param jobId  the job
 * @param points at most 1000 points, by step
 */
public record MetricSeriesResponse(UUID jobId, List<MetricPointResponse> points) {
}
