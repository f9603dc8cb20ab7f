package dev.diffusion.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.djl.ndarray.NDManager;

import dev.diffusion.engine.data.LabeledImageDataset;
import dev.diffusion.engine.eval.Evaluator;
import dev.diffusion.worker.quality.QualityCell;
import dev.diffusion.worker.quality.QualityOutcome;
import dev.diffusion.worker.quality.QualityRecipe;
import dev.diffusion.worker.quality.QualityStudy;
import dev.diffusion.worker.quality.TrainingStopped;
import dev.diffusion.worker.recipe.EvaluationRecipe;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A quality study stopped while it trains continues from its checkpoint, to the outcome of an uninterrupted run. */
class QualityResumeTest {

    private static final int STEPS = 6;

    private static NDManager manager;
    private static QualityCells.Judge judge;

    @BeforeAll
    static void evaluator(@TempDir Path dir) throws Exception {
        Threads.apply(java.util.Optional.of(2));
        manager = NDManager.newBaseManager();
        LabeledImageDataset data = TrainingDatasets.load("shapes", null, null, null, 0);
        Evaluator evaluator = CachedEvaluators.obtain(data, "shapes", dir, 30, manager, quiet().console());
        judge = new QualityCells.Judge(data, evaluator,
                evaluator.statistics(EvaluationRecipe.referenceImages(data, 100)), "e".repeat(64), "test", "test");
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @Test
    void aTrainingStoppedHalfwayContinuesFromItsCheckpointToTheOutcomeOfAnUninterruptedOne(@TempDir Path dir)
            throws Exception {
        QualityOutcome whole = QualityCells.runAll(study(dir.resolve("whole")), cells(QualityRecipe.COURSE), judge,
                () -> false, quiet().console()).get(0);
        QualityStudy study = study(dir.resolve("stopped"));

        TrainingStopped stopped = catchThrowableOfType(TrainingStopped.class, () -> QualityCells.runAll(study,
                cells(QualityRecipe.COURSE), judge, afterSteps(3), quiet().console()));

        assertThat(stopped.step()).isEqualTo(3);
        assertThat(stopped.resumable()).isTrue();
        assertThat(study.resumesAt(cells(QualityRecipe.COURSE), judge.data())).contains(3L);
        assertThat(dir.resolve("stopped/docs/quality/cells")).doesNotExist();
        Output output = quiet();
        QualityOutcome resumed = QualityCells.runAll(study, cells(QualityRecipe.COURSE), judge, () -> false,
                output.console()).get(0);
        assertThat(output.text()).contains("Resuming shapes-w8-s0-course-6 from its checkpoint at step 3");
        assertThat(resumed.finalLoss()).isEqualTo(whole.finalLoss());
        assertThat(resumed.accuracy()).isEqualTo(whole.accuracy());
        assertThat(resumed.frechetDistance()).isEqualTo(whole.frechetDistance());
        assertThat(resumed.trainSeconds()).as("both runs' training time").isPositive();
        assertThat(study.ledger().file(resumed.id())).isRegularFile();
    }

    @Test
    void aTrainingThatKeepsAnAverageStartsOverAfterAStop(@TempDir Path dir) {
        QualityRecipe averaged = QualityRecipe.parse("averaged={\"ema\":{\"decay\":0.9}}");
        QualityStudy study = study(dir);

        TrainingStopped stopped = catchThrowableOfType(TrainingStopped.class, () -> QualityCells.runAll(study,
                cells(averaged), judge, afterSteps(2), quiet().console()));

        assertThat(stopped.resumable()).isFalse();
        assertThat(stopped).hasMessageContaining("trains it from scratch");
        assertThat(study.resumesAt(cells(averaged), judge.data())).isEmpty();
    }

    @Test
    void stopAfterReadsSecondsMinutesAndHours() {
        assertThat(StopAfter.clock(null).getAsBoolean()).isFalse();
        assertThat(StopAfter.clock("2h").getAsBoolean()).isFalse();
        assertThat(StopAfter.clock("90m").getAsBoolean()).isFalse();
        assertThat(StopAfter.clock("0s").getAsBoolean()).isTrue();
        assertThatThrownBy(() -> StopAfter.clock("soon")).isInstanceOf(UsageException.class)
                .hasMessageContaining("--stop-after").hasMessageContaining("'soon'");
    }

    @Test
    void theCommandStopsWithItsOwnExitCodeAndWritesNoSection(@TempDir Path dir) throws Exception {
        CliRun run = CliRun.of("quality", "--datasets", "shapes", "--widths", "8", "--seeds", "0", "--steps", "4",
                "--batch-size", "8", "--recipes", "course", "--evaluator-steps", "30", "--images-per-class", "2",
                "--sampler-steps", "3", "--reference-images", "100", "--threads", "2", "--stop-after", "0s",
                "--work", dir.resolve("work").toString(), "--report", dir.resolve("docs/quality.md").toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(WorkerCli.STOPPED);
        assertThat(run.out()).contains("Stopped after --stop-after 0s: stopped training shapes-w8-s0-course-4 at step 0; "
                + "the same command continues it from its checkpoint");
        assertThat(dir.resolve("docs/quality.md")).doesNotExist();
    }

    /** Asked before every step: stops before step {@code n + 1}. */
    private static BooleanSupplier afterSteps(int n) {
        AtomicInteger asked = new AtomicInteger();
        return () -> asked.incrementAndGet() > n;
    }

    private static QualityStudy study(Path dir) {
        return new QualityStudy(new QualityStudy.Settings(dir.resolve("work"), dir.resolve("docs/quality"), 8, 2, 3,
                1234));
    }

    private static List<QualityCell> cells(QualityRecipe recipe) {
        return List.of(new QualityCell("shapes", 8, 0, recipe, STEPS, "steps"));
    }

    private static Output quiet() {
        return new Output(new ByteArrayOutputStream());
    }

    private record Output(ByteArrayOutputStream bytes) {
        Console console() {
            PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);
            return new Console(stream, stream, false);
        }

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
