package dev.diffusion.worker.cli;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One run of {@code worker bench}: its dated section of {@code docs/benchmarks.md} (machine,
 * software, environment, settings, the table of results, ratios and targets) and the summary that
 * replaces the one at the top of the file.
 *
 * @param when when the benchmark ran
 * @param machine the machine
 * @param gitCommit the measured tree's commit ({@link MachineInfo#gitCommit})
 * @param threads PyTorch/OpenMP threads of the probes and the reference
 * @param jvmOptions JVM options of the probes
 * @param kernelEnvironment the variables of the probes' environment that change kernels or the allocator
 * @param settings model and batch
 * @param results our numbers by {@link BenchKind#id()}
 * @param reference PyTorch's numbers and version
 * @param load the machine's load averages around the run (other processes slow the timings)
 * @param note free text, or null
 */
record BenchReport(
        ZonedDateTime when,
        MachineInfo machine,
        String gitCommit,
        int threads,
        List<String> jvmOptions,
        Map<String, String> kernelEnvironment,
        BenchSettings settings,
        Map<String, Map<String, Double>> results,
        ReferenceResults reference,
        String load,
        String note) {

    static final String HEADER = "# Benchmarks\n\n"
            + "Written by `worker bench` (see `worker bench --help`): the summary below is replaced by each run, its\n"
            + "dated section goes above the older ones. Each measurement runs in its own process so that peak RSS\n"
            + "(VmHWM of /proc/self/status; ru_maxrss for PyTorch) belongs to that measurement alone. MB = 10^6 bytes.\n\n";

    /**
     * PyTorch's side of a run.
     *
     * @param version e.g. "1.13.0a0 (oneDNN v2.6.3, Python 3.11.2)", or null when not measured
     * @param results by the {@link BenchKind#id()} they are compared with
     * @param missingReason why the reference did not run, or null
     */
    record ReferenceResults(String version, Map<String, Map<String, Double>> results, String missingReason) {
        static ReferenceResults skipped(String reason) {
            return new ReferenceResults(null, Map.of(), reason);
        }

        boolean measured() {
            return missingReason == null;
        }

        String describe() {
            return measured() ? "PyTorch " + (version == null ? "(version unknown)" : version)
                    + " (Debian python3-torch, `worker/src/main/python/bench_reference.py`)"
                    : "not measured — " + missingReason;
        }
    }

    List<BenchTable.Row> rows() {
        return BenchTable.rows(settings, results, reference.results(), reference.measured());
    }

    String heading() {
        return when.withZoneSameInstant(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))
                + " UTC";
    }

    String toMarkdown() {
        StringBuilder md = new StringBuilder();
        md.append("## ").append(heading()).append(" — engine, ContextUnet(in 1, n_feat ").append(settings.features())
                .append(", n_cfeat ").append(BenchSettings.CLASSES).append(", 28×28, T ").append(settings.timesteps())
                .append("), batch ").append(settings.batchSize()).append("\n\n");
        md.append(String.format(Locale.ROOT, "- Machine: %d × %s, %.1f GiB memory; ISA flags: %s%n", machine.processors(),
                machine.cpuModel(), machine.memoryGiB(), isaFlags()));
        md.append("- Commit: ").append(gitCommit).append('\n');
        md.append("- JVM: ").append(machine.jvm()).append("; DJL ").append(ai.djl.engine.Engine.getDjlVersion())
                .append(" PyTorch engine (CPU); ").append(threads).append(" intra-op thread(s)\n");
        md.append("- Reference: ").append(reference.describe()).append("; ").append(threads).append(" thread(s)\n");
        md.append("- Environment of the probes (as the worker is deployed): ").append(environment())
                .append("; the reference runs as PyTorch users run it: glibc's defaults, `OMP_NUM_THREADS` only\n");
        md.append("- Load average (1/5/15 min): ").append(load).append('\n');
        md.append("- Probe JVM options: `").append(String.join(" ", jvmOptions)).append("`\n");
        md.append("- Timed steps: ").append(settings.timedSteps()).append(" after ").append(settings.warmupSteps())
                .append(" warm-up step(s)");
        if (results.containsKey(BenchKind.CONTENTION.id())) {
            md.append("; competitor of the contention measurement: ").append(CompetingLoad.description());
        }
        md.append('\n');
        if (note != null && !note.isBlank()) {
            md.append("- Note: ").append(note.strip()).append('\n');
        }
        md.append('\n').append(BenchTable.toMarkdown(rows())).append('\n');
        return md.toString();
    }

    /**
     * The summary of this run alone, for the top of the report file.
     *
     * @return the Markdown between the summary markers
     */
    String summaryMarkdown() {
        return "## Summary — latest `worker bench` run\n\n"
                + "All rows from one run: " + heading() + ", " + machine.processors() + " × " + machine.cpuModel()
                + " (" + isaFlags() + "), commit " + gitCommit + ", " + threads + " thread(s), "
                + (reference.measured() ? "PyTorch " + reference.version() : "no PyTorch reference") + ", "
                + environment() + "; details in its section below.\n\n"
                + BenchTable.toMarkdown(rows());
    }

    boolean allTargetsMet() {
        return rows().stream().noneMatch(row -> Boolean.FALSE.equals(row.met()));
    }

    private String isaFlags() {
        return machine.isaFlags().isEmpty() ? "none found" : String.join(" ", machine.isaFlags());
    }

    private String environment() {
        return kernelEnvironment.isEmpty() ? "no kernel/allocator variables"
                : new TreeMap<>(kernelEnvironment).entrySet().stream().map(e -> "`" + e.getKey() + "=" + e.getValue() + "`")
                        .collect(Collectors.joining(" "));
    }
}
