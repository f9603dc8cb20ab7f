package dev.diffusion.api.storage;

import dev.diffusion.api.config.DiffusionConfig;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MinioClient;
import io.minio.http.Method;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Presigned GET URLs for artifacts and models, and PUT URLs for uploads to a tenant's area. Signing is local (the region is configured, so no call to
 * the server is made); the URL uses {@code diffusion.s3.public-endpoint} when set, because the host is
 * part of the signature and clients may reach storage by another name than the api does.
 */
@ApplicationScoped
public class PresignedUrls {

    /**
     * A download link.
     *
     * @param url       the presigned URL
     * @param expiresAt when it stops working
     */
    public record Presigned(String url, Instant expiresAt) {
    }

    private final MinioClient signer;
    private final int expirySeconds;
    private final Clock systemClock = Clock.systemUTC();

    @Inject
    public PresignedUrls(DiffusionConfig config) {
        DiffusionConfig.S3 s3 = config.s3();
        this.signer = S3Clients.client(s3.publicEndpoint().orElse(s3.endpoint()), s3);
        Duration expiry = s3.presignExpiry();
        if (expiry.toSeconds() < 1 || expiry.compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException("diffusion.s3.presign-expiry must be between 1s and 7d (was " + expiry + ")");
        }
        this.expirySeconds = (int) expiry.toSeconds();
    }

    /** A GET URL for {@code bucket/key} valid for the configured expiry. */
    public Presigned get(String bucket, String key) {
        return presign(Method.GET, bucket, key);
    }

    /**
     * A PUT URL for {@code bucket/key} valid for the configured expiry: the holder uploads one object there (the URL
     * cannot limit its size; whoever reads the object checks that).
     */
    public Presigned put(String bucket, String key) {
        return presign(Method.PUT, bucket, key);
    }

    private Presigned presign(Method method, String bucket, String key) {
        Instant now = systemClock.instant();
        try {
            String url = signer.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
                    .method(method)
                    .bucket(bucket)
                    .object(key)
                    .expiry(expirySeconds, TimeUnit.SECONDS)
                    .build());
            return new Presigned(url, now.plusSeconds(expirySeconds));
        } catch (Exception e) {
            throw new IllegalStateException("cannot presign s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }
}
