package dev.diffusion.api.storage;

import dev.diffusion.api.config.DiffusionConfig;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.errors.ErrorResponseException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.jboss.logging.Logger;

/** The three buckets the platform uses; created when missing. */
@ApplicationScoped
public class Buckets {

    private static final Logger LOG = Logger.getLogger(Buckets.class);

    private final MinioClient client;
    private final DiffusionConfig.S3 s3;

    @Inject
    public Buckets(MinioClient client, DiffusionConfig config) {
        this.client = client;
        this.s3 = config.s3();
    }

    public List<String> names() {
        return List.of(s3.artifactsBucket(), s3.modelsBucket(), s3.datasetsBucket());
    }

    /** Creates the missing buckets; tolerates a bucket created concurrently by someone else. */
    public void ensureExist() throws Exception {
        for (String bucket : names()) {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                try {
                    client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
                    LOG.infof("created bucket %s", bucket);
                } catch (ErrorResponseException e) {
                    String code = e.errorResponse().code();
                    if (!"BucketAlreadyOwnedByYou".equals(code) && !"BucketAlreadyExists".equals(code)) {
                        throw e;
                    }
                }
            }
        }
    }

    /** The buckets that do not exist (empty when storage is fine). */
    public List<String> missing() throws Exception {
        return names().stream().filter(b -> !exists(b)).toList();
    }

    private boolean exists(String bucket) {
        try {
            return client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build());
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
