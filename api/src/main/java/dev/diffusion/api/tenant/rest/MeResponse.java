package dev.diffusion.api.tenant.rest;

import java.util.List;
import java.util.UUID;

/**
 * The caller: its key, tenant and role, and where its training jobs may read {@code s3://} data sets (its own area
 * first, then the built-in data sets and any granted locations).
 */
public record MeResponse(UUID keyId, UUID tenantId, String tenantName, String role, List<String> datasetLocations) {
}
