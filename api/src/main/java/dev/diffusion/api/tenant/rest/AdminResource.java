package dev.diffusion.api.tenant.rest;

import dev.diffusion.api.problem.InvalidRequestException;
import dev.diffusion.api.problem.JsonErrors;
import dev.diffusion.api.problem.Problem;
import dev.diffusion.api.problem.ResourceNotFoundException;
import dev.diffusion.api.rest.RequestParams;
import dev.diffusion.api.tenant.auth.AdminOnly;
import dev.diffusion.api.tenant.auth.Caller;
import dev.diffusion.api.tenant.auth.Limits;
import dev.diffusion.api.tenant.service.ApiKeys;
import dev.diffusion.api.tenant.persistence.TenantEntity;
import dev.diffusion.api.tenant.service.DatasetGrants;
import dev.diffusion.api.tenant.service.Tenants;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Tenants and their API keys; every endpoint needs a key with the admin role (a member's gets 403). */
@Path("/api/v1/admin")
@AdminOnly
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin")
@SecurityRequirement(name = ApiSecurity.SCHEME)
@APIResponse(responseCode = "401", description = "No key, or an unknown or revoked one",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "403", description = "The key is not an admin key")
public class AdminResource {

    private final Tenants tenants;
    private final DatasetGrants grants;
    private final ApiKeys keys;
    private final Caller caller;

    @Inject
    public AdminResource(Tenants tenants, DatasetGrants grants, ApiKeys keys, Caller caller) {
        this.tenants = tenants;
        this.grants = grants;
        this.keys = keys;
        this.caller = caller;
    }

    @POST
    @Path("tenants")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a tenant")
    @APIResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = TenantResponse.class)))
    @APIResponse(responseCode = "409", description = "A tenant of that name exists")
    @APIResponse(responseCode = "422", description = "Missing or malformed name")
    public Response createTenant(TenantRequest request) {
        caller.requireAdmin();
        requireBody(request);
        TenantResponse tenant = tenant(tenants.create(request.name()));
        return Response.created(URI.create("/api/v1/admin/tenants/" + tenant.id())).entity(tenant).build();
    }

    @GET
    @Path("tenants")
    @Operation(summary = "List the tenants, oldest first")
    public TenantListResponse listTenants() {
        caller.requireAdmin();
        return new TenantListResponse(tenants.list().stream().map(this::tenant).toList());
    }

    @GET
    @Path("tenants/{id}")
    @Operation(summary = "Get a tenant")
    @APIResponse(responseCode = "404", description = "No such tenant")
    public TenantResponse getTenant(@PathParam("id") String id) {
        caller.requireAdmin();
        UUID tenantId = RequestParams.id(id, "tenant");
        return tenants.find(tenantId).map(this::tenant)
                .orElseThrow(() -> new ResourceNotFoundException("no tenant with id " + tenantId));
    }

    @POST
    @Path("tenants/{id}/revoke")
    @Operation(summary = "Revoke a tenant", description = "None of its keys is accepted any more (every api instance "
            + "within diffusion.auth.cache-ttl); its jobs and models stay.")
    @APIResponse(responseCode = "404", description = "No such tenant")
    @APIResponse(responseCode = "409", description = "The caller's own tenant")
    public TenantResponse revokeTenant(@PathParam("id") String id) {
        UUID callerTenant = caller.requireAdmin().tenantId();
        return tenant(tenants.revoke(RequestParams.id(id, "tenant"), callerTenant));
    }

    @PUT
    @Path("tenants/{id}/limits")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set a tenant's limits", description = "submissionsPerMinute (a token bucket of one minute's "
            + "worth; over it: 429 rate-limited with Retry-After) and maxOpenJobs (QUEUED plus RUNNING; over it: 429 "
            + "quota-exceeded), maxTrainingWork (steps × batchSize of a training job) and maxImagesPerJob (images a "
            + "generation or evaluation job draws; over them: 422 naming the field), maxEventStreams (open SSE "
            + "streams; over it: 429 quota-exceeded). 0 is unlimited; null or absent is the installation's default. Every api instance applies them within diffusion.auth.cache-ttl.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = TenantResponse.class)))
    @APIResponse(responseCode = "404", description = "No such tenant")
    @APIResponse(responseCode = "422", description = "A limit outside 0 to 1,000,000")
    public TenantResponse setLimits(@PathParam("id") String id, LimitsRequest request) {
        caller.requireAdmin();
        UUID tenantId = RequestParams.id(id, "tenant");
        requireBody(request);
        return tenant(tenants.setLimits(tenantId, new Limits.Settings(request.submissionsPerMinute(),
                request.maxOpenJobs(), request.maxTrainingWork(), request.maxImagesPerJob(),
                request.maxEventStreams())));
    }

    @PUT
    @Path("tenants/{id}/dataset-grants")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set where a tenant may read data sets beyond its own area", description = "locations: "
            + "s3://bucket/ or s3://bucket/prefix/ (at most 50; the list replaces the earlier one; [] withdraws all). A "
            + "tenant always reads its own area s3://<datasets bucket>/tenants/<id>/ and the built-in data sets. "
            + "Checked at submission and again by the worker; a withdrawn grant holds from a job's next dispatch.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = TenantResponse.class)))
    @APIResponse(responseCode = "404", description = "No such tenant")
    @APIResponse(responseCode = "422", description = "A location that cannot exist, or more than 50")
    public TenantResponse setDatasetGrants(@PathParam("id") String id, DatasetGrantsRequest request) {
        caller.requireAdmin();
        UUID tenantId = RequestParams.id(id, "tenant");
        requireBody(request);
        return tenant(grants.grant(tenantId, request.locations()));
    }

    @POST
    @Path("tenants/{id}/keys")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create an API key of a tenant",
            description = "The answer holds the key in 'key': it is shown this once and stored only as a hash.")
    @APIResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = KeyResponse.class)))
    @APIResponse(responseCode = "404", description = "No such tenant")
    @APIResponse(responseCode = "409", description = "The tenant is revoked")
    @APIResponse(responseCode = "422", description = "Missing name, role other than admin or member")
    public Response createKey(@PathParam("id") String id, KeyRequest request) {
        caller.requireAdmin();
        UUID tenantId = RequestParams.id(id, "tenant");
        requireBody(request);
        ApiKeys.CreatedKey created = keys.create(tenantId, request.name(), request.role());
        return Response.created(URI.create("/api/v1/admin/keys/" + created.key().id))
                .entity(KeyResponse.of(created.key(), created.secret())).build();
    }

    @GET
    @Path("keys")
    @Operation(summary = "List API keys, oldest first", description = "Without the keys themselves.")
    public KeyListResponse listKeys(@QueryParam("tenantId") String tenantId) {
        caller.requireAdmin();
        Optional<UUID> tenant = Optional.ofNullable(tenantId).filter(t -> !t.isBlank()).map(AdminResource::tenantParam);
        return new KeyListResponse(keys.list(tenant).stream().map(KeyResponse::of).toList());
    }

    @POST
    @Path("keys/{id}/revoke")
    @Operation(summary = "Revoke an API key", description = "Refused from now on (every api instance within "
            + "diffusion.auth.cache-ttl).")
    @APIResponse(responseCode = "404", description = "No such key")
    public KeyResponse revokeKey(@PathParam("id") String id) {
        caller.requireAdmin();
        return KeyResponse.of(keys.revoke(RequestParams.id(id, "API key")));
    }

    private TenantResponse tenant(TenantEntity entity) {
        return TenantResponse.of(entity, tenants.effectiveLimits(entity));
    }

    private static UUID tenantParam(String raw) {
        try {
            return UUID.fromString(raw.trim());
        } catch (IllegalArgumentException e) {
            throw InvalidRequestException.of("tenantId", "must be a tenant id (a UUID), was '" + raw + "'");
        }
    }

    private static void requireBody(Object body) {
        if (body == null) {
            throw InvalidRequestException.of(JsonErrors.BODY, "is required: a JSON object");
        }
    }
}
