package dev.diffusion.api.tenant.rest;

import java.util.UUID;

/** The caller: its key, tenant and role. */
public record MeResponse(UUID keyId, UUID tenantId, String tenantName, String role) {
}
