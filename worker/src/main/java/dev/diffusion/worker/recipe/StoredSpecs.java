package dev.diffusion.worker.recipe;

import dev.diffusion.common.json.JsonMapper;
import dev.diffusion.common.spec.EffectiveTrainingSpec;
import dev.diffusion.common.spec.NormType;
import dev.diffusion.common.spec.TrainingSpec;
import dev.diffusion.engine.train.CheckpointMetadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The training spec as checkpoints and model files keep it: the engine stores the run's description as an
 * opaque JSON object ({@link CheckpointMetadata#spec()}); for the worker it is the effective training spec.
 */
public final class StoredSpecs {

    private StoredSpecs() {}

    /**
     * The JSON a checkpoint keeps.
     *
     * @param spec the resolved spec
     * @return the spec as indented JSON
     */
    public static String toJson(EffectiveTrainingSpec spec) {
        try {
            return JsonMapper.shared().writerWithDefaultPrettyPrinter().writeValueAsString(spec.spec());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The training spec a checkpoint was written with.
     *
     * @param file the checkpoint (for messages)
     * @param metadata its metadata
     * @return the spec, resolved
     * @throws IOException when the stored spec is not a training spec
     */
    public static EffectiveTrainingSpec read(Path file, CheckpointMetadata metadata) throws IOException {
        try {
            JsonNode stored = JsonMapper.shared().readTree(metadata.spec());
            if (stored instanceof ObjectNode spec && spec.get("model") instanceof ObjectNode model && !model.has("norm")) {
                // written before model.norm existed: those networks were trained with GroupNorm
                model.put("norm", NormType.GROUP.wireName());
            }
            return EffectiveTrainingSpec.of(JsonMapper.shared().treeToValue(stored, TrainingSpec.class));
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException(file + ": the stored training spec is unreadable: " + e.getMessage(), e);
        }
    }
}
