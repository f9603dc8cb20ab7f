package dev.diffusion.worker.cli;

import ai.djl.ndarray.NDManager;

import dev.diffusion.common.spec.EffectiveGenerationSpec;
import dev.diffusion.common.spec.GenerationSpec;
import dev.diffusion.common.spec.SpecValidator;
import dev.diffusion.engine.sample.GenerationLimits;
import dev.diffusion.engine.sample.GenerationResult;
import dev.diffusion.worker.recipe.LoadedModel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code worker sample}: generates images with a trained model into grid.png and denoise.gif. */
@Command(name = "sample", customSynopsis = "worker sample --model FILE --out DIR [--spec FILE] [options]",
        description = {"Generate images with a trained model (grid.png, denoise.gif)", "",
            "Samples images with the EMA weights of a model.ckpt (or a training checkpoint) and writes DIR/grid.png and "
                    + "DIR/denoise.gif. Ctrl-C stops early and keeps the partial grid.",
            "The generation-spec options (--spec and those after it) override the values of --spec FILE, "
                    + "a GenerationSpec JSON."},
        footerHeading = "%nExample:%n",
        footer = {"  worker sample --model runs/mnist/model.ckpt --out runs/mnist/samples \\",
            "      --sampler ddim --steps 25 --num-images 20 --labels 0,1,2,3,4,5,6,7,8,9,0,1,2,3,4,5,6,7,8,9"})
public final class SampleCommand extends ConsoleCommand {

    @Option(names = "--model", paramLabel = "FILE", required = true,
            description = "model.ckpt or checkpoints/step-N.ckpt of a training run (required)")
    private Path modelFile;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "output folder (required)")
    private Path out;

    @Mixin
    private EngineOptions engine;

    @Mixin
    private GenerationSpecOptions specOptions;

    @Override
    public Integer call() throws Exception {
        Console console = console();
        if (!Files.isRegularFile(modelFile)) {
            throw new UsageException("model file not found: " + modelFile);
        }
        GenerationSpec given = specOptions.build(GenerationSpec.class);
        given = withModelId(given, modelFile.toString());
        Threads.apply(engine.threads());
        EngineCheck.require(engine.kernels(), console);

        try (NDManager manager = NDManager.newBaseManager()) {
            LoadedModel model = LoadedModel.load(modelFile, manager);
            int timesteps = model.schedule().timesteps();
            SpecValidator.requireValid(given, timesteps, model.numClasses());
            EffectiveGenerationSpec effective = EffectiveGenerationSpec.of(given, timesteps);
            GenerationSpec spec = effective.spec();
            console.out().printf(Locale.ROOT, "Sampling %d image(s) with %s, %d steps, seed %d, model %s (step %d)%n",
                    spec.numImages(), spec.sampler().wireName(), spec.steps(), spec.seed(), modelFile,
                    model.metadata().step());
            long started = System.nanoTime();
            GenerationResult result;
            try (StepProgress bar = StepProgress.start(console, "sample",
                        (long) spec.steps() * model.chunks(effective, GenerationLimits.defaults()));
                    CancelOnSignal cancel = new CancelOnSignal(60)) {
                result = model.generate(effective, out, (done, total) -> {
                    double seconds = (System.nanoTime() - started) / 1e9;
                    double perStep = seconds / done;
                    bar.update(done, String.format(Locale.ROOT, "%.2f s/step", perStep),
                            Duration.ofMillis((long) (perStep * 1000 * (total - done))));
                }, cancel::isCancelled);
            }
            console.out().printf(Locale.ROOT, "%s after %d/%d steps in %s%n",
                    result.cancelled() ? "Cancelled" : "Done", result.stepsCompleted(), result.totalSteps(),
                    StepProgress.formatDuration(result.elapsed()));
            for (Path file : result.files()) {
                console.out().println("  wrote " + file);
            }
            return result.cancelled() ? WorkerCli.FAILURE : WorkerCli.OK;
        }
    }

    private static GenerationSpec withModelId(GenerationSpec s, String modelId) {
        return new GenerationSpec(modelId, s.sampler(), s.steps(), s.eta(), s.numImages(), s.labels(), s.guidanceScale(),
                s.seed(), s.gridColumns(), s.gif(), s.clipDenoised(), s.ddpmVariance());
    }
}
