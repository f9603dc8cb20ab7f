package dev.diffusion.worker.cli;

import dev.diffusion.engine.numerics.EngineNumerics;
import dev.diffusion.engine.numerics.KernelPolicy;

import ai.djl.ndarray.NDManager;

import dev.diffusion.common.spec.EffectiveTrainingSpec;
import dev.diffusion.common.spec.TrainingSpec;
import dev.diffusion.engine.data.LabeledImageDataset;
import dev.diffusion.engine.train.TrainingListener;
import dev.diffusion.engine.train.TrainingProgress;
import dev.diffusion.worker.recipe.TrainingRecipe;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Test-only entry point, started in fresh JVMs by {@link DeterminismAcrossJvmsTest}: trains with the
 * {@link TrainingRecipe} of {@code worker train} and training jobs (the same spec flags and {@code --threads},
 * a built-in data set) and writes
 * every step's loss and gradient norm as the raw bits of the doubles to {@code --out FILE}, one
 * line {@code step lossBits gradNormBits} (hexadecimal) per step. metrics.csv rounds them to 6
 * significant digits, too coarse to tell bit-identical runs from nearly identical ones.
 */
@Command(name = "exact-training-metrics")
final class ExactTrainingMetricsMain {

    @Option(names = "--out", required = true)
    private Path out;

    @Option(names = "--threads")
    private Integer threads;

    @Mixin
    private TrainingSpecOptions specOptions;

    private ExactTrainingMetricsMain() {}

    public static void main(String[] args) {
        try {
            ExactTrainingMetricsMain main = new ExactTrainingMetricsMain();
            new CommandLine(main).parseArgs(args);
            main.train();
            System.exit(0);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    private void train() throws Exception {
        Threads.apply(Optional.ofNullable(threads));
        // the kernel set the worker and 'worker train' would use on this CPU
        if (!EngineNumerics.establish(KernelPolicy.AUTO).passed()) {
            throw new IllegalStateException("engine self-check failed: " + EngineNumerics.current().orElseThrow().summary());
        }
        TrainingSpec spec = specOptions.build(TrainingSpec.class).withDefaults();
        LabeledImageDataset data = TrainingDatasets.load(spec.dataset(), spec.imageSize(), spec.channels(), null,
                spec.seed());
        List<String> lines = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager();
                TrainingRecipe recipe = TrainingRecipe.prepare(new EffectiveTrainingSpec(spec), data, manager)) {
            {
                recipe.trainer().run(new TrainingListener() {
                    @Override
                    public void onStep(TrainingProgress p) {
                        lines.add(String.format(Locale.ROOT, "%d %x %x", p.step(),
                                Double.doubleToRawLongBits(p.loss()), Double.doubleToRawLongBits(p.gradNorm())));
                    }
                }, 0, 0);
            }
        }
        Files.write(out, lines);
    }
}
