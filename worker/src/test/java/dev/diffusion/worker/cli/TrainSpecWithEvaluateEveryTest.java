package dev.diffusion.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.diffusion.common.json.JsonMapper;
import dev.diffusion.common.spec.TrainingSpec;
import dev.diffusion.common.storage.ObjectKeys;
import dev.diffusion.worker.recipe.QualityCurve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code worker train --spec} with {@code evaluateEvery}: it trains, records the field in {@code spec.json} and scores
 * the weights every N steps with the data set's evaluator, cached under {@code --work}, as a training job does.
 */
class TrainSpecWithEvaluateEveryTest {

    @TempDir
    Path dir;

    @Test
    void aSpecThatEvaluatesTrainsOnTheCommandLineAndKeepsTheField() throws IOException {
        Path spec = Files.writeString(dir.resolve("spec.json"), """
                {"dataset":"shapes","imageSize":16,"model":{"baseChannels":8,"numClasses":4},
                 "schedule":{"timesteps":20},"batchSize":4,"steps":2,"previewEvery":0,"seed":3,"evaluateEvery":1}""");
        Path out = dir.resolve("run");

        CliRun run = CliRun.of("train", "--spec", spec.toString(), "--out", out.toString(),
                "--work", dir.resolve("work").toString(), "--evaluator-steps", "20");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(out.resolve(ObjectKeys.MODEL_FILE)).isRegularFile();
        TrainingSpec written = JsonMapper.shared().readValue(out.resolve("spec.json").toFile(), TrainingSpec.class);
        assertThat(written.evaluateEvery()).isEqualTo(1);
        QualityCurve curve = QualityCurve.read(Files.readAllBytes(out.resolve(ObjectKeys.QUALITY_JSON)));
        assertThat(curve.points()).extracting(QualityCurve.Point::step).containsExactly(1L, 2L);
        assertThat(curve.points()).allSatisfy(p -> assertThat(p.accuracy()).isNotNull().isBetween(0.0, 1.0));
        assertThat(out.resolve(ObjectKeys.QUALITY_CHART)).isRegularFile();
        assertThat(run.out()).contains("Quality at step 2");
        try (var cached = Files.list(dir.resolve("work").resolve("evaluators"))) {
            assertThat(cached).hasSize(1);
        }
    }

    @Test
    void anEvaluateEveryAboveTheStepsIsBadUsageNamingTheField() throws IOException {
        Path spec = Files.writeString(dir.resolve("spec.json"),
                "{\"dataset\":\"shapes\",\"steps\":2,\"evaluateEvery\":3}");

        CliRun run = CliRun.of("train", "--spec", spec.toString(), "--out", dir.resolve("run").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("evaluateEvery");
    }
}
