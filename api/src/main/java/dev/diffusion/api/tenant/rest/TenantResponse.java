package dev.diffusion.api.tenant.rest;

import dev.diffusion.api.tenant.auth.Limits;
import dev.diffusion.api.tenant.persistence.TenantEntity;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A tenant; {@code revokedAt} is null while its keys are accepted; {@code datasetGrants} are the data-set locations an
 * admin granted it beyond its own area.
 */
public record TenantResponse(UUID id, String name, Instant createdAt, Instant revokedAt, LimitsResponse limits,
                             List<String> datasetGrants) {

    static TenantResponse of(TenantEntity t, Limits limits) {
        return new TenantResponse(t.id, t.name, t.createdAt, t.revokedAt, LimitsResponse.of(limits),
                t.datasetGrants == null ? List.of() : List.of(t.datasetGrants));
    }
}
