package dev.diffusion.api.job.messaging;

import java.util.UUID;

/**
 * CDI event fired inside a transaction in which a job of the tenant stopped holding a dispatch (it ended or went
 * back to QUEUED); the relay wakes up when it commits, as the tenant may have room for its next dispatch.
 */
public record DispatchSettled(UUID tenantId) {
}
