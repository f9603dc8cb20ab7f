package dev.diffusion.deploy.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.diffusion.common.storage.ObjectKeys;
import dev.diffusion.deploy.infra.ServiceSettings.Service;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.http.Method;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** All three servers of one shared instance, exercised with real clients. */
class LocalInfrastructureTest {

    private static LocalInfrastructure infra;

    @BeforeAll
    static void startInfrastructure() {
        infra = LocalInfrastructure.builder().start().createDefaultTopicsAndBuckets(2);
    }

    @AfterAll
    static void stopInfrastructure() {
        if (infra != null) {
            infra.close();
        }
    }

    @Test
    void postgres_returns_a_row_written_over_jdbc() throws Exception {
        try (Connection connection = infra.postgres().connect()) {
            try (Statement ddl = connection.createStatement()) {
                ddl.execute("CREATE TABLE greeting (id INT PRIMARY KEY, text VARCHAR(40))");
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO greeting VALUES (?, ?)")) {
                insert.setInt(1, 7);
                insert.setString(2, "hello diffusion");
                insert.executeUpdate();
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT text FROM greeting WHERE id = ?")) {
                select.setInt(1, 7);
                try (ResultSet rows = select.executeQuery()) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getString(1)).isEqualTo("hello diffusion");
                }
            }
        }
    }

    @Test
    void postgres_listens_on_loopback_with_the_configured_database() {
        assertThat(infra.postgres().jdbcUrl())
                .isEqualTo("jdbc:postgresql://127.0.0.1:" + infra.postgres().port() + "/diffusion");
    }

    @Test
    void kafka_delivers_a_produced_record_to_a_consumer() throws Exception {
        String topic = "infra-test-roundtrip";
        infra.kafka().createTopics(1, List.of(topic));

        KafkaRecords.send(infra.kafka().bootstrapServers(), topic, "job-1", "{\"steps\":2000}");

        List<ConsumerRecord<String, String>> records =
                KafkaRecords.readFromStart(infra.kafka().bootstrapServers(), topic, 1, Duration.ofSeconds(20));
        assertThat(records).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo("job-1");
            assertThat(record.value()).isEqualTo("{\"steps\":2000}");
        });
    }

    @Test
    void kafka_has_the_default_topics_with_the_requested_partitions() throws Exception {
        try (Admin admin = infra.kafka().admin()) {
            var descriptions = admin.describeTopics(ServiceSettings.DEFAULT_TOPICS).allTopicNames()
                    .get(10, TimeUnit.SECONDS);
            assertThat(descriptions.keySet()).containsExactlyInAnyOrderElementsOf(ServiceSettings.DEFAULT_TOPICS);
            assertThat(descriptions.values()).allSatisfy(topic -> assertThat(topic.partitions()).hasSize(2));
        }
    }

    @Test
    void s3_serves_an_object_through_a_presigned_get_url() throws Exception {
        MinioClient client = infra.s3().client();
        byte[] content = "a sample grid".getBytes(StandardCharsets.UTF_8);
        client.putObject(PutObjectArgs.builder().bucket(ObjectKeys.ARTIFACTS_BUCKET).object("jobs/1/grid.txt")
                .stream(new ByteArrayInputStream(content), content.length, -1).contentType("text/plain").build());

        String url = client.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder().method(Method.GET)
                .bucket(ObjectKeys.ARTIFACTS_BUCKET).object("jobs/1/grid.txt").expiry(60).build());
        HttpResponse<byte[]> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(url).startsWith("http://127.0.0.1:" + infra.s3().port() + "/" + ObjectKeys.ARTIFACTS_BUCKET + "/");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(content);
    }

    @Test
    void s3_rejects_a_url_signed_with_a_wrong_secret_key() throws Exception {
        MinioClient impostor = MinioClient.builder().endpoint(infra.s3().endpoint())
                .credentials(infra.s3().accessKey(), "not-the-secret-key").region("us-east-1").build();
        String url = impostor.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder().method(Method.GET)
                .bucket(ObjectKeys.MODELS_BUCKET).object("anything").expiry(60).build());

        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("SignatureDoesNotMatch");
    }

    @Test
    void s3_has_the_default_buckets() throws Exception {
        MinioClient client = infra.s3().client();
        assertThat(client.listBuckets()).extracting(bucket -> bucket.name())
                .containsAll(ServiceSettings.DEFAULT_BUCKETS);
        assertThat(client.listObjects(ListObjectsArgs.builder().bucket(ObjectKeys.DATASETS_BUCKET).build())).isEmpty();
    }

    @Test
    void configuration_gives_the_api_every_connection_key_and_the_worker_no_datasource() {
        assertThat(infra.configuration(Service.API).keySet())
                .containsExactlyInAnyOrderElementsOf(ServiceSettings.connectionKeys(Service.API));
        assertThat(infra.configuration(Service.WORKER)).containsOnlyKeys(
                Set.copyOf(ServiceSettings.connectionKeys(Service.WORKER)));
        assertThat(infra.configuration(Service.WORKER))
                .containsEntry("diffusion.kafka.bootstrap-servers", infra.kafka().bootstrapServers())
                .containsEntry("diffusion.s3.endpoint", infra.s3().endpoint())
                .containsEntry("diffusion.s3.region", "us-east-1");
    }

    @Test
    void environment_uses_the_variable_names_quarkus_maps_to_the_keys() {
        assertThat(infra.environment(Service.API))
                .containsEntry("QUARKUS_DATASOURCE_JDBC_URL", infra.postgres().jdbcUrl())
                .containsEntry("QUARKUS_DATASOURCE_USERNAME", "diffusion")
                .containsEntry("DIFFUSION_KAFKA_BOOTSTRAP_SERVERS", infra.kafka().bootstrapServers())
                .containsEntry("DIFFUSION_S3_ACCESS_KEY", infra.s3().accessKey())
                .containsEntry("DIFFUSION_S3_SECRET_KEY", infra.s3().secretKey());
    }
}
