package dev.diffusion.api.model.rest;

import dev.diffusion.api.config.DiffusionConfig;
import dev.diffusion.api.rest.RequestParams;
import dev.diffusion.api.tenant.auth.Caller;
import dev.diffusion.api.tenant.rest.ApiSecurity;
import dev.diffusion.api.model.service.ModelQueries;
import dev.diffusion.api.model.service.ModelSnapshot;
import dev.diffusion.api.paging.Page;
import dev.diffusion.api.paging.PageRequest;
import dev.diffusion.api.problem.ResourceNotFoundException;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The caller's trained models and those an admin published; another tenant's unpublished model is a 404 like an
 * unknown one.
 */
@Path("/api/v1/models")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Models")
@SecurityRequirement(name = ApiSecurity.SCHEME)
public class ModelResource {

    private final ModelQueries models;
    private final ModelMapper mapper;
    private final DiffusionConfig.Jobs config;
    private final Caller caller;

    @Inject
    public ModelResource(ModelQueries models, ModelMapper mapper, DiffusionConfig config, Caller caller) {
        this.models = models;
        this.mapper = mapper;
        this.config = config.jobs();
        this.caller = caller;
    }

    @GET
    @Operation(summary = "List trained models, newest first", description = "The caller's own models, or with "
            + "published=true the models an admin published to all tenants. Each with the caller's latest succeeded "
            + "evaluation of it.")
    public ModelPageResponse list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor,
                                  @QueryParam("published") String published) {
        PageRequest request = PageRequest.parse(limit, cursor, config.defaultPageSize(), config.maxPageSize());
        Page<ModelSnapshot> page = RequestParams.flag(published, "published")
                ? models.listPublished(caller.tenantId(), request) : models.list(caller.tenantId(), request);
        return new ModelPageResponse(page.items().stream().map(mapper::toResponse).toList(), page.nextCursor());
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Get a model: spec, checkpoint location, training metrics, training job, latest evaluation",
            description = "latestEvaluation is the model's newest SUCCEEDED evaluation job (its metrics and a presigned "
                    + "link to evaluation.json), or null.")
    @APIResponse(responseCode = "404", description = "No such model")
    public ModelResponse get(@PathParam("id") String id) {
        UUID modelId = RequestParams.id(id, "model");
        return models.find(caller.tenantId(), modelId).map(mapper::toResponse)
                .orElseThrow(() -> new ResourceNotFoundException("no model with id " + modelId));
    }
}
