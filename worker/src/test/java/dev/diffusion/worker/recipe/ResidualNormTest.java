package dev.diffusion.worker.recipe;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;

import dev.diffusion.common.json.JsonMapper;
import dev.diffusion.common.spec.EffectiveTrainingSpec;
import dev.diffusion.common.spec.NormType;
import dev.diffusion.common.spec.TrainingSpec;
import dev.diffusion.engine.data.LabeledImageDataset;
import dev.diffusion.engine.data.ShapesDataset;
import dev.diffusion.engine.train.CheckpointMetadata;
import dev.diffusion.engine.train.TrainingListener;
import dev.diffusion.engine.train.TrainingRunResult;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code model.norm}: the course's BatchNorm ContextUnet trains, saves and loads; old specs mean GroupNorm. */
class ResidualNormTest {

    private static TrainingSpec spec(String norm) throws Exception {
        return JsonMapper.shared().readValue("""
                {"dataset":"shapes","imageSize":16,"steps":3,"batchSize":4,"seed":11,"previewEvery":0,
                 "schedule":{"timesteps":20},"model":{"baseChannels":8,"numClasses":4,"norm":"%s"}}"""
                .formatted(norm), TrainingSpec.class).withDefaults();
    }

    @Test
    void aBatchNormModelKeepsItsRunningStatisticsThroughTheModelFile(@TempDir Path dir) throws Exception {
        EffectiveTrainingSpec spec = new EffectiveTrainingSpec(spec("batch"));
        LabeledImageDataset data = ShapesDataset.generate(16, 16, 1);
        try (NDManager manager = NDManager.newBaseManager()) {
            TrainingRunResult result;
            try (TrainingRecipe recipe = TrainingRecipe.prepare(spec, data, manager)) {
                assertThat(recipe.network().getParameters().keys()).anyMatch(name -> name.contains("runningMean"));
                result = recipe.run(dir, recipe.previews(null, null), 1, new TrainingListener() {});
            }
            LoadedModel model = LoadedModel.load(result.modelFile(), manager);

            assertThat(model.spec().spec().model().norm()).isEqualTo(NormType.BATCH);
            // trained running statistics, not the initial mean 0 / variance 1
            assertThat(model.network().getParameters().stream()
                    .filter(p -> p.getKey().contains("runningVar"))
                    .map(p -> p.getValue().getArray().sub(1).abs().max().getFloat()))
                    .isNotEmpty().anyMatch(deviation -> deviation > 1e-3f);
        }
    }

    @Test
    void aStoredSpecWithoutNormWasTrainedWithGroupNorm() throws Exception {
        ObjectNode stored = JsonMapper.shared().valueToTree(spec("group"));
        ((ObjectNode) stored.get("model")).remove("norm");
        CheckpointMetadata metadata = new CheckpointMetadata(CheckpointMetadata.FORMAT_VERSION, CheckpointMetadata.KIND_MODEL, 3,
                null, 3, 3, null, JsonMapper.shared().writeValueAsString(stored));

        EffectiveTrainingSpec read = StoredSpecs.read(Path.of("model.ckpt"), metadata);

        assertThat(read.spec().model().norm()).isEqualTo(NormType.GROUP);
    }
}
