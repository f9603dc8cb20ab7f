package dev.diffusion.api.tenant.rest;

import dev.diffusion.api.tenant.auth.Caller;
import dev.diffusion.api.tenant.auth.Principal;
import dev.diffusion.api.tenant.persistence.TenantEntity;
import dev.diffusion.api.tenant.service.DatasetGrants;
import dev.diffusion.api.tenant.service.Tenants;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Who the key names: a cheap way to check a key. */
@Path("/api/v1/me")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin")
@SecurityRequirement(name = ApiSecurity.SCHEME)
public class MeResource {

    private final Caller caller;
    private final Tenants tenants;
    private final DatasetGrants grants;

    @Inject
    public MeResource(Caller caller, Tenants tenants, DatasetGrants grants) {
        this.caller = caller;
        this.tenants = tenants;
        this.grants = grants;
    }

    @GET
    @Operation(summary = "The caller's key, tenant and role, and the locations its data sets may be read from")
    public MeResponse me() {
        Principal p = caller.principal();
        Optional<TenantEntity> tenant = tenants.find(p.tenantId());
        return new MeResponse(p.keyId(), p.tenantId(), tenant.map(t -> t.name).orElse(null), p.role().label(),
                grants.scopeOf(p.tenantId(), tenant.map(t -> t.datasetGrants).orElse(null)).locations());
    }
}
