package dev.diffusion.worker.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.diffusion.deploy.infra.S3Server;
import dev.diffusion.deploy.infra.SharedInfrastructure;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against the real S3 server of the shared local infrastructure. */
class ObjectStoreTest {

    private static final String BUCKET = "diffusion-artifacts";

    private static S3Server s3;
    private static ObjectStore store;

    @TempDir
    Path folder;

    @BeforeAll
    static void connect() {
        s3 = SharedInfrastructure.get().s3();
        store = ObjectStore.connect(s3.endpoint(), s3.accessKey(), s3.secretKey(), s3.region());
    }

    @Test
    void uploadStoresContentTypeAndSha256AndDownloadReturnsTheSameBytes() throws Exception {
        byte[] bytes = randomBytes(200_000);
        Path file = Files.write(folder.resolve("grid.png"), bytes);
        String key = uniqueKey("grid.png");

        StoredObject uploaded = store.upload(BUCKET, key, file, "image/png");

        assertThat(uploaded.sha256()).isEqualTo(sha256(bytes));
        assertThat(uploaded.sizeBytes()).isEqualTo(bytes.length);
        StatObjectResponse stat = s3.client().statObject(StatObjectArgs.builder().bucket(BUCKET).object(key).build());
        assertThat(stat.contentType()).isEqualTo("image/png");
        assertThat(stat.userMetadata()).containsEntry(ObjectStore.SHA256_METADATA, sha256(bytes));

        Path target = folder.resolve("copy/grid.png");
        StoredObject downloaded = store.download(BUCKET, key, target);

        assertThat(Files.readAllBytes(target)).isEqualTo(bytes);
        assertThat(downloaded.sha256()).isEqualTo(uploaded.sha256());
        assertThat(downloaded.contentType()).isEqualTo("image/png");
        assertThat(folder.resolve("copy")).isDirectoryNotContaining("glob:**.part");
    }

    @Test
    void downloadOfAnObjectWhoseBytesDoNotMatchItsSha256IsCorruptAndLeavesNoFile() throws Exception {
        String key = uniqueKey("data.idx");
        byte[] bytes = "not what the digest says".getBytes(StandardCharsets.UTF_8);
        s3.client().putObject(PutObjectArgs.builder().bucket(BUCKET).object(key)
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1)
                .userMetadata(Map.of(ObjectStore.SHA256_METADATA, sha256("other".getBytes(StandardCharsets.UTF_8))))
                .build());
        Path target = folder.resolve("data.idx");

        assertThatThrownBy(() -> store.download(BUCKET, key, target))
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.kind()).isEqualTo(StorageException.Kind.CORRUPT);
                    assertThat(e.isTransient()).isFalse();
                })
                .hasMessageContaining("s3://" + BUCKET + "/" + key).hasMessageContaining("corrupt");
        assertThat(target).doesNotExist();
        assertThat(folder).isEmptyDirectory();
    }

    @Test
    void aMissingObjectIsAPermanentNotFoundNamingIt() {
        String key = uniqueKey("missing.bin");

        assertThat(store.exists(BUCKET, key)).isFalse();
        assertThatThrownBy(() -> store.download(BUCKET, key, folder.resolve("x")))
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.kind()).isEqualTo(StorageException.Kind.NOT_FOUND);
                    assertThat(e.isTransient()).isFalse();
                })
                .hasMessage("s3://" + BUCKET + "/" + key + " does not exist");
    }

    @Test
    void wrongCredentialsArePermanentlyRefused() throws Exception {
        ObjectStore wrong = ObjectStore.connect(s3.endpoint(), s3.accessKey(), "not-the-secret", s3.region());
        Path file = Files.writeString(folder.resolve("a.txt"), "a");

        assertThatThrownBy(() -> wrong.upload(BUCKET, uniqueKey("a.txt"), file, "text/plain"))
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.kind()).isEqualTo(StorageException.Kind.REFUSED);
                    assertThat(e.isTransient()).isFalse();
                })
                .hasMessageContaining("403");
    }

    @Test
    void anUnreachableServerIsTransient() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ObjectStore nowhere = ObjectStore.connect("http://127.0.0.1:" + closedPort, "a", "b", "us-east-1");

        assertThatThrownBy(() -> nowhere.list(BUCKET, "jobs/"))
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.kind()).isEqualTo(StorageException.Kind.UNAVAILABLE);
                    assertThat(e.isTransient()).isTrue();
                })
                .hasMessageContaining("unavailable");
    }

    @Test
    void listReturnsEveryObjectUnderThePrefixWithItsSize() throws Exception {
        String prefix = "list-" + UUID.randomUUID() + "/";
        Path small = Files.write(folder.resolve("small"), randomBytes(10));
        Path large = Files.write(folder.resolve("large"), randomBytes(1000));
        store.upload(BUCKET, prefix + "b/large.bin", large, "application/octet-stream");
        store.upload(BUCKET, prefix + "a.bin", small, "application/octet-stream");
        store.upload(BUCKET, "other-" + prefix + "c.bin", small, "application/octet-stream");

        List<ObjectSummary> listed = store.list(BUCKET, prefix);

        assertThat(listed).extracting(ObjectSummary::key, ObjectSummary::sizeBytes)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(prefix + "a.bin", 10L),
                        org.assertj.core.groups.Tuple.tuple(prefix + "b/large.bin", 1000L));
        assertThat(listed.get(1).fileName()).isEqualTo("large.bin");
        assertThat(store.exists(BUCKET, prefix + "a.bin")).isTrue();
    }

    @Test
    void ensureBucketsCreatesMissingBucketsAndKeepsExistingOnes() {
        String fresh = "fresh-" + UUID.randomUUID().toString().substring(0, 8);

        store.ensureBuckets(List.of(BUCKET, fresh));
        store.ensureBuckets(List.of(fresh));

        assertThat(store.bucketExists(fresh)).isTrue();
        assertThat(store.bucketExists(BUCKET)).isTrue();
    }

    private static String uniqueKey(String name) {
        return "tests/" + UUID.randomUUID() + "/" + name;
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new Random(n).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
