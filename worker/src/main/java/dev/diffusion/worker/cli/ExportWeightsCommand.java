package dev.diffusion.worker.cli;

import ai.djl.ndarray.NDManager;

import dev.diffusion.engine.model.weights.WeightFiles;
import dev.diffusion.worker.recipe.LoadedModel;
import dev.diffusion.engine.train.ParameterTransfer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code worker export-weights}: writes the sampling weights of a model or checkpoint file as a PyTorch
 * state dict ({@code .safetensors} or {@code .npz}, PyTorch parameter names) for use outside this platform.
 */
@Command(name = "export-weights", customSynopsis = "worker export-weights --model FILE --out FILE.safetensors|FILE.npz",
        description = {"Write a model's weights as a PyTorch state dict (.safetensors/.npz)", "",
            "Writes the sampling weights (EMA when the run kept them) of a model.ckpt or a training checkpoint with "
                    + "PyTorch parameter names, loadable with load_state_dict() into the PyTorch network of the same "
                    + "configuration (the model's spec.json describes it) or back with 'worker import-weights'."})
public final class ExportWeightsCommand extends ConsoleCommand {

    @Option(names = "--model", paramLabel = "FILE", required = true,
            description = "model.ckpt or checkpoints/step-N.ckpt (required)")
    private Path model;

    @Option(names = "--out", paramLabel = "FILE", required = true,
            description = "state dict to write, .safetensors or .npz (required)")
    private Path out;

    @Override
    public Integer call() throws Exception {
        Console console = console();
        if (!Files.isRegularFile(model)) {
            throw new UsageException("model file not found: " + model);
        }
        if (!WeightFiles.isWeightFile(out)) {
            throw new UsageException("--out must end with .safetensors or .npz, got " + out);
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            LoadedModel loaded = LoadedModel.load(model, manager);
            Path parent = out.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            WeightFiles.save(loaded.network(), out);
            console.out().printf(Locale.ROOT, "Exported %s (%,d weights) from %s%n  wrote %s%n",
                    loaded.spec().spec().model().architecture().wireName(), ParameterTransfer.count(loaded.network()),
                    model, out);
        }
        return WorkerCli.OK;
    }
}
