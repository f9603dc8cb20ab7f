package dev.diffusion.worker.cli;

import dev.diffusion.common.spec.FieldError;
import dev.diffusion.common.spec.SpecValidationException;
import dev.diffusion.common.spec.SpecValidator;
import dev.diffusion.common.spec.EffectiveTrainingSpec;
import dev.diffusion.common.spec.TrainingSpec;
import dev.diffusion.engine.model.weights.WeightFiles;
import dev.diffusion.worker.recipe.WeightImport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code worker import-weights}: turns a PyTorch state dict trained elsewhere ({@code .safetensors} or
 * {@code .npz}, PyTorch parameter names) into a {@code model.ckpt} that {@code sample} reads. The spec
 * options describe the network the weights belong to.
 */
@Command(name = "import-weights",
        customSynopsis = "worker import-weights --weights FILE --out FILE [--spec FILE] [network options]",
        description = {"Turn a PyTorch state dict (.safetensors/.npz) into a model.ckpt", "",
            "Loads a PyTorch state_dict saved as .safetensors or .npz, with PyTorch parameter names (e.g. the DLAI course's "
                    + "ContextUnet: init_conv.conv1.0.weight, ...), into the network the options describe, and writes a "
                    + "model file for 'sample'. Names and shapes must match exactly; every mismatch is listed. Sampling "
                    + "uses these weights (the file holds no separate EMA copy).",
            "The network options (--spec and those after it) are those of 'train'; --dataset only records what the "
                    + "weights were trained on (default: the weights file name)."},
        footerHeading = "%nExample:%n",
        footer = {"  worker import-weights --weights context_model.safetensors --base-channels 64 --num-classes 5 \\",
            "         --image-size 16 --channels 3 --out imported/model.ckpt",
            "  worker sample --model imported/model.ckpt --sampler ddim --steps 25 --out runs/imported"})
public final class ImportWeightsCommand extends ConsoleCommand {

    @Option(names = "--weights", paramLabel = "FILE", required = true,
            description = "the state dict, .safetensors or .npz (required)")
    private Path weights;

    @Option(names = "--out", paramLabel = "FILE", required = true,
            description = "model file to write, e.g. model.ckpt (required)")
    private Path out;

    @Mixin
    private TrainingSpecOptions specOptions;

    @Override
    public Integer call() throws Exception {
        Console console = console();
        if (!Files.isRegularFile(weights)) {
            throw new UsageException("weights file not found: " + weights);
        }
        if (!WeightFiles.isWeightFile(weights)) {
            throw new UsageException("--weights must be a .safetensors or .npz file, got " + weights);
        }
        EffectiveTrainingSpec effective = networkSpec(specOptions.build(TrainingSpec.class), weights);
        TrainingSpec spec = effective.spec();
        WeightImport.Imported imported;
        try {
            imported = WeightImport.toModelFile(effective, WeightFiles.read(weights), out);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            throw new IOException(message.startsWith(weights.toString()) ? message : weights + ": " + message, e);
        }
        console.out().printf(Locale.ROOT, "Imported %s (%,d weights, T %d, %d classes, %dx%dx%d) from %s%n  wrote %s%n",
                spec.model().architecture().wireName(), imported.weights(), spec.schedule().timesteps(),
                spec.model().numClasses(), spec.channels(), spec.imageSize(), spec.imageSize(), weights, out);
        if (!imported.initialised().isEmpty()) {
            console.out().printf(Locale.ROOT, "  not in the file, initialised from seed %d (the course's network builds "
                    + "them in forward): %s%n", spec.seed(), String.join(", ", imported.initialised()));
        }
        return WorkerCli.OK;
    }

    /** The effective spec; the data set is only a record here, so any name is accepted. */
    private static EffectiveTrainingSpec networkSpec(TrainingSpec given, Path weights) {
        String dataset = given.dataset() != null ? given.dataset() : weights.getFileName().toString();
        TrainingSpec spec = new TrainingSpec(dataset, given.imageSize(), given.channels(), given.model(),
                given.schedule(), given.loss(), given.optimizer(), given.batchSize(), given.steps(), given.ema(),
                given.conditionDropout(), given.horizontalFlip(), given.seed() != null ? given.seed() : 0L,
                given.checkpointEvery(), given.previewEvery(), given.evaluateEvery()).withDefaults();
        List<FieldError> errors = SpecValidator.validate(spec).stream()
                .filter(e -> !"dataset".equals(e.field())).toList();
        if (!errors.isEmpty()) {
            throw new SpecValidationException(errors);
        }
        return new EffectiveTrainingSpec(spec);
    }
}
