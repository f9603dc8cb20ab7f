package dev.diffusion.worker.storage;

import dev.diffusion.worker.config.WorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The worker's one {@link ObjectStore}, from {@code diffusion.s3.*}. */
@ApplicationScoped
public class ObjectStoreProducer {

    @Produces
    @Singleton
    ObjectStore objectStore(WorkerConfig config) {
        WorkerConfig.S3 s3 = config.s3();
        return ObjectStore.connect(s3.endpoint(), s3.accessKey(), s3.secretKey(), s3.region());
    }
}
