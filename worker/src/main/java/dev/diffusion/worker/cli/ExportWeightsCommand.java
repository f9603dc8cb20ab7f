package dev.diffusion.worker.cli;

import ai.djl.ndarray.NDManager;

import dev.diffusion.engine.model.weights.WeightFiles;
import dev.diffusion.worker.recipe.LoadedModel;
import dev.diffusion.engine.train.ParameterTransfer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code worker export-weights}: writes the sampling weights of a model or checkpoint file as a PyTorch
 * state dict ({@code .safetensors} or {@code .npz}, PyTorch parameter names) for use outside this platform.
 */
public final class ExportWeightsCommand implements Command {

    private static final String MODEL = "model";
    private static final String OUT = "out";

    @Override
    public String name() {
        return "export-weights";
    }

    @Override
    public String summary() {
        return "Write a model's weights as a PyTorch state dict (.safetensors/.npz)";
    }

    @Override
    public String usage() {
        return "Usage: worker export-weights --model FILE --out FILE.safetensors|FILE.npz\n\n"
                + "Writes the sampling weights (EMA when the run kept them) of a model.ckpt or a training\n"
                + "checkpoint with PyTorch parameter names, loadable with load_state_dict() into the PyTorch\n"
                + "network of the same configuration (the model's spec.json describes it) or back with\n"
                + "'worker import-weights'.\n\n"
                + "Options:\n"
                + SpecOption.line("--model FILE", "model.ckpt or checkpoints/step-N.ckpt (required)")
                + SpecOption.line("--out FILE", "state dict to write, .safetensors or .npz (required)");
    }

    @Override
    public int run(List<String> args, Console console) throws Exception {
        CliArguments parsed = CliArguments.parse(args, Set.of(MODEL, OUT), Set.of());
        parsed.requireNoPositionals();
        Path model = Path.of(parsed.required(MODEL));
        Path out = Path.of(parsed.required(OUT));
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
        return CommandLine.OK;
    }
}
