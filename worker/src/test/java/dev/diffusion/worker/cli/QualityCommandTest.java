package dev.diffusion.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.diffusion.common.json.JsonMapper;
import dev.diffusion.worker.quality.CellProvenance;
import dev.diffusion.worker.quality.Judging;
import dev.diffusion.worker.quality.QualityOutcome;
import dev.diffusion.worker.quality.QualityReport;
import dev.diffusion.worker.quality.QualityStudy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code worker quality} on shapes: every cell trained, scored and reported; a second run reuses the cells. */
class QualityCommandTest {

    private static String[] args(Path dir) {
        return new String[] {"quality", "--datasets", "shapes", "--widths", "8", "--seeds", "0", "--steps", "6",
            "--batch-size", "8", "--recipes", "course,defaults,no-ema={\"ema\":{\"enabled\":false},\"optimizer\":{\"lrSchedule\":\"constant\"}}",
            "--equal-time", "--evaluator-steps", "30", "--images-per-class", "2", "--sampler-steps", "3",
            "--reference-images", "100", "--speed-rounds", "1", "--speed-steps", "1", "--threads", "2",
            "--work", dir.resolve("work").toString(), "--report", dir.resolve("docs/quality.md").toString()};
    }

    @Test
    void comparesTheRecipesAndWritesTheSectionAndGrids(@TempDir Path dir) throws Exception {
        CliRun run = CliRun.of(args(dir));

        assertThat(run.exitCode()).as(run.err()).isZero();
        // since the defaults of 2026-12-07 no-ema is the course recipe's training spec: one speed measurement
        assertThat(run.out()).containsPattern("  no-ema: [0-9., ]+ s/step by round -> \\d+ steps in the course recipe's "
                + "time \\(the training spec of course, timed once\\)");
        String report = Files.readString(dir.resolve("docs/quality.md"));
        assertThat(report).contains(QualityReport.MARKER, "shapes, n_feat 8, 6 steps", "| shapes | 8 | steps | course | 0 | 6 |",
                "| shapes | 8 | steps | no-ema | 0 | 6 |", "Training speed side by side", "Means over seeds",
                "evaluator", "Commit: ");
        assertThat(report.lines().filter(l -> l.startsWith("| shapes | 8 | time |") && l.contains("[png]"))).hasSize(3);
        Path cells = dir.resolve("docs/quality/cells");
        QualityOutcome outcome = JsonMapper.shared().readValue(cells.resolve("shapes-w8-s0-course-6.json").toFile(),
                QualityOutcome.class);
        assertThat(outcome.accuracy()).isBetween(0.0, 1.0);
        assertThat(outcome.frechetDistance()).isFinite().isNotNegative();
        assertThat(outcome.evaluatorAccuracy()).isGreaterThan(0.25);
        assertThat(outcome.provenance().trainingRevision()).isEqualTo(QualityStudy.TRAINING_REVISION);
        assertThat(outcome.provenance().specSha256()).hasSize(64);
        assertThat(outcome.provenance().machine()).contains("thread(s)");
        assertThat(cells.resolve("shapes-w8-s0-course-6.png")).isRegularFile();
        assertThat(dir.resolve("docs/quality/evaluators")).isDirectoryContaining("glob:**.evaluator");
        assertThat(report).contains("](quality/cells/shapes-w8-s0-course-6.png)", "Cells trained at: ");

        CliRun again = CliRun.of(args(dir));
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("Kept shapes-w8-s0-course-6 from ", "(trained at ");
        String twice = Files.readString(dir.resolve("docs/quality.md"));
        assertThat(twice.split("\n## ", -1)).hasSize(3); // title block + two sections, newest first
    }

    @Test
    void onlyEqualTimeReportsTheTimeBudgetAlone(@TempDir Path dir) throws Exception {
        List<String> onlyTime = new java.util.ArrayList<>(List.of(args(dir)));
        onlyTime.add("--only-equal-time");

        CliRun run = CliRun.of(onlyTime.toArray(String[]::new));

        assertThat(run.exitCode()).as(run.err()).isZero();
        String report = Files.readString(dir.resolve("docs/quality.md"));
        assertThat(report.lines().filter(l -> l.startsWith("| shapes | 8 | time |") && l.contains("[png]"))).hasSize(3);
        assertThat(report).doesNotContain("| shapes | 8 | steps |").contains("--equal-time --only-equal-time");
        assertThat(dir.resolve("docs/quality/cells/shapes-w8-s0-course-6.json")).as("the course sets the time")
                .isRegularFile();
    }

