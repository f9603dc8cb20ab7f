package dev.diffusion.worker.quality;

import ai.djl.ndarray.NDManager;
import dev.diffusion.common.json.JsonMapper;
import dev.diffusion.engine.train.Checkpoint;
import dev.diffusion.engine.train.CheckpointFiles;
import dev.diffusion.engine.train.ParameterTransfer;
import dev.diffusion.worker.recipe.LoadedModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The sampling weights a cell was scored with, kept machine-local in its work folder with the provenance of their
 * training, so that the cell can be judged again — by another evaluator, with more images — without training it
 * again. A shared training's averages exist only in memory otherwise.
 */
final class KeptWeights {

    /** The weights, a model file that {@link LoadedModel#load} reads. */
    static final String WEIGHTS = "sampling-weights.ckpt";
    /** The provenance of their training, written after the weights: a file without it is not used. */
    static final String PROVENANCE = "sampling-weights.json";

    private KeptWeights() {}

    /**
     * Keeps a model's current weights.
     *
     * @param cellDir the cell's work folder
     * @param model the model, its network holding the cell's sampling weights
     * @param provenance the cell's provenance
     * @param manager scope for the copies
     * @throws IOException when writing fails
     */
    static void keep(Path cellDir, LoadedModel model, CellProvenance provenance, NDManager manager) throws IOException {
        Files.createDirectories(cellDir);
        Files.deleteIfExists(cellDir.resolve(PROVENANCE));
        try (NDManager scope = manager.newSubManager();
             Checkpoint weights = new Checkpoint(model.metadata(), ParameterTransfer.export(model.network(), scope),
                     null, null)) {
            CheckpointFiles.write(cellDir.resolve(WEIGHTS), weights);
        }
        JsonMapper.shared().writeValue(cellDir.resolve(PROVENANCE).toFile(), provenance);
    }

    /**
     * The kept weights of the training a cell would do now, if there are any.
     *
     * @param cellDir the cell's work folder
     * @param expected the provenance the cell would have if trained now
     * @return the weights file, or empty when none are kept or they come from another training
     * @throws IOException when the provenance file exists but cannot be read
     */
    static Optional<Path> find(Path cellDir, CellProvenance expected) throws IOException {
        Path provenance = cellDir.resolve(PROVENANCE);
        Path weights = cellDir.resolve(WEIGHTS);
        if (!Files.isRegularFile(provenance) || !Files.isRegularFile(weights)) {
            return Optional.empty();
        }
        CellProvenance kept = JsonMapper.shared().readValue(provenance.toFile(), CellProvenance.class);
        return kept.sameTraining(expected) ? Optional.of(weights) : Optional.empty();
    }
}
