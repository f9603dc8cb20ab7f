package dev.diffusion.worker.storage;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.UploadObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.InsufficientDataException;
import io.minio.errors.InvalidResponseException;
import io.minio.errors.ServerException;
import io.minio.errors.XmlParserException;
import io.minio.messages.Item;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Files in and out of object storage. Every upload stores the file's SHA-256 as user metadata
 * ({@code x-amz-meta-sha256}) next to its content type, and every download checks the bytes against it.
 * Failures are {@link StorageException}s classified as permanent (missing, refused, corrupt) or transient
 * (unreachable, 5xx). Thread-safe (the MinIO client is).
 */
public final class ObjectStore {

    /** User-metadata name of the SHA-256 (the header is {@code x-amz-meta-sha256}). */
    public static final String SHA256_METADATA = "sha256";

    private static final Set<String> MISSING = Set.of("NoSuchKey", "NoSuchBucket", "NoSuchObject", "NotFound");

    private final MinioClient client;
    private final String endpoint;

    public ObjectStore(MinioClient client, String endpoint) {
        this.client = client;
        this.endpoint = endpoint;
    }

    /** A store talking SigV4 to {@code endpoint} (path-style, as MinIO and S3Proxy expect). */
    public static ObjectStore connect(String endpoint, String accessKey, String secretKey, String region) {
        MinioClient client = MinioClient.builder()
                .endpoint(endpoint)
                .credentials(accessKey, secretKey)
                .region(region)
                .build();
        return new ObjectStore(client, endpoint);
    }

    public String endpoint() {
        return endpoint;
    }