    @Test
    void aCellStoredByOtherTrainingCodeOrWithoutProvenanceIsTrainedAgain(@TempDir Path dir) throws Exception {
        String[] courseOnly = {"quality", "--datasets", "shapes", "--widths", "8", "--seeds", "0", "--steps", "4",
            "--batch-size", "8", "--recipes", "course", "--evaluator-steps", "30", "--images-per-class", "2",
            "--sampler-steps", "3", "--reference-images", "100", "--threads", "2",
            "--work", dir.resolve("work").toString(), "--report", dir.resolve("docs/quality.md").toString()};
        assertThat(CliRun.of(courseOnly).exitCode()).isZero();
        Path ledgerFile = dir.resolve("docs/quality/cells/shapes-w8-s0-course-4.json");
        QualityOutcome first = JsonMapper.shared().readValue(ledgerFile.toFile(), QualityOutcome.class);
        CellProvenance p = first.provenance();
        QualityOutcome olderCode = new QualityOutcome(first.id(), first.dataset(), first.width(), first.seed(),
                first.recipe(), first.steps(), first.budget(), first.trainSeconds(), first.finalLoss(), 0.0,
                first.frechetDistance(), first.samplingSeconds(), first.evaluatorAccuracy(), first.grid(),
                new CellProvenance(p.specSha256(), p.trainingRevision() - 1, p.evaluatorSha256(), p.commit(), p.machine(),
                        p.judging()));
        JsonMapper.shared().writeValue(ledgerFile.toFile(), olderCode);

        CliRun again = CliRun.of(courseOnly);

        assertThat(again.out()).contains("Training shapes-w8-s0-course-4 again: its stored outcome had training revision "
                + (QualityStudy.TRAINING_REVISION - 1));
        assertThat(JsonMapper.shared().readValue(ledgerFile.toFile(), QualityOutcome.class).provenance())
                .isEqualTo(p);

        // an outcome that does not say what it was trained with cannot be shown to hold
        JsonMapper.shared().writeValue(ledgerFile.toFile(), new QualityOutcome(first.id(), first.dataset(),
                first.width(), first.seed(), first.recipe(), first.steps(), first.budget(), first.trainSeconds(),
                first.finalLoss(), 0.5, 12.5, first.samplingSeconds(), first.evaluatorAccuracy(), first.grid(), null));

        CliRun unknown = CliRun.of(courseOnly);

        assertThat(unknown.out()).contains("Training shapes-w8-s0-course-4 again: its stored outcome had no recorded provenance");
        assertThat(JsonMapper.shared().readValue(ledgerFile.toFile(), QualityOutcome.class).provenance())
                .isEqualTo(p);
        assertThat(ledgerFile.resolveSibling("shapes-w8-s0-course-4.png")).isRegularFile();
    }

    @Test
    void aCellJudgedOtherwiseIsJudgedAgainFromItsKeptWeightsAsIfItHadBeenTrainedAgain(@TempDir Path dir)
            throws Exception {
        String power = "power={\"optimizer\":{\"lrSchedule\":\"constant\",\"warmupSteps\":0,\"gradClipNorm\":0},"
                + "\"model\":{\"norm\":\"batch\"},\"clipDenoised\":false,\"ema\":{\"sigmaRel\":0.1}}";
        String recipes = "course," + power;
        assertThat(CliRun.of(shapesStudy(dir.resolve("kept"), recipes)).exitCode()).isZero();
        QualityOutcome before = read(dir.resolve("kept/docs/quality/cells/shapes-w8-s0-power-4.json"));
        assertThat(before.provenance().judged().imagesPerClass()).isEqualTo(2);

        CliRun rejudged = CliRun.of(withMoreImages(shapesStudy(dir.resolve("kept"), recipes)));

        assertThat(rejudged.exitCode()).as(rejudged.err()).isZero();
        assertThat(rejudged.out())
                .contains("Judged shapes-w8-s0-power-4 again from its kept sampling weights: its stored outcome had "
                        + "samples judged with 2 images/class, DDIM 3 unclipped, noise seed 1234, 100 reference images "
                        + "(now 3 images/class")
                .contains("Judged shapes-w8-s0-course-4 again")
                .doesNotContain("Training once").doesNotContain("Training shapes");
        copyTree(dir.resolve("kept/docs/quality/evaluators"), dir.resolve("fresh/docs/quality/evaluators"));
        assertThat(CliRun.of(withMoreImages(shapesStudy(dir.resolve("fresh"), recipes))).exitCode()).isZero();
        for (String recipe : List.of("course", "power")) {
            String id = "shapes-w8-s0-" + recipe + "-4.json";
            QualityOutcome again = read(dir.resolve("kept/docs/quality/cells").resolve(id));
            QualityOutcome trained = read(dir.resolve("fresh/docs/quality/cells").resolve(id));
            assertThat(again.provenance().judged().imagesPerClass()).isEqualTo(3);
            assertThat(again.accuracy()).as(recipe).isEqualTo(trained.accuracy());
            assertThat(again.frechetDistance()).as(recipe).isEqualTo(trained.frechetDistance());
            assertThat(again.finalLoss()).as(recipe).isEqualTo(trained.finalLoss());
        }
        assertThat(read(dir.resolve("kept/docs/quality/cells/shapes-w8-s0-power-4.json")).trainSeconds())
                .as("the training's own time is kept").isEqualTo(before.trainSeconds());
    }

