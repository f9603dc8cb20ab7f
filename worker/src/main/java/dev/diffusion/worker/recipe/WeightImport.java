package dev.diffusion.worker.recipe;

import ai.djl.ndarray.NDManager;

import dev.diffusion.common.spec.Architecture;
import dev.diffusion.common.spec.EffectiveTrainingSpec;
import dev.diffusion.common.storage.ObjectKeys;
import dev.diffusion.engine.model.NoisePredictor;
import dev.diffusion.engine.model.weights.StateDict;
import dev.diffusion.engine.model.weights.StateDicts;
import dev.diffusion.engine.model.weights.WeightFiles;
import dev.diffusion.engine.train.Checkpoint;
import dev.diffusion.engine.train.CheckpointFiles;
import dev.diffusion.engine.train.CheckpointMetadata;
import dev.diffusion.engine.train.ParameterTransfer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * PyTorch state dicts in and out of model files: the one code path of {@code worker import-weights} and import jobs
 * (a state dict into a {@code model.ckpt}), and of {@code worker export-weights} and training and import jobs (a model
 * file's sampling weights as {@code model.safetensors} beside {@code model-spec.json}).
 */
public final class WeightImport {

    private WeightImport() {}

    /**
     * The ContextUnet's 1×1 shortcut of its first residual block. The DeepLearning.AI course builds it inside
     * {@code forward} (a fresh random convolution on every call), so a state dict saved from the course's network does
     * not hold it; the engine registers it. Such a file loads with the shortcut at its initial values from the spec's
     * seed (PyTorch's default initialisation), as random as the course's and fixed from then on.
     */
    public static final String COURSE_SHORTCUT = "init_conv.shortcut.";

    /**
     * Loads a state dict into the network a spec describes and writes it as a model file; nothing is written when a
     * tensor is missing, unexpected, mis-shaped or not finite (a ContextUnet may lack {@link #COURSE_SHORTCUT}).
     *
     * @param spec the network, schedule and data set the weights belong to
     * @param stateDict the tensors under PyTorch names
     * @param out the model file to write
     * @return the number of weights loaded and the parameters that kept their initial values
     * @throws IllegalArgumentException listing every tensor that does not fit
     * @throws IOException when the file cannot be written
     */
    public static Imported toModelFile(EffectiveTrainingSpec spec, StateDict stateDict, Path out) throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            NoisePredictor network = Networks.create(spec, manager, spec.spec().seed());
            boolean contextUnet = spec.spec().model().architecture() == Architecture.CONTEXT_UNET;
            List<String> kept = StateDicts.load(network, stateDict,
                    name -> contextUnet && name.startsWith(COURSE_SHORTCUT));
            CheckpointMetadata meta = new CheckpointMetadata(
                    CheckpointMetadata.FORMAT_VERSION, CheckpointMetadata.KIND_MODEL, 0, null, 0, 0, null,
                    StoredSpecs.toJson(spec));
            Path parent = out.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            try (NDManager scope = manager.newSubManager();
                    Checkpoint model = new Checkpoint(meta, ParameterTransfer.export(network, scope), null, null)) {
                CheckpointFiles.write(out, model);
            }
            return new Imported(ParameterTransfer.count(network), kept);
        }
    }

    /**
     * What {@link #toModelFile} loaded.
     *
     * @param weights the network's number of weights
     * @param initialised parameters the file lacked that kept their initial values ({@link #COURSE_SHORTCUT})
     */
    public record Imported(long weights, List<String> initialised) {
    }

    /**
     * Writes a model file's sampling weights (EMA when the run kept them) as {@value ObjectKeys#MODEL_WEIGHTS} and its
     * effective training spec as {@value ObjectKeys#MODEL_SPEC} into a folder: what a PyTorch user needs to rebuild
     * the network and load the weights with {@code load_state_dict}.
     *
     * @param modelFile a {@code model.ckpt}
     * @param folder where to write the two files
     * @return the two files, weights first
     * @throws IOException when the model cannot be read or the files written
     */
    public static Exported export(Path modelFile, Path folder) throws IOException {
        Files.createDirectories(folder);
        try (NDManager manager = NDManager.newBaseManager()) {
            LoadedModel loaded = LoadedModel.load(modelFile, manager);
            Path weights = folder.resolve(ObjectKeys.MODEL_WEIGHTS);
            Path spec = folder.resolve(ObjectKeys.MODEL_SPEC);
            WeightFiles.save(loaded.network(), weights);
            Files.writeString(spec, StoredSpecs.toJson(loaded.spec()) + "\n", StandardCharsets.UTF_8);
            return new Exported(weights, spec);
        }
    }

    /**
     * The files of {@link #export}.
     *
     * @param weights {@value ObjectKeys#MODEL_WEIGHTS}
     * @param spec {@value ObjectKeys#MODEL_SPEC}
     */
    public record Exported(Path weights, Path spec) {
    }
}
