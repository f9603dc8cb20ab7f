package dev.diffusion.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.diffusion.engine.model.weights.StateDict;
import dev.diffusion.engine.model.weights.WeightFiles;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** export-weights and import-weights: a trained model leaves as a PyTorch state dict and comes back unchanged. */
class WeightsCommandsTest {

    @TempDir
    Path dir;

    @Test
    void exportedWeightsImportIntoTheSameNetworkAndSampleTheSameImages() throws Exception {
        Path run = trainTinyModel(3);

        for (String extension : new String[] {"safetensors", "npz"}) {
            Path weights = dir.resolve("weights." + extension);
            CliRun export = CliRun.of("export-weights", "--model", run.resolve("model.ckpt").toString(),
                    "--out", weights.toString());
            assertThat(export.exitCode()).as(export.err()).isZero();
            StateDict stateDict = WeightFiles.read(weights);
            // PyTorch names of the ContextUnet of the DeepLearning.AI course "How Diffusion Models Work"
            assertThat(stateDict.names()).contains("init_conv.conv1.0.weight", "contextembed1.model.0.weight",
                    "out.3.bias");

            Path imported = dir.resolve("imported-" + extension + "/model.ckpt");
            CliRun importRun = CliRun.of("import-weights", "--weights", weights.toString(), "--spec",
                    run.resolve("spec.json").toString(), "--out", imported.toString());
            assertThat(importRun.exitCode()).as(importRun.err()).isZero();
            assertThat(importRun.out()).contains("context-unet", imported.toString());

            assertThat(sample(imported, "from-" + extension)).isEqualTo(sample(run.resolve("model.ckpt"), "original"));
        }
    }

    @Test
    void weightsOfAnotherNetworkAreRejectedNamingEveryMismatch() throws Exception {
        Path run = trainTinyModel(1);
        Path weights = dir.resolve("weights.safetensors");
        assertThat(CliRun.of("export-weights", "--model", run.resolve("model.ckpt").toString(), "--out",
                weights.toString()).exitCode()).isZero();

        CliRun wider = CliRun.of("import-weights", "--weights", weights.toString(), "--dataset", "shapes",
                "--image-size", "16", "--base-channels", "16", "--num-classes", "4", "--timesteps", "50",
                "--out", dir.resolve("wider.ckpt").toString());

        assertThat(wider.exitCode()).isEqualTo(WorkerCli.FAILURE);
        assertThat(wider.err()).contains(weights.toString(), "shape mismatch for 'init_conv.conv1.0.weight'");
        assertThat(dir.resolve("wider.ckpt")).doesNotExist();

        CliRun wrongFile = CliRun.of("import-weights", "--weights", run.resolve("spec.json").toString(),
                "--out", dir.resolve("x.ckpt").toString());
        assertThat(wrongFile.exitCode()).isEqualTo(WorkerCli.USAGE);
        assertThat(wrongFile.err()).contains(".safetensors or .npz");
        CliRun wrongTarget = CliRun.of("export-weights", "--model", run.resolve("model.ckpt").toString(),
                "--out", dir.resolve("weights.pt").toString());
        assertThat(wrongTarget.exitCode()).isEqualTo(WorkerCli.USAGE);
    }

    /** A ContextUnet with n_feat 8 on 16×16 shapes, T = 50, trained for a few steps of batch 4. */
    private Path trainTinyModel(int steps) {
        Path run = dir.resolve("run");
        CliRun training = CliRun.of("train", "--dataset", "shapes", "--image-size", "16", "--base-channels", "8",
                "--timesteps", "50", "--steps", Integer.toString(steps), "--batch-size", "4", "--preview-every", "0",
                "--seed", "3", "--num-classes", "4", "--out", run.toString());
        assertThat(training.exitCode()).as(training.err()).isZero();
        return run;
    }

    private byte[] sample(Path model, String name) throws Exception {
        Path out = dir.resolve("samples-" + name);
        CliRun sampling = CliRun.of("sample", "--model", model.toString(), "--out", out.toString(), "--sampler", "ddim",
                "--steps", "5", "--num-images", "4", "--labels", "0,1,2,3", "--seed", "11");
        assertThat(sampling.exitCode()).as(sampling.err()).isZero();
        return Files.readAllBytes(out.resolve("grid.png"));
    }
}
