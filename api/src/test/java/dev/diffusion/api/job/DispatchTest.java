package dev.diffusion.api.job;

import static dev.diffusion.api.testing.Api.getJob;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.diffusion.api.testing.Api;
import dev.diffusion.api.testing.KafkaTestClient;
import dev.diffusion.common.json.JsonMapper;
import dev.diffusion.common.messaging.JobDispatch;
import dev.diffusion.common.messaging.JobType;
import dev.diffusion.common.messaging.MessageCodec;
import dev.diffusion.common.messaging.Topics;
import dev.diffusion.common.spec.TrainingSpec;
import dev.diffusion.common.storage.ObjectKeys;
import dev.diffusion.deploy.infra.KafkaBroker;
import dev.diffusion.deploy.infra.SharedInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** The transactional outbox gets every job to Kafka, also when Kafka was down at submission. */
@QuarkusTest
class DispatchTest {

    @Test
    void a_submitted_job_is_dispatched_keyed_by_its_id_with_the_effective_spec() throws Exception {
        UUID id = Api.submitTraining("{\"dataset\":\"shapes\",\"steps\":25,\"seed\":9}");

        JobDispatch dispatch = KafkaTestClient.get().awaitDispatch(id, 1);

        ConsumerRecord<String, String> record = KafkaTestClient.get().records(Topics.JOBS, id).get(0);
        assertThat(record.key()).isEqualTo(id.toString());
        assertThat(new String(record.headers().lastHeader(MessageCodec.TYPE_HEADER).value(), StandardCharsets.UTF_8))
                .isEqualTo("JobDispatch");
        assertThat(dispatch.type()).isEqualTo(JobType.TRAINING);
        assertThat(dispatch.generation()).isNull();
        assertThat(dispatch.training().resumeFrom()).isNull();
        assertThat(dispatch.training().datasetScope().locations()).as("the default tenant's area and the built-ins")
                .containsExactly("s3://diffusion-datasets/tenants/00000000-0000-0000-0000-000000000001/",
                        "s3://diffusion-datasets/datasets/");
        assertThat(dispatch.training().model().bucket()).isEqualTo(ObjectKeys.MODELS_BUCKET);
        assertThat(dispatch.training().model().key()).isEqualTo(ObjectKeys.model(dispatch.training().model().modelId()));
        String shown = getJob(id).extract().asString();
        TrainingSpec spec = JsonMapper.shared().treeToValue(JsonMapper.shared().readTree(shown).get("spec"), TrainingSpec.class);
        assertThat(dispatch.training().spec()).isEqualTo(spec);
        assertThat(spec.seed()).isEqualTo(9L);
    }

    @Test
    void a_job_submitted_while_kafka_is_down_stays_queued_and_is_dispatched_when_kafka_is_back() {
        KafkaBroker kafka = SharedInfrastructure.get().kafka();
        assertThat(kafka.bootstrapServers()).as("the test controls the broker the api uses")
                .isEqualTo(ConfigProvider.getConfig().getValue("diffusion.kafka.bootstrap-servers", String.class));
        kafka.stop();
        UUID id;
        try {
            id = Api.submitTraining();
            Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> "QUEUED".equals(Api.status(id)));
            given().when().get("/q/health/ready").then().statusCode(503);
        } finally {
            kafka.start();
        }

        JobDispatch dispatch = KafkaTestClient.get().awaitDispatch(id, 1, Duration.ofSeconds(60));

        assertThat(dispatch.jobId()).isEqualTo(id);
        assertThat(Api.status(id)).isEqualTo("QUEUED");
    }
}
