package dev.diffusion.api.tenant.rest;

import dev.diffusion.api.tenant.auth.Limits;
import dev.diffusion.api.tenant.persistence.TenantEntity;
import java.time.Instant;
import java.util.UUID;

/** A tenant; {@code revokedAt} is null while its keys are accepted. */
public record TenantResponse(UUID id, String name, Instant createdAt, Instant revokedAt, LimitsResponse limits) {

    static TenantResponse of(TenantEntity t, Limits limits) {
        return new TenantResponse(t.id, t.name, t.createdAt, t.revokedAt, LimitsResponse.of(limits));
    }
}
