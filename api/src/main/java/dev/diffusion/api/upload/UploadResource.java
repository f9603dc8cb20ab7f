package dev.diffusion.api.upload;

import dev.diffusion.api.config.DiffusionConfig;
import dev.diffusion.api.problem.Problem;
import dev.diffusion.api.problem.ValidationFailedException;
import dev.diffusion.api.storage.PresignedUrls;
import dev.diffusion.api.storage.TenantFiles;
import dev.diffusion.api.tenant.auth.Caller;
import dev.diffusion.api.tenant.rest.ApiSecurity;
import dev.diffusion.common.spec.FieldError;
import dev.diffusion.common.storage.ObjectKeys;
import dev.diffusion.common.storage.ObjectLocation;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Upload URLs: a presigned PUT into the caller's tenant area, so that large files (weights to import, data sets) go
 * straight to object storage and never through the api. Nothing is stored until the client PUTs; the URL cannot
 * limit the size, so whoever reads the file checks it ({@code diffusion.uploads.max-bytes}).
 */
@Path("/api/v1/uploads")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Uploads")
@SecurityRequirement(name = ApiSecurity.SCHEME)
public class UploadResource {

    private final PresignedUrls urls;
    private final TenantFiles files;
    private final Caller caller;
    private final long maxBytes;

    @Inject
    public UploadResource(PresignedUrls urls, TenantFiles files, Caller caller, DiffusionConfig config) {
        this.urls = urls;
        this.files = files;
        this.caller = caller;
        this.maxBytes = config.uploads().maxBytes();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Get a URL to upload a file to your tenant's area",
            description = "Answers a presigned PUT URL and the s3:// location it writes (in the caller's tenant area); "
                    + "PUT the file there, then name the location, e.g. as an import job's weights. The body and its "
                    + "path are optional ({} gives uploads/{random id}).")
    @APIResponse(responseCode = "200", description = "Where to PUT the file",
            content = @Content(schema = @Schema(implementation = UploadResponse.class)))
    @APIResponse(responseCode = "422", description = "A path that is not a plain relative path",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public UploadResponse upload(UploadRequest request) {
        String path = request == null || request.path() == null ? "uploads/" + UUID.randomUUID() : request.path();
        ObjectKeys.tenantPathProblem(path).ifPresent(why -> {
            throw new ValidationFailedException(List.of(new FieldError("path", why)));
        });
        ObjectLocation location = files.location(caller.tenantId(), path);
        PresignedUrls.Presigned put = urls.put(location.bucket(), location.key());
        return new UploadResponse(location.uri(), put.url(), "PUT", put.expiresAt(), maxBytes);
    }
}
