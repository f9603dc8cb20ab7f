package dev.diffusion.api.storage;

import dev.diffusion.api.config.DiffusionConfig;
import dev.diffusion.api.problem.DependencyUnavailableException;
import dev.diffusion.common.spec.Datasets;
import dev.diffusion.common.storage.ObjectKeys;
import dev.diffusion.common.storage.ObjectLocation;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Iterator;
import java.util.Optional;

/**
 * Checks at submission that a user data set ({@code s3://bucket/prefix}) exists, so a typo is a 422 and
 * not a failed job later. Built-in names are checked by the spec validator; the worker imports or
 * generates them.
 */
@ApplicationScoped
public class DatasetCatalog {

    private final MinioClient client;
    private final boolean enabled;

    @Inject
    public DatasetCatalog(MinioClient client, DiffusionConfig config) {
        this.client = client;
        this.enabled = config.s3().checkDatasets();
    }

    /**
     * Why the data set cannot be used, or empty when it can (or is not an object-store location).
     *
     * @throws DependencyUnavailableException when storage cannot be asked
     */
    public Optional<String> problemWith(String dataset) {
        if (!enabled || !Datasets.isObjectStoreLocation(dataset)) {
            return Optional.empty();
        }
        ObjectLocation location = ObjectKeys.parseLocation(dataset);
        try {
            Iterator<Result<Item>> items = client.listObjects(ListObjectsArgs.builder()
                    .bucket(location.bucket())
                    .prefix(location.key())
                    .recursive(true)
                    .maxKeys(1)
                    .build()).iterator();
            if (!items.hasNext()) {
                return Optional.of("no objects under " + dataset);
            }
            items.next().get();
            return Optional.empty();
        } catch (ErrorResponseException e) {
            if ("NoSuchBucket".equals(e.errorResponse().code())) {
                return Optional.of("bucket '" + location.bucket() + "' does not exist");
            }
            if ("AccessDenied".equals(e.errorResponse().code())) {
                return Optional.of("bucket '" + location.bucket() + "' is not readable with the platform's credentials");
            }
            throw new DependencyUnavailableException("object storage refused to list " + dataset + ": "
                    + e.errorResponse().code(), e);
        } catch (Exception e) {
            throw new DependencyUnavailableException("object storage is unreachable, cannot check " + dataset, e);
        }
    }
}
