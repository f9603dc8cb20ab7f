package dev.diffusion.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The summary at the top of the report comes from the latest run alone; older sections stay below it. */
class BenchSummaryTest {

    private static final String OLD_SECTION = "## 2026-11-23 18:38 UTC — engine\n\nold numbers\n";

    @Test
    void theSummaryBetweenTheMarkersIsReplacedAndTheNewSectionGoesAboveTheOlderOnes() {
        String document = "# Benchmarks\n\nintro\n\n" + BenchSummary.BEGIN + "\n## Summary\n\nold summary, host A\n"
                + BenchSummary.END + "\n\n" + OLD_SECTION;

        String rewritten = BenchSummary.rewrite(document, "## Summary\n\nnew summary, host B\n", "## 2026-12-04 UTC\n\nnew\n");

        assertThat(rewritten).startsWith("# Benchmarks\n\nintro\n\n" + BenchSummary.BEGIN + "\n## Summary\n\nnew summary, host B\n"
                + BenchSummary.END + "\n\n## 2026-12-04 UTC\n\nnew\n\n" + OLD_SECTION);
        assertThat(rewritten).doesNotContain("old summary").containsOnlyOnce(BenchSummary.BEGIN).containsOnlyOnce(BenchSummary.END);
        assertThat(BenchSummary.rewrite(rewritten, "third", "## s3\n")).doesNotContain("new summary").contains("third",
                "## s3\n\n## 2026-12-04 UTC", OLD_SECTION);
    }

    @Test
    void withoutMarkersTheSummaryIsInsertedBeforeTheFirstSection() {
        String rewritten = BenchSummary.rewrite("# Benchmarks\n\nintro\n\n" + OLD_SECTION, "summary", "## new\n");

        assertThat(rewritten).isEqualTo("# Benchmarks\n\nintro\n\n" + BenchSummary.BEGIN + "\nsummary\n" + BenchSummary.END
                + "\n\n## new\n\n" + OLD_SECTION);
    }

    @Test
    void aNewFileGetsTheHeaderTheSummaryAndTheSection() {
        assertThat(BenchSummary.rewrite("", "summary", "## new\n"))
                .isEqualTo(BenchReport.HEADER + BenchSummary.BEGIN + "\nsummary\n" + BenchSummary.END + "\n\n## new\n");
        assertThat(BenchSummary.rewrite("notes only\n", "summary", "## new\n"))
                .isEqualTo("notes only\n\n" + BenchSummary.BEGIN + "\nsummary\n" + BenchSummary.END + "\n\n## new\n");
    }
}
