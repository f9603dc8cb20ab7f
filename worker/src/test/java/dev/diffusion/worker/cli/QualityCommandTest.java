package dev.diffusion.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.diffusion.common.json.JsonMapper;
import dev.diffusion.worker.quality.QualityOutcome;
import dev.diffusion.worker.quality.QualityReport;

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
        String report = Files.readString(dir.resolve("docs/quality.md"));
        assertThat(report).contains(QualityReport.MARKER, "shapes, n_feat 8, 6 steps", "| shapes | 8 | steps | course | 0 | 6 |",
                "| shapes | 8 | steps | no-ema | 0 | 6 |", "Training speed side by side", "Means over seeds",
                "evaluator", "Commit: ");
        assertThat(report.lines().filter(l -> l.startsWith("| shapes | 8 | time |") && l.contains("[png]"))).hasSize(3);
        Path cell = dir.resolve("work/shapes-w8-s0-course-6");
        QualityOutcome outcome = JsonMapper.shared().readValue(cell.resolve("outcome.json").toFile(), QualityOutcome.class);
        assertThat(outcome.accuracy()).isBetween(0.0, 1.0);
        assertThat(outcome.frechetDistance()).isFinite().isNotNegative();
        assertThat(outcome.evaluatorAccuracy()).isGreaterThan(0.25);
        assertThat(dir.resolve("docs/img/quality/shapes-w8-s0-course-6.png")).isRegularFile();

        CliRun again = CliRun.of(args(dir));
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("Kept shapes-w8-s0-course-6 from an earlier run");
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
        assertThat(dir.resolve("work/shapes-w8-s0-course-6/outcome.json")).as("the course sets the time").isRegularFile();
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
