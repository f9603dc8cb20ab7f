package dev.diffusion.common.messaging;

import static dev.diffusion.common.messaging.MessageFixtures.CLOCK;
import static dev.diffusion.common.messaging.MessageFixtures.NOW;
import static dev.diffusion.common.messaging.MessageFixtures.aGenerationDispatch;
import static dev.diffusion.common.messaging.MessageFixtures.aTrainingDispatch;
import static dev.diffusion.common.messaging.MessageFixtures.anArtifact;
import static dev.diffusion.common.messaging.MessageFixtures.anEvaluationDispatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.diffusion.common.json.JsonMapper;
import dev.diffusion.common.spec.TrainingSpec;
import dev.diffusion.common.storage.ObjectKeys;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MessageContractTest {

    private final UUID jobId = UUID.randomUUID();

    private static JsonNode tree(Object message) throws Exception {
        return JsonMapper.shared().readTree(MessageCodec.encode(message));
    }

    @Test
    void training_dispatch_round_trips_and_carries_only_the_training_payload() throws Exception {
        CheckpointRef resume = new CheckpointRef(ObjectKeys.MODELS_BUCKET, ObjectKeys.checkpoint(jobId, 500), 500);
        JobDispatch dispatch = aTrainingDispatch(jobId, 2, resume);

        String json = MessageCodec.encode(dispatch);

        assertThat(MessageCodec.decode(json, JobDispatch.class)).isEqualTo(dispatch);
        JsonNode node = tree(dispatch);
        assertThat(node.get("type").asText()).isEqualTo("TRAINING");
        assertThat(node.has("generation")).isFalse();
        assertThat(node.at("/training/resumeFrom/step").asInt()).isEqualTo(500);
        assertThat(node.at("/training/spec/dataset").asText()).isEqualTo("shapes");
        assertThat(node.get("dispatchedAt").asText()).isEqualTo("2026-11-23T10:15:30.123456Z");
    }

    @Test
    void generation_dispatch_round_trips_with_the_models_location() throws Exception {
        JobDispatch dispatch = aGenerationDispatch(jobId);

        assertThat(MessageCodec.decode(MessageCodec.encode(dispatch), JobDispatch.class)).isEqualTo(dispatch);
        JsonNode node = tree(dispatch);
        assertThat(node.has("training")).isFalse();
        assertThat(node.at("/generation/model/key").asText()).startsWith("models/").endsWith("/model.ckpt");
        assertThat(node.at("/generation/spec/sampler").asText()).isEqualTo("ddim");
        assertThat(node.get("generation").has("modelSpec")).as("the model file carries its spec").isFalse();
    }

    @Test
    void import_dispatch_round_trips_with_the_weights_and_the_models_target() throws Exception {
        JobDispatch dispatch = JobDispatch.modelImport(jobId, 1,
                dev.diffusion.common.spec.ImportSpec.of("s3://diffusion-datasets/tenants/t/w.safetensors").withDefaults(),
                MessageFixtures.modelRef(UUID.randomUUID()), 512L << 20, MessageFixtures.NOW);

        assertThat(MessageCodec.decode(MessageCodec.encode(dispatch), JobDispatch.class)).isEqualTo(dispatch);
        JsonNode node = tree(dispatch);
        assertThat(node.at("/type").asText()).isEqualTo("IMPORT");
        assertThat(node.has("training")).isFalse();
        assertThat(node.at("/modelImport/spec/weights").asText()).endsWith("/w.safetensors");
        assertThat(node.at("/modelImport/spec/model/architecture").asText()).isEqualTo("context-unet");
        assertThat(node.at("/modelImport/maxBytes").asLong()).isEqualTo(512L << 20);
        ((ObjectNode) node).remove("modelImport");
        assertThatThrownBy(() -> MessageCodec.decode(JsonMapper.shared().writeValueAsString(node), JobDispatch.class))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("modelImport");
    }

    @Test
    void evaluation_dispatch_round_trips_with_its_expanded_samplers() throws Exception {
        JobDispatch dispatch = anEvaluationDispatch(jobId);

        assertThat(MessageCodec.decode(MessageCodec.encode(dispatch), JobDispatch.class)).isEqualTo(dispatch);
        JsonNode node = tree(dispatch);
        assertThat(node.has("training")).isFalse();
        assertThat(node.has("generation")).isFalse();
        assertThat(node.at("/type").asText()).isEqualTo("EVALUATION");
        assertThat(node.at("/evaluation/spec/samplers")).hasSize(20);
        assertThat(node.at("/evaluation/spec/samplers/0/sampler").asText()).isEqualTo("ddpm");
        assertThat(node.at("/evaluation/model/key").asText()).endsWith("/model.ckpt");
    }

    @Test
    void an_older_generation_dispatch_with_the_models_training_spec_is_still_read() throws Exception {
        JobDispatch dispatch = aGenerationDispatch(jobId);
        ObjectNode old = (ObjectNode) tree(dispatch);
        ((ObjectNode) old.get("generation")).set("modelSpec",
                JsonMapper.shared().valueToTree(TrainingSpec.of("mnist").withSeed(1).withDefaults()));
        String json = JsonMapper.shared().writeValueAsString(old);
        assertThat(json).contains("\"modelSpec\":{");

        assertThat(MessageCodec.decode(json, JobDispatch.class)).isEqualTo(dispatch);
        String unknown = json.replace("\"modelSpec\":", "\"modelSpex\":");
        assertThatThrownBy(() -> MessageCodec.decode(unknown, JobDispatch.class))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("generation.modelSpex");
    }

    @Test
    void a_dispatch_whose_payload_does_not_match_its_type_is_malformed() {
        String json = MessageCodec.encode(aGenerationDispatch(jobId)).replace("\"GENERATION\"", "\"TRAINING\"");

        assertThatThrownBy(() -> MessageCodec.decode(json, JobDispatch.class))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("TRAINING dispatch carries 'training'");
    }

    @Test
    void attempt_events_are_numbered_from_zero_and_round_trip() {
        AttemptEvents events = new AttemptEvents(jobId, 1, "worker-a", CLOCK);
        Artifact grid = anArtifact(jobId, ObjectKeys.GRID, "image/png");
        Artifact model = anArtifact(jobId, ObjectKeys.MODEL_FILE, "application/octet-stream");
        CheckpointRef checkpoint = new CheckpointRef(ObjectKeys.MODELS_BUCKET, ObjectKeys.checkpoint(jobId, 10), 10);

        List<JobEvent> all = List.of(
                events.started(),
                events.progress(new Progress(5, 20, "training", 3.5), Map.of("loss", 0.25)),
                events.heartbeat(),
                events.checkpoint(checkpoint, new Progress(10, 20, "training", 2.0), Map.of()),
                events.succeeded(List.of(grid), model, Map.of("loss", 0.1)));

        assertThat(all).extracting(JobEvent::sequence).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(all).extracting(JobEvent::occurredAt).containsOnly(NOW);
        for (JobEvent e : all) {
            assertThat(MessageCodec.decode(MessageCodec.encode(e), JobEvent.class)).isEqualTo(e);
        }
    }

    @Test
    void a_minimal_event_from_another_language_reads_with_empty_metrics_and_artifacts() {
        String json = "{\"jobId\":\"" + jobId + "\",\"attempt\":1,\"workerId\":\"w\",\"sequence\":0,"
                + "\"kind\":\"STARTED\",\"occurredAt\":\"2026-11-23T10:00:00Z\"}";

        JobEvent event = MessageCodec.decode(json, JobEvent.class);

        assertThat(event.metrics()).isEmpty();
        assertThat(event.artifacts()).isEmpty();
        assertThat(event.kind()).isEqualTo(EventKind.STARTED);
    }

    @Test
    void events_missing_what_their_kind_requires_are_malformed() {
        String base = "{\"jobId\":\"" + jobId + "\",\"attempt\":1,\"workerId\":\"w\",\"sequence\":3,"
                + "\"occurredAt\":\"2026-11-23T10:00:00Z\",";

        assertThatThrownBy(() -> MessageCodec.decode(base + "\"kind\":\"CHECKPOINT\"}", JobEvent.class))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("requires 'checkpoint'");
        assertThatThrownBy(() -> MessageCodec.decode(base + "\"kind\":\"FAILED\"}", JobEvent.class))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("requires 'error'");
        assertThatThrownBy(() -> MessageCodec.decode(base + "\"kind\":\"PROGRESS\",\"metrics\":{\"loss\":null}}", JobEvent.class))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("metrics.loss");
        assertThatThrownBy(() -> MessageCodec.decode(base.replace("\"attempt\":1", "\"attempt\":0") + "\"kind\":\"HEARTBEAT\"}",
                JobEvent.class)).isInstanceOf(MalformedMessageException.class).hasMessageContaining("attempt");
    }

    @Test
    void unknown_fields_wrong_types_and_bad_json_name_the_problem() {
        String event = "{\"jobId\":\"" + jobId + "\",\"attempt\":1,\"workerId\":\"w\",\"sequence\":0,"
                + "\"kind\":\"STARTED\",\"occurredAt\":\"2026-11-23T10:00:00Z\"";

        assertThatThrownBy(() -> MessageCodec.decode(event + ",\"colour\":\"red\"}", JobEvent.class))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("colour");
        assertThatThrownBy(() -> MessageCodec.decode(event + ",\"progress\":{\"step\":\"five\",\"totalSteps\":9}}", JobEvent.class))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("progress.step");
        assertThatThrownBy(() -> MessageCodec.decode(event.replace("STARTED", "EXPLODED") + "}", JobEvent.class))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("kind");
        assertThatThrownBy(() -> MessageCodec.decode("{not json", JobEvent.class))
                .isInstanceOf(MalformedMessageException.class);
        assertThatThrownBy(() -> MessageCodec.decode("", JobEvent.class))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("empty");
    }

    @Test
    void control_commands_apply_to_their_attempt_and_earlier_ones_only() {
        JobControl cancel = new JobControl(jobId, ControlCommand.CANCEL, 2, "user request", NOW);

        assertThat(MessageCodec.decode(MessageCodec.encode(cancel), JobControl.class)).isEqualTo(cancel);
        assertThat(cancel.appliesTo(jobId, 1)).isTrue();
        assertThat(cancel.appliesTo(jobId, 2)).isTrue();
        assertThat(cancel.appliesTo(jobId, 3)).isFalse();
        assertThat(cancel.appliesTo(UUID.randomUUID(), 1)).isFalse();
    }

    @Test
    void dead_letters_keep_the_original_payload_verbatim() {
        DeadLetter letter = new DeadLetter(Topics.JOB_EVENTS, 2, 41, jobId.toString(), "{not json", "invalid JSON",
                "diffusion-api", NOW);

        assertThat(MessageCodec.decode(MessageCodec.encode(letter), DeadLetter.class)).isEqualTo(letter);
    }

    @Test
    void artifacts_need_a_real_sha256_and_progress_reports_its_fraction() {
        assertThatThrownBy(() -> new Artifact("grid.png", "b", "k", "image/png", 1, "xyz"))
                .hasMessageContaining("sha256");
        assertThat(new Progress(5, 20, "training", null).fraction()).isEqualTo(0.25);
        assertThat(new Progress(0, 0, "loading-data", null).fraction()).isZero();
        assertThat(new Progress(30, 20, "training", null).fraction()).isEqualTo(1.0);
    }
}
