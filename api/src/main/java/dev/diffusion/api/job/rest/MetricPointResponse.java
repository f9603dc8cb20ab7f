package dev.diffusion.api.job.rest;

import java.time.Instant;
import java.util.Map;

/**
 * One point of a job's metric series.
 *
 * @param step       the training or sampling step the worker reported
 * @param attempt    the attempt that reported it
 * @param metrics    the metrics of that progress event, e.g. {@code loss}, {@code lr}, {@code gradNorm},
 *                   {@code imagesPerSecond}, {@code secondsPerStep}
 * @param recordedAt when the api applied it
 */
public record MetricPointResponse(int step, int attempt, Map<String, Double> metrics, Instant recordedAt) {
}
