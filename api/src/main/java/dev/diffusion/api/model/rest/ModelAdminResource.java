package dev.diffusion.api.model.rest;

import dev.diffusion.api.model.persistence.ModelEntity;
import dev.diffusion.api.model.service.ModelPublishing;
import dev.diffusion.api.rest.RequestParams;
import dev.diffusion.api.tenant.auth.AdminOnly;
import dev.diffusion.api.tenant.rest.ApiSecurity;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Publishing any tenant's model to all tenants; admin keys only. */
@Path("/api/v1/admin/models/{id}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin")
@AdminOnly
@SecurityRequirement(name = ApiSecurity.SCHEME)
@APIResponse(responseCode = "403", description = "The key is not an admin key")
@APIResponse(responseCode = "404", description = "No such model")
public class ModelAdminResource {

    private final ModelPublishing publishing;

    @Inject
    public ModelAdminResource(ModelPublishing publishing) {
        this.publishing = publishing;
    }

    @POST
    @Path("publish")
    @Operation(summary = "Publish a model to all tenants", description = "Every tenant may then read it "
            + "(GET /models/{id}, GET /models?published=true) and use it in generation and evaluation jobs.")
    public PublicationResponse publish(@PathParam("id") String id) {
        return response(publishing.setPublished(RequestParams.id(id, "model"), true));
    }

    @POST
    @Path("unpublish")
    @Operation(summary = "Withdraw a published model", description = "Only its tenant sees and uses it again; jobs "
            + "already submitted keep it.")
    public PublicationResponse unpublish(@PathParam("id") String id) {
        return response(publishing.setPublished(RequestParams.id(id, "model"), false));
    }

    private static PublicationResponse response(ModelEntity m) {
        return new PublicationResponse(m.id, m.tenantId, m.published);
    }
}
