package dev.diffusion.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The report of a run: ours, PyTorch, ratio, target and verdict per row, and what the section names. */
class BenchReportTest {

    private static final BenchSettings SETTINGS = new BenchSettings(64, 64, 10, 2, 2000, 500);
    private static final MachineInfo MACHINE =
            new MachineInfo(2, 8L << 30, "Test CPU", List.of("avx2", "fma", "avx512f"), "Test JVM 17");

    private static Map<String, Double> timing(double median, double peakMb) {
        return Map.of("median_s", median, "min_s", median * 0.9, "max_s", median * 1.1, "peak_rss_mb", peakMb);
    }

    private static Map<String, Map<String, Double>> ours() {
        Map<String, Map<String, Double>> ours = new LinkedHashMap<>();
        ours.put("train-step", timing(1.0, 1200));
        ours.put("train-step-32", timing(0.5, 700));
        ours.put("forward", timing(0.3, 400));
        ours.put("sample-step", timing(0.4, 450));
        Map<String, Double> guided = new LinkedHashMap<>(timing(0.9, 500));
        guided.put("unguided_median_s", 0.4);
        guided.put("guided_over_unguided", 2.25);
        guided.put("guidance_scale", 2.0);
        ours.put("guided-step", guided);
        Map<String, Double> contention = new LinkedHashMap<>(timing(1.0, 700));
        contention.put("alone_median_s", 0.5);
        contention.put("slowdown", 2.0);
        ours.put("contention", contention);
        return ours;
    }

    private static BenchReport report(BenchReport.ReferenceResults reference) {
        return new BenchReport(ZonedDateTime.of(2026, 12, 4, 18, 5, 0, 0, ZoneOffset.ofHours(1)), MACHINE, "abc1234+dirty",
                2, List.of("-Xmx512m"), Map.of("MALLOC_ARENA_MAX", "2", "OMP_NUM_THREADS", "2"), SETTINGS, ours(),
                reference, "0.1 0.2 0.3 before, 0.4 0.5 0.6 after", null);
    }

    private static BenchReport.ReferenceResults pytorch() {
        return new BenchReport.ReferenceResults("1.13.0a0 (oneDNN v2.6.3, Python 3.11.2)", Map.of(
                "train-step", timing(2.0, 1000),
                "train-step-32", timing(0.4, 600),
                "forward", timing(0.6, 350),
                "sample-step", timing(0.6, 350)), null);
    }

    @Test
    void everyRowNamesOursPyTorchTheRatioAndWhetherTheTargetIsMet() {
        String md = report(pytorch()).toMarkdown();

        assertThat(md).contains(
                "| training step, n_feat 64, median | 1.00 s (0.90–1.10) | 2.00 s (1.80–2.20) | 0.50× | ≤ 1.0× PyTorch | met |",
                "| training peak RSS, n_feat 64 | 1200 MB | 1000 MB | 1.20× | ≤ 1.0× PyTorch | not met |",
                "| training step, n_feat 32, median | 0.50 s (0.45–0.55) | 0.40 s (0.36–0.44) | 1.25× | ≤ 1.0× PyTorch | not met |",
                "| no-grad forward, batch 64, median | 0.30 s (0.27–0.33) | 0.60 s (0.54–0.66) | 0.50× | ≤ 1.0× PyTorch | met |",
                // 64 / 0.4 s = 160 images/s against 64 / 0.6 s = 106.7
                "| 160.0 /s | 106.7 /s | 1.50× | ≥ 0.9× PyTorch | met |",
                "| guided sampling step (scale 2.0) vs unguided | 0.90 s vs 0.40 s |  | 2.25× | ≤ 2.1× unguided | not met |",
                "| 1.00 s vs 0.50 s alone |  | 2.00× | ≤ 2.5× alone | met |",
                "| training step, median | 1.00 s (0.90–1.10) |  |  | ≤ 3.0 s | met |");
        assertThat(report(pytorch()).allTargetsMet()).isFalse();
    }

    @Test
    void theSectionNamesDateInUtcMachineFlagsCommitSoftwareAndEnvironment() {
        String md = report(pytorch()).toMarkdown();

        assertThat(md).startsWith("## 2026-12-04 17:05 UTC — engine, ContextUnet(in 1, n_feat 64")
                .contains("2 × Test CPU", "ISA flags: avx2 fma avx512f", "Commit: abc1234+dirty", "Test JVM 17",
                        "2 intra-op thread(s)", "PyTorch 1.13.0a0 (oneDNN v2.6.3, Python 3.11.2)",
                        "`MALLOC_ARENA_MAX=2` `OMP_NUM_THREADS=2`", "sha256sum /dev/zero");
        assertThat(report(pytorch()).summaryMarkdown()).contains("2026-12-04 17:05 UTC", "Test CPU", "abc1234+dirty",
                "avx2 fma avx512f", "PyTorch 1.13.0a0", "| 0.50× | ≤ 1.0× PyTorch | met |");
    }

    @Test
    void withoutTheReferenceThePyTorchCellsSaySoAndGiveNoVerdict() {
        BenchReport report = report(BenchReport.ReferenceResults.skipped("skipped (--no-reference)"));

        assertThat(report.toMarkdown()).contains("Reference: not measured — skipped (--no-reference)",
                "| training step, n_feat 64, median | 1.00 s (0.90–1.10) | not measured |  | ≤ 1.0× PyTorch | — |");
        assertThat(report.summaryMarkdown()).contains("no PyTorch reference");
    }

    @Test
    void aRunWithoutFailedTargetsPasses() {
        Map<String, Map<String, Double>> fast = Map.of("train-step", timing(1.0, 900));
        BenchReport report = new BenchReport(ZonedDateTime.now(ZoneOffset.UTC), MACHINE, "unknown", 2, List.of(),
                Map.of(), SETTINGS, fast, pytorch(), "", "a note");

        assertThat(report.allTargetsMet()).isTrue();
        assertThat(report.toMarkdown()).contains("- Note: a note", "no kernel/allocator variables");
    }
}
