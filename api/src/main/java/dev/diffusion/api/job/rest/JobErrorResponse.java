package dev.diffusion.api.job.rest;

/**
 * Why a job (or its last attempt) failed.
 *
 * @param code    stable code, e.g. {@code DATASET_NOT_FOUND}, {@code HEARTBEAT_TIMEOUT}
 * @param message readable explanation
 */
public record JobErrorResponse(String code, String message) {
}
