package dev.diffusion.common.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class ObjectKeysTest {

    private final UUID id = UUID.fromString("0b7e8c9a-1111-4222-8333-944455556666");

    @Test
    void job_model_and_checkpoint_keys_follow_the_documented_layout() {
        assertThat(ObjectKeys.grid(id)).isEqualTo("jobs/0b7e8c9a-1111-4222-8333-944455556666/grid.png");
        assertThat(ObjectKeys.denoiseGif(id)).isEqualTo("jobs/0b7e8c9a-1111-4222-8333-944455556666/denoise.gif");
        assertThat(ObjectKeys.jobArtifact(id, ObjectKeys.previewName(500)))
                .isEqualTo("jobs/0b7e8c9a-1111-4222-8333-944455556666/preview-step-500.png");
        assertThat(ObjectKeys.model(id)).isEqualTo("models/0b7e8c9a-1111-4222-8333-944455556666/model.ckpt");
        assertThat(ObjectKeys.checkpoint(id, 1500)).isEqualTo("checkpoints/0b7e8c9a-1111-4222-8333-944455556666/step-1500.ckpt");
        assertThat(ObjectKeys.datasetPrefix("MNIST")).isEqualTo("datasets/mnist/");
    }

    @Test
    void artifact_names_must_be_plain_file_names() {
        assertThat(ObjectKeys.isFileName("preview-step-10.png")).isTrue();
        for (String bad : new String[] {"../x", "a/b.png", "", ".hidden", "a..b", null}) {
            assertThat(ObjectKeys.isFileName(bad)).as(String.valueOf(bad)).isFalse();
        }
        assertThatThrownBy(() -> ObjectKeys.jobArtifact(id, "../../etc/passwd")).hasMessageContaining("plain file name");
    }

    @Test
    void s3_locations_split_into_bucket_and_prefix() {
        assertThat(ObjectKeys.parseLocation("s3://faces/train/2024")).isEqualTo(new ObjectLocation("faces", "train/2024"));
        assertThat(new ObjectLocation("faces", "train").uri()).isEqualTo("s3://faces/train");
        assertThatThrownBy(() -> ObjectKeys.parseLocation("s3://faces")).hasMessageContaining("s3://bucket/prefix");
        assertThatThrownBy(() -> ObjectKeys.datasetPrefix("imagenet")).hasMessageContaining("built-in");
        assertThatThrownBy(() -> ObjectKeys.checkpoint(id, -1)).hasMessageContaining("negative");
    }

    @Test
    void evaluatorKeysAreSafeAndDistinctPerDataSet() {
        String mnist = ObjectKeys.evaluator("mnist-28x28x1");
        assertThat(mnist).startsWith("evaluators/mnist-28x28x1-").endsWith("/evaluator.bin");
        String bucket = ObjectKeys.evaluator("s3://../Data Sets/x-32x32x3");
        assertThat(bucket).doesNotContain("..").doesNotContain(" ").startsWith("evaluators/s3-");
        assertThat(ObjectKeys.evaluator("a/b")).isNotEqualTo(ObjectKeys.evaluator("a b"));
    }
}