    @Test
    void aRecipeThatMeasuresWhatAnotherRecordedCellMeasuredTakesItsOutcomeWithoutTraining(@TempDir Path dir)
            throws Exception {
        String wsdFields = "\"optimizer\":{\"gradClipNorm\":0,\"lrSchedule\":\"warmup-stable-decay\"},"
                + "\"ema\":{\"enabled\":false}";
        String wsd = "wsd={" + wsdFields + "}";
        assertThat(CliRun.of(shapesStudy(dir, "course," + wsd)).exitCode()).isZero();
        Path cells = dir.resolve("docs/quality/cells");
        QualityOutcome recorded = read(cells.resolve("shapes-w8-s0-wsd-4.json"));
        CellProvenance p = recorded.provenance();
        Judging j = p.judged();
        // as recorded before the sampler's clipping was part of the judging
        JsonMapper.shared().writeValue(cells.resolve("shapes-w8-s0-wsd-4.json").toFile(), new QualityOutcome(
                recorded.id(), recorded.dataset(), recorded.width(), recorded.seed(), recorded.recipe(), recorded.steps(),
                recorded.budget(), recorded.trainSeconds(), recorded.finalLoss(), recorded.accuracy(),
                recorded.frechetDistance(), recorded.samplingSeconds(), recorded.evaluatorAccuracy(), recorded.grid(),
                new CellProvenance(p.specSha256(), p.trainingRevision(), p.evaluatorSha256(), p.commit(), p.machine(),
                        new Judging(j.imagesPerClass(), j.samplerSteps(), j.evaluationSeed(), j.referenceImages(), null))));

        CliRun run = CliRun.of(shapesStudy(dir, "course," + wsd + ",defaults,clipped={" + wsdFields
                + ",\"clipDenoised\":true}"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Kept shapes-w8-s0-wsd-4 from ")
                .contains("Kept shapes-w8-s0-defaults-4 from shapes-w8-s0-wsd-4: the same training spec, evaluator and "
                        + "judging")
                .doesNotContain("Kept shapes-w8-s0-clipped-4").contains("shapes-w8-s0-clipped-4: ");
        assertThat(read(cells.resolve("shapes-w8-s0-wsd-4.json")).provenance().judged().clipDenoised())
                .as("recorded when kept").isFalse();
        QualityOutcome defaults = read(cells.resolve("shapes-w8-s0-defaults-4.json"));
        assertThat(defaults.recipe()).isEqualTo("defaults");
        assertThat(defaults.accuracy()).isEqualTo(recorded.accuracy());
        assertThat(defaults.frechetDistance()).isEqualTo(recorded.frechetDistance());
        assertThat(defaults.provenance().commit()).isEqualTo(p.commit());
        assertThat(cells.resolve(defaults.grid())).hasSameBinaryContentAs(cells.resolve(recorded.grid()));
        assertThat(read(cells.resolve("shapes-w8-s0-clipped-4.json")).provenance().judged().clipDenoised()).isTrue();
    }

    private static String[] withMoreImages(String[] args) {
        List<String> list = new java.util.ArrayList<>(List.of(args));
        list.set(list.indexOf("--images-per-class") + 1, "3");
        return list.toArray(String[]::new);
    }

    @Test
    void cellsThatDifferOnlyInTheEmaShareOneTrainingAndScoreAsIfEachHadItsOwn(@TempDir Path dir) throws Exception {
        String course = "\"optimizer\":{\"lrSchedule\":\"constant\",\"warmupSteps\":0,\"gradClipNorm\":0},"
                + "\"model\":{\"norm\":\"batch\"},\"clipDenoised\":false";
        String power = "power={" + course + ",\"ema\":{\"sigmaRel\":0.1}}";
        String constant = "e9={" + course + ",\"ema\":{\"decay\":0.9}}";
        String recalibrated = "e9bn={" + course + ",\"ema\":{\"decay\":0.9,\"recalibrateBatchNorm\":true}}";

        CliRun together = CliRun.of(shapesStudy(dir.resolve("together"),
                "course," + power + "," + constant + "," + recalibrated));

        assertThat(together.exitCode()).as(together.err()).isZero();
        assertThat(together.out()).contains("Training once for shapes-w8-s0-course-4, shapes-w8-s0-power-4, "
                + "shapes-w8-s0-e9-4, shapes-w8-s0-e9bn-4: they differ only in the EMA");
        for (String recipe : List.of("course", power, constant, recalibrated)) {
            Path alone = dir.resolve("alone-" + recipe.replaceAll("=.*", ""));
            copyTree(dir.resolve("together/docs/quality/evaluators"), alone.resolve("docs/quality/evaluators"));
            CliRun run = CliRun.of(shapesStudy(alone, recipe));
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).doesNotContain("Training once");
            String id = "shapes-w8-s0-" + recipe.replaceAll("=.*", "") + "-4.json";
            QualityOutcome own = read(alone.resolve("docs/quality/cells").resolve(id));
            QualityOutcome shared = read(dir.resolve("together/docs/quality/cells").resolve(id));
            assertThat(shared.provenance().evaluatorSha256()).isEqualTo(own.provenance().evaluatorSha256());
            assertThat(shared.finalLoss()).as(recipe).isEqualTo(own.finalLoss());
            assertThat(shared.accuracy()).as(recipe).isEqualTo(own.accuracy());
            assertThat(shared.frechetDistance()).as(recipe).isEqualTo(own.frechetDistance());
        }
        assertThat(read(dir.resolve("together/docs/quality/cells/shapes-w8-s0-power-4.json")).frechetDistance())
                .as("the averages differ from the raw weights")
                .isNotEqualTo(read(dir.resolve("together/docs/quality/cells/shapes-w8-s0-course-4.json")).frechetDistance());
        assertThat(read(dir.resolve("together/docs/quality/cells/shapes-w8-s0-e9bn-4.json")).frechetDistance())
                .as("recomputed BatchNorm statistics change the samples")
                .isNotEqualTo(read(dir.resolve("together/docs/quality/cells/shapes-w8-s0-e9-4.json")).frechetDistance());
    }

    private static String[] shapesStudy(Path dir, String recipes) {
        return new String[] {"quality", "--datasets", "shapes", "--widths", "8", "--seeds", "0", "--steps", "4",
            "--batch-size", "8", "--recipes", recipes, "--evaluator-steps", "30", "--images-per-class", "2",
            "--sampler-steps", "3", "--reference-images", "100", "--threads", "2",
            "--work", dir.resolve("work").toString(), "--report", dir.resolve("docs/quality.md").toString()};
    }

    private static QualityOutcome read(Path file) throws java.io.IOException {
        return JsonMapper.shared().readValue(file.toFile(), QualityOutcome.class);
    }

    private static void copyTree(Path from, Path to) throws java.io.IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    @Test
    void onlyEqualTimeNeedsEqualTime(@TempDir Path dir) {
        CliRun run = CliRun.of("quality", "--datasets", "shapes", "--only-equal-time", "--work", dir.toString());
        assertThat(run.exitCode()).isEqualTo(WorkerCli.USAGE);
        assertThat(run.err()).contains("--only-equal-time needs --equal-time");
    }

    @Test
    void recipesSplitAtCommasOutsideTheirJson() {
        assertThat(QualityCommand.topLevelParts("course, a={\"x\":{\"y\":1,\"z\":2},\"w\":3},defaults"))
                .containsExactly("course", "a={\"x\":{\"y\":1,\"z\":2},\"w\":3}", "defaults");
    }

    @Test
    void equalTimeNeedsTheCourseRecipe(@TempDir Path dir) {
        CliRun run = CliRun.of("quality", "--datasets", "shapes", "--recipes", "defaults", "--equal-time",
                "--work", dir.toString());
        assertThat(run.exitCode()).isEqualTo(WorkerCli.USAGE);
        assertThat(run.err()).contains("add course to --recipes");
        assertThat(List.of(dir.toFile().list())).isEmpty();
    }
}
