package dev.diffusion.api.storage;

import dev.diffusion.api.config.DiffusionConfig;
import io.minio.MinioClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import okhttp3.OkHttpClient;

/** The MinIO client for bucket and object calls (presigning has its own, see {@link PresignedUrls}). */
@ApplicationScoped
public class S3Clients {

    @Produces
    @Singleton
    MinioClient minioClient(DiffusionConfig config) {
        return client(config.s3().endpoint(), config.s3());
    }

    /** A client with short timeouts, so a dead storage server fails requests and health checks quickly. */
    static MinioClient client(String endpoint, DiffusionConfig.S3 s3) {
        OkHttpClient http = new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(3))
                .readTimeout(Duration.ofSeconds(30))
                .writeTimeout(Duration.ofSeconds(30))
                .retryOnConnectionFailure(false)
                .build();
        return MinioClient.builder()
                .endpoint(endpoint)
                .region(s3.region())
                .credentials(s3.accessKey(), s3.secretKey())
                .httpClient(http)
                .build();
    }
}