    /**
     * Uploads a file. The SHA-256 is computed in a first read of the file so that it can go into the
     * request's metadata; the second read streams the upload (multipart for large files).
     *
     * @return what was stored, with size and SHA-256
     */
    public StoredObject upload(String bucket, String key, Path file, String contentType) {
        String sha256;
        long size;
        try {
            sha256 = Sha256.of(file);
            size = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " to upload it to " + uri(bucket, key), e);
        }
        try {
            client.uploadObject(UploadObjectArgs.builder()
                    .bucket(bucket)
                    .object(key)
                    .filename(file.toString())
                    .contentType(contentType)
                    .userMetadata(Map.of(SHA256_METADATA, sha256))
                    .build());
            return new StoredObject(bucket, key, contentType, size, sha256);
        } catch (Exception e) {
            throw failure("upload to", bucket, key, e);
        }
    }

    /**
     * Downloads an object to {@code target} (through a temporary file in the same folder, so a failed
     * download never leaves a partial file under the final name), hashing it while it is written.
     *
     * @throws StorageException {@link StorageException.Kind#CORRUPT} when the bytes do not match the
     *                          SHA-256 stored with the object
     */
    public StoredObject download(String bucket, String key, Path target) {
        Path folder = target.toAbsolutePath().getParent();
        Path partial = null;
        try {
            Files.createDirectories(folder);
            partial = Files.createTempFile(folder, target.getFileName().toString(), ".part");
            Sha256.Copied copied;
            String expected;
            String contentType;
            try (GetObjectResponse in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build());
                 OutputStream out = Files.newOutputStream(partial)) {
                expected = in.headers().get("x-amz-meta-" + SHA256_METADATA);
                contentType = Optional.ofNullable(in.headers().get("Content-Type")).orElse("application/octet-stream");
                copied = Sha256.copy(in, out);
            }
            if (expected != null && !expected.equalsIgnoreCase(copied.sha256())) {
                throw new StorageException(StorageException.Kind.CORRUPT, uri(bucket, key) + " is corrupt: its SHA-256 is "
                        + copied.sha256() + " but it was stored with " + expected, null);
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new StoredObject(bucket, key, contentType, copied.bytes(), copied.sha256());
        } catch (StorageException e) {
            throw e;
        } catch (Exception e) {
            throw failure("download", bucket, key, e);
        } finally {
            deleteQuietly(partial);
        }
    }

    /** Whether the object exists. */
    public boolean exists(String bucket, String key) {
        return stat(bucket, key).isPresent();
    }

    /** Size and entity tag of an object, or empty when it (or its bucket) does not exist. */
    public Optional<ObjectSummary> stat(String bucket, String key) {
        try {
            var response = client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
            return Optional.of(new ObjectSummary(key, response.size(), response.etag()));
        } catch (Exception e) {
            StorageException failure = failure("look up", bucket, key, e);
            if (failure.kind() == StorageException.Kind.NOT_FOUND) {
                return Optional.empty();
            }
            throw failure;
        }
    }

    /** Every object under {@code prefix} (recursively), in key order; empty when there is none. */
    public List<ObjectSummary> list(String bucket, String prefix) {
        List<ObjectSummary> found = new ArrayList<>();
        try {
            for (Result<Item> result : client.listObjects(ListObjectsArgs.builder()
                    .bucket(bucket).prefix(prefix).recursive(true).build())) {
                Item item = result.get();
                if (!item.isDir()) {
                    found.add(new ObjectSummary(item.objectName(), item.size(), item.etag()));
                }
            }
            return found;
        } catch (Exception e) {
            throw failure("list", bucket, prefix, e);
        }
    }

    public boolean bucketExists(String bucket) {
        try {
            return client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build());
        } catch (Exception e) {
            throw failure("look up bucket", bucket, "", e);
        }
    }

    /** Creates the buckets that do not exist yet. */
    public void ensureBuckets(Collection<String> buckets) {
        for (String bucket : buckets) {
            try {
                if (!bucketExists(bucket)) {
                    client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
                }
            } catch (ErrorResponseException e) {
                if (!"BucketAlreadyOwnedByYou".equals(e.errorResponse().code())
                        && !"BucketAlreadyExists".equals(e.errorResponse().code())) {
                    throw failure("create bucket", bucket, "", e);
                }
            } catch (StorageException e) {
                throw e;
            } catch (Exception e) {
                throw failure("create bucket", bucket, "", e);
            }
        }
    }

    /** Reads an object's bytes (small objects only: metadata, manifests). */
    public byte[] readAllBytes(String bucket, String key) {
        try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
            return in.readAllBytes();
        } catch (Exception e) {
            throw failure("read", bucket, key, e);
        }
    }

    /** {@code s3://bucket/key}. */
    public static String uri(String bucket, String key) {
        return "s3://" + bucket + "/" + key;
    }

    private StorageException failure(String action, String bucket, String key, Exception e) {
        String where = uri(bucket, key);
        if (e instanceof ErrorResponseException response) {
            String code = response.errorResponse().code();
            int status = response.response() == null ? 0 : response.response().code();
            if (MISSING.contains(code) || status == 404) {
                String what = "NoSuchBucket".equals(code) ? "bucket '" + bucket + "'" : where;
                return new StorageException(StorageException.Kind.NOT_FOUND, what + " does not exist", e);
            }
            if (status >= 500) {
                return unavailable(action, where, code + " (HTTP " + status + ")", e);
            }
            String reason = "AccessDenied".equals(code) || status == 403
                    ? "access denied (HTTP 403): check the worker's S3 credentials and the bucket policy"
                    : code + " (HTTP " + status + "): " + response.errorResponse().message();
            return new StorageException(StorageException.Kind.REFUSED, "object storage refused to " + action + " "
                    + where + ": " + reason, e);
        }
        if (e instanceof ServerException server) {
            return unavailable(action, where, "HTTP " + server.statusCode(), e);
        }
        if (e instanceof InvalidResponseException || e instanceof IOException
                || e instanceof InsufficientDataException || e instanceof XmlParserException) {
            return unavailable(action, where, describe(e), e);
        }
        return new StorageException(StorageException.Kind.REFUSED, "cannot " + action + " " + where + ": "
                + describe(e), e);
    }

    private StorageException unavailable(String action, String where, String reason, Exception e) {
        return new StorageException(StorageException.Kind.UNAVAILABLE, "object storage at " + endpoint
                + " is unavailable, cannot " + action + " " + where + ": " + reason, e);
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + message;
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temporary file; the job folder is removed later anyway
            }
        }
    }
}
