package dev.diffusion.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WorkerCliTest {

    @TempDir
    Path dir;

    @Test
    void helpListsTheCommandsAndSucceeds() {
        CliRun run = CliRun.of("--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("train", "sample", "import-dataset", "import-weights", "export-weights", "bench")
                .doesNotContain("bench-probe");
    }

    @ParameterizedTest
    @ValueSource(strings = {"train", "sample", "import-dataset", "import-weights", "export-weights", "bench", "self-check"})
    void everyCommandExplainsItsOptions(String command) {
        CliRun run = CliRun.of(command, "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Usage: worker " + command).contains("Options:", "--help");
        assertThat(CliRun.of("help", command).out()).isEqualTo(run.out());
    }

    @Test
    void theHelpOfTrainListsItsOwnEngineAndSpecOptions() {
        CliRun run = CliRun.of("train", "--dataset", "shapes", "-h");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--out=DIR", "--resume=FILE", "--threads=N", "--kernels=auto|onednn|native",
                "--spec=FILE", "--steps=N", "--batch-size=N", "--lr=X", "--channel-multipliers=N[,N...]", "--no-ema",
                "Examples:");
        assertThat(CliRun.of("sample", "--help").out()).contains("--model=FILE", "--sampler=NAME", "--labels=N[,N...]",
                "--no-gif");
    }

    @Test
    void anOptionGivenTwiceIsBadUsage() {
        CliRun run = CliRun.of("train", "--out", dir.toString(), "--steps", "1", "--steps", "2");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("'--steps'", "only once");
    }

    @Test
    void aListOptionNamesItsBadItem() {
        CliRun run = CliRun.of("train", "--out", dir.toString(), "--channel-multipliers", "1,x");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--channel-multipliers", "'x'");
    }

    @Test
    void optionsOverrideTheSpecFileAndTheFileFillsTheRest() throws IOException {
        Path spec = Files.writeString(dir.resolve("spec.json"),
                "{\"dataset\": \"shapes\", \"batchSize\": 0, \"steps\": 0}");
        CliRun run = CliRun.of("train", "--out", dir.toString(), "--spec", spec.toString(), "--steps", "3");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("batchSize").doesNotContain("steps:");
    }

    @Test
    void aStrayArgumentIsNamed() {
        CliRun run = CliRun.of("export-weights", "--model", "a.ckpt", "--out", "b.npz", "extra");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("'extra'", "worker export-weights --help");
    }

    @Test
    void noCommandIsBadUsageAndShowsTheOverview() {
        CliRun run = CliRun.of();
        assertThat(run.exitCode()).isEqualTo(WorkerCli.USAGE);
        assertThat(run.out()).startsWith("Usage: worker <command> [options]").contains("Commands:", "Exit codes");
    }

    @Test
    void anUnknownCommandIsNamed() {
        CliRun run = CliRun.of("fly");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("unknown command 'fly'", "worker --help");
    }

    @Test
    void anUnknownOptionIsNamedWithAHintToHelp() {
        CliRun run = CliRun.of("train", "--out", dir.toString(), "--stesp", "10");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("'--stesp'", "Possible solutions: --steps", "worker train --help");
    }

    @Test
    void aNonNumericValueIsReportedWithItsOption() {
        CliRun run = CliRun.of("train", "--out", dir.toString(), "--dataset", "shapes", "--steps", "many");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--steps", "'many'");
    }

    @Test
    void aMissingValueIsReported() {
        CliRun run = CliRun.of("train", "--dataset", "shapes", "--out");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required parameter for option '--out'");
    }

    @Test
    void theOutputFolderIsRequired() {
        CliRun run = CliRun.of("train", "--dataset", "shapes");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required option: '--out=DIR'");
    }

    @Test
    void anUnknownArchitectureNamesTheSpecFieldAndTheChoices() {
        CliRun run = CliRun.of("train", "--out", dir.toString(), "--dataset", "shapes", "--architecture", "resnet");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("model.architecture", "'resnet'", "context-unet");
    }

    @Test
    void specRuleViolationsAreListedByField() {
        CliRun run = CliRun.of("train", "--out", dir.toString(), "--dataset", "shapes", "--batch-size", "0",
                "--lr", "3");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("batchSize", "optimizer.learningRate");
    }

    @Test
    void aMissingOrMalformedSpecFileIsBadUsage() throws IOException {
        CliRun missing = CliRun.of("train", "--out", dir.toString(), "--spec", dir.resolve("none.json").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("spec file not found");
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"dataset\": \"shapes\", \"stpes\": 3}");
        CliRun unknownField = CliRun.of("train", "--out", dir.toString(), "--spec", broken.toString());
        assertThat(unknownField.exitCode()).isEqualTo(2);
        assertThat(unknownField.err()).contains("stpes");
    }

    @Test
    void selfCheckPrintsEveryComparisonAndPasses() {
        CliRun run = CliRun.of("self-check", "--kernels", "auto");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("ok    conv2d 3x3 s1 p1 [4,64,14,14]->64 weight gradient: error")
                .contains("ok    groupNorm 8 groups").contains("passed: 43 checks on ");
    }

    @Test
    void anUnknownKernelSetIsAUsageError() {
        CliRun run = CliRun.of("self-check", "--kernels", "fast");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("option --kernels must be auto, onednn or native, got 'fast'");
    }

    @Test
    void aMissingImportedDataSetTellsHowToImportIt() {
        CliRun run = CliRun.of("train", "--out", dir.toString(), "--dataset", "mnist", "--data-dir",
                dir.resolve("nothing").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("worker import-dataset mnist");
    }

    @Test
    void resumingRejectsSpecFlagsBecauseTheCheckpointCarriesTheSpec() {
        CliRun run = CliRun.of("train", "--out", dir.toString(), "--resume", "x.ckpt", "--steps", "5");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("remove --steps");
    }

    @Test
    void samplingNeedsAnExistingModelFile() {
        assertThat(CliRun.of("sample", "--out", dir.toString()).err()).contains("Missing required option: '--model=FILE'");
        CliRun run = CliRun.of("sample", "--out", dir.toString(), "--model", dir.resolve("no.ckpt").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("model file not found");
    }

    @Test
    void importNamesTheKnownDataSets() {
        CliRun run = CliRun.of("import-dataset", "cifar10");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("mnist or fashion-mnist");
    }

    @Test
    void benchRejectsUnknownMeasurements() {
        CliRun run = CliRun.of("bench", "--only", "train-step,speed");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("'speed'");
    }
}
