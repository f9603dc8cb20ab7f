package dev.diffusion.worker.sample;

import ai.djl.ndarray.NDManager;

import dev.diffusion.common.spec.TrainingSpec;
import dev.diffusion.worker.diffusion.NoiseSchedule;
import dev.diffusion.worker.model.NoisePredictor;
import dev.diffusion.worker.train.Checkpoint;
import dev.diffusion.worker.train.CheckpointFiles;
import dev.diffusion.worker.train.CheckpointMetadata;
import dev.diffusion.worker.train.EngineSpecs;
import dev.diffusion.worker.train.Networks;
import dev.diffusion.worker.train.ParameterTransfer;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A network ready for sampling, rebuilt from the spec stored in a model or checkpoint file and
 * loaded with its EMA weights (or the trained weights when the run kept no EMA).
 *
 * @param network the network
 * @param spec the training spec it was trained with
 * @param schedule its noise schedule
 * @param metadata the file's metadata
 */
public record LoadedModel(NoisePredictor network, TrainingSpec spec, NoiseSchedule schedule, CheckpointMetadata metadata) {

    /**
     * Loads a {@code model.ckpt} or a training checkpoint.
     *
     * @param file the file
     * @param manager owner of the weights
     * @return the model
     * @throws IOException when the file cannot be read or does not fit its own network
     */
    public static LoadedModel load(Path file, NDManager manager) throws IOException {
        try (NDManager fileScope = manager.newSubManager();
                Checkpoint checkpoint = CheckpointFiles.read(file, fileScope)) {
            TrainingSpec spec = checkpoint.metadata().spec().withDefaults();
            NoisePredictor network = Networks.create(spec, manager, 0);
            try {
                ParameterTransfer.load(checkpoint.samplingWeights(), network);
            } catch (IllegalArgumentException e) {
                throw new IOException(file + " does not fit the network its spec describes: " + e.getMessage(), e);
            }
            return new LoadedModel(network, spec, EngineSpecs.noiseSchedule(spec.schedule()), checkpoint.metadata());
        }
    }

    /**
     * The number of classes the network is conditioned on.
     *
     * @return 0 for an unconditional model
     */
    public int numClasses() {
        return network.getNumClasses();
    }
}
