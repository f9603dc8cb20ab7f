package dev.diffusion.api.storage;

import dev.diffusion.api.config.DiffusionConfig;
import dev.diffusion.api.problem.DependencyUnavailableException;
import dev.diffusion.common.storage.ObjectKeys;
import dev.diffusion.common.storage.ObjectLocation;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A tenant's area in object storage, {@code s3://{datasets bucket}/tenants/{tenantId}/} ({@link ObjectKeys#tenantArea}):
 * where its users upload files through presigned PUT URLs, and the only place an import may read weights from.
 */
@ApplicationScoped
public class TenantFiles {

    private static final Set<String> MISSING = Set.of("NoSuchKey", "NoSuchObject", "NotFound", "NoSuchBucket");

    private final MinioClient client;
    private final String bucket;

    @Inject
    public TenantFiles(MinioClient client, DiffusionConfig config) {
        this.client = client;
        this.bucket = config.s3().datasetsBucket();
    }

    /** The location of {@code path} (already checked with {@link ObjectKeys#tenantPathProblem}) in a tenant's area. */
    public ObjectLocation location(UUID tenantId, String path) {
        return new ObjectLocation(bucket, ObjectKeys.tenantArea(tenantId) + path);
    }

    /** {@code s3://bucket/tenants/{tenantId}/}. */
    public String areaUri(UUID tenantId) {
        return new ObjectLocation(bucket, ObjectKeys.tenantArea(tenantId)).uri();
    }

    /**
     * Why {@code location} ({@code s3://bucket/key}) is not a file of the tenant's area, or empty when it is: the
     * datasets bucket, under {@code tenants/{tenantId}/}, a path of plain segments.
     */
    public Optional<String> outsideArea(UUID tenantId, ObjectLocation location) {
        String area = ObjectKeys.tenantArea(tenantId);
        if (!bucket.equals(location.bucket()) || !location.key().startsWith(area)) {
            return Optional.of("must lie in your tenant's area " + areaUri(tenantId) + " (get an upload URL from "
                    + "POST /api/v1/uploads)");
        }
        return ObjectKeys.tenantPathProblem(location.key().substring(area.length()))
                .map(why -> "the path after " + areaUri(tenantId) + " " + why);
    }

    /**
     * The size of an object, or empty when there is none.
     *
     * @throws DependencyUnavailableException (503) when storage cannot be asked
     */
    public Optional<Long> size(ObjectLocation location) {
        try {
            return Optional.of(client.statObject(StatObjectArgs.builder().bucket(location.bucket())
                    .object(location.key()).build()).size());
        } catch (ErrorResponseException e) {
            if (MISSING.contains(e.errorResponse().code())
                    || (e.response() != null && e.response().code() == 404)) {
                return Optional.empty();
            }
            throw new DependencyUnavailableException("object storage refused to look up " + location.uri() + ": "
                    + e.errorResponse().code(), e);
        } catch (Exception e) {
            throw new DependencyUnavailableException("object storage is unreachable, cannot check " + location.uri(), e);
        }
    }
}
