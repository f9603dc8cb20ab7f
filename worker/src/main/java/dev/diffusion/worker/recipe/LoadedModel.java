package dev.diffusion.worker.recipe;

import ai.djl.ndarray.NDManager;

import dev.diffusion.common.spec.EffectiveGenerationSpec;
import dev.diffusion.common.spec.EffectiveTrainingSpec;
import dev.diffusion.common.storage.ObjectKeys;
import dev.diffusion.engine.diffusion.NoiseSchedule;
import dev.diffusion.engine.diffusion.ReverseSampler;
import dev.diffusion.engine.diffusion.SamplingProgressListener;
import dev.diffusion.engine.model.NoisePredictor;
import dev.diffusion.engine.sample.GenerationLimits;
import dev.diffusion.engine.sample.GenerationResult;
import dev.diffusion.engine.sample.GenerationRunner;
import dev.diffusion.engine.train.Checkpoint;
import dev.diffusion.engine.train.CheckpointFiles;
import dev.diffusion.engine.train.CheckpointMetadata;
import dev.diffusion.engine.train.ParameterTransfer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * A network ready for sampling, rebuilt from the training spec stored in a model or checkpoint file and
 * loaded with its EMA weights (or the trained weights when the run kept no EMA), and how a generation spec
 * samples from it: the one code path of generation jobs and {@code worker sample}.
 *
 * @param network the network
 * @param spec the training spec it was trained with
 * @param schedule its noise schedule
 * @param metadata the file's metadata
 */
public record LoadedModel(NoisePredictor network, EffectiveTrainingSpec spec, NoiseSchedule schedule,
                          CheckpointMetadata metadata) {

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
            EffectiveTrainingSpec spec = StoredSpecs.read(file, checkpoint.metadata());
            NoisePredictor network = Networks.create(spec, manager, 0);
            try {
                ParameterTransfer.load(checkpoint.samplingWeights(), network);
            } catch (IllegalArgumentException e) {
                throw new IOException(file + " does not fit the network its spec describes: " + e.getMessage(), e);
            }
            return new LoadedModel(network, spec, EngineSpecs.noiseSchedule(spec.spec().schedule()), checkpoint.metadata());
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

    /**
     * The chunks a spec's images are sampled in: guidance (labels and a scale other than 1) counts every image
     * twice.
     *
     * @param spec the resolved generation spec
     * @param limits the images sampled together
     * @return how many chunks run one after the other
     */
    public int chunks(EffectiveGenerationSpec spec, GenerationLimits limits) {
        var given = spec.spec();
        boolean guided = numClasses() > 0 && given.labels() != null && !given.labels().isEmpty()
                && given.guidanceScale() != 1.0;
        return limits.chunks(given.numImages(), guided);
    }

    /**
     * Generates the images of a spec into a folder: the grid and, unless disabled, the denoising GIF, named as
     * their artifacts are.
     *
     * @param spec the resolved generation spec, validated for this model
     * @param outputDir the folder to write into
     * @param progress told after every sampler step
     * @param cancelled polled before every step
     * @return the files and numbers
     * @throws IOException when writing fails
     */
    public GenerationResult generate(EffectiveGenerationSpec spec, Path outputDir, SamplingProgressListener progress,
                                     BooleanSupplier cancelled) throws IOException {
        return generate(spec, GenerationLimits.defaults(), outputDir, progress, cancelled);
    }

    /**
     * Generates the images of a spec within memory limits: in chunks, with a GIF byte budget.
     *
     * @param spec the resolved generation spec, validated for this model
     * @param limits images sampled together and the GIF's byte budget
     * @param outputDir the folder to write into
     * @param progress told after every sampler step, counting every chunk's steps
     * @param cancelled polled before every step
     * @return the files and numbers
     * @throws IOException when writing fails
     */
    public GenerationResult generate(EffectiveGenerationSpec spec, GenerationLimits limits, Path outputDir,
                                     SamplingProgressListener progress, BooleanSupplier cancelled) throws IOException {
        ReverseSampler sampler = Samplers.fromSpec(spec, schedule);
        return GenerationRunner.run(network, sampler,
                EngineSpecs.generationSettings(spec, sampler.timesteps().length, numClasses()), limits,
                outputDir.resolve(ObjectKeys.GRID), outputDir.resolve(ObjectKeys.DENOISE_GIF), progress, cancelled);
    }
}
