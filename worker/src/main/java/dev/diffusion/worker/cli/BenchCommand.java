package dev.diffusion.worker.cli;

import dev.diffusion.worker.config.OpenMpWaitPolicy;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code worker bench}: measures training and sampling speed and memory of the course ContextUnet,
 * each measurement in its own JVM (a {@code bench-probe} child process) so that peak RSS figures do
 * not mix, the same network in PyTorch beside it ({@link PyTorchReference}), and writes the results
 * with their ratios to a Markdown file ({@link BenchSummary}).
 */
public final class BenchCommand implements Command {

    /** Probe JVM options unless --java-opts is given. */
    static final String DEFAULT_JAVA_OPTS = "-Xms64m -Xmx512m";

    private static final Set<String> OWN_OPTIONS =
            Set.of("only", "threads", "out", "java-opts", "note", "python", "reference-script");
    private static final String NO_REFERENCE = "no-reference";

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String summary() {
        return "Measure training/sampling speed and memory beside PyTorch, write docs/benchmarks.md";
    }

    @Override
    public String usage() {
        return "Usage: worker bench [options]\n\n"
                + "Measures the course ContextUnet (in 1, n_feat 64, n_cfeat 10, 28x28, T 500) at batch 64, each\n"
                + "measurement in a fresh JVM, and beside it the same network in PyTorch (Debian's python3-torch,\n"
                + "worker/src/main/python/bench_reference.py, one python process per measurement). Writes a dated\n"
                + "section to the report file and replaces its summary with this run's.\n"
                + "Targets, ours/PyTorch: train step <= 1.0x at n_feat 64 and 32, no-grad forward <= 1.0x, training\n"
                + "peak RSS <= 1.0x, generation images/s >= 0.9x PyTorch's no-grad forward images/s. Ours alone:\n"
                + "guided step (scale 2.0) <= 2.1x unguided; train step (n_feat 32) beside one CPU-bound process\n"
                + "<= 2.5x alone; train step <= 3.0 s, peak RSS <= 1.5 GB; sampling step <= 1.0 s, peak RSS\n"
                + "<= 650 MB; DDIM-25 >= 15x faster than DDPM-500; RSS growth < 5 % after warm-up.\n\n"
                + "Options:\n"
                + SpecOption.line("--only LIST", "comma-separated subset of " + String.join(",", BenchKind.ids()))
                + SpecOption.line("--flatness-steps N", "training steps of the memory-flatness run (default 2000, ~100 min)")
                + SpecOption.line("--steps N", "timed steps of the step measurements (default 10)")
                + SpecOption.line("--warmup N", "untimed steps before them (default 2)")
                + SpecOption.line("--batch-size N", "batch size (default 64)")
                + SpecOption.line("--features N", "ContextUnet n_feat (default 64; train-step-32 and contention use 32)")
                + SpecOption.line("--timesteps T", "diffusion steps T, DDPM runs all of them (default 500)")
                + SpecOption.line("--threads N", "PyTorch/OpenMP threads of the probes and the reference (default: all cores)")
                + SpecOption.line("--java-opts \"...\"", "JVM options of the probes (default \"" + DEFAULT_JAVA_OPTS + "\"; a bounded")
                + SpecOption.line("", "heap, else RSS grows while the JVM expands its young generation)")
                + SpecOption.line("--no-reference", "skip the PyTorch reference (no PyTorch column, no ratios)")
                + SpecOption.line("--python FILE", "interpreter of the reference (default " + PyTorchReference.DEFAULT_PYTHON
                        + "; if it cannot")
                + SpecOption.line("", "import torch, the bench runs '" + PyTorchReference.INSTALL_COMMAND + "' as root")
                + SpecOption.line("", "or prints it and skips the reference)")
                + SpecOption.line("--reference-script FILE", "default " + PyTorchReference.SCRIPT + " of the checkout")
                + SpecOption.line("--note TEXT", "a remark stored with the results")
                + SpecOption.line("--out FILE", "report to write (default docs/benchmarks.md)");
    }

    @Override
    public int run(List<String> args, Console console) throws Exception {
        Set<String> options = new HashSet<>(BenchSettings.OPTIONS);
        options.addAll(OWN_OPTIONS);
        CliArguments parsed = CliArguments.parse(args, options, Set.of(NO_REFERENCE));
        parsed.requireNoPositionals();
        BenchSettings settings = BenchSettings.from(parsed);
        List<BenchKind> kinds = parsed.value("only")
                .map(v -> Arrays.stream(v.split(",")).map(BenchKind::of).distinct().toList())
                .orElse(List.of(BenchKind.values()));
        int threads = parsed.intValue("threads").orElse(Runtime.getRuntime().availableProcessors());
        if (threads < 1) {
            throw new UsageException("option --threads must be at least 1, got " + threads);
        }
        List<String> javaOptions = Arrays.stream(parsed.value("java-opts").orElse(DEFAULT_JAVA_OPTS).trim().split("\\s+"))
                .filter(s -> !s.isEmpty()).toList();
        Path report = parsed.pathValue("out").orElse(Path.of("docs", "benchmarks.md"));
        Map<String, String> environment = probeEnvironment(threads);
        PyTorchReference.Availability reference = prepareReference(parsed, kinds, console);

        String loadBefore = MachineInfo.loadAverage();
        Map<String, Map<String, Double>> results = new LinkedHashMap<>();
        Map<String, Map<String, Double>> referenceResults = new LinkedHashMap<>();
        Map<String, String> referenceVersion = new LinkedHashMap<>();
        for (BenchKind kind : kinds) {
            BenchSettings kindSettings = kind.settingsFor(settings);
            if (kind == BenchKind.CONTENTION) {
                results.put(kind.id(), contention(results, kindSettings, threads, javaOptions, environment, console));
                continue;
            }
            console.out().println("== " + kind.id() + " (separate JVM) ==");
            results.put(kind.id(), runProbe(kind.probe(), kindSettings, threads, javaOptions, environment, console).result());
            if (reference.reference() != null && kind.referenceKind().isPresent()) {
                try {
                    ProbeProcess theirs = reference.reference().measure(
                            kind.referenceKind().get(), kindSettings, threads,
                            Map.of("OMP_NUM_THREADS", Integer.toString(threads)), console.out());
                    referenceResults.put(kind.id(), theirs.result());
                    referenceVersion.putAll(theirs.version());
                } catch (IOException e) {
                    console.err().println("PyTorch reference of " + kind.id() + " failed: " + e.getMessage());
                }
            }
        }
        BenchReport.ReferenceResults pytorch = reference.reference() == null
                ? BenchReport.ReferenceResults.skipped(reference.missingReason())
                : new BenchReport.ReferenceResults(describeVersion(referenceVersion), referenceResults, null);
        BenchReport run = new BenchReport(ZonedDateTime.now(ZoneOffset.UTC), MachineInfo.current(),
                MachineInfo.gitCommit(Path.of("").toAbsolutePath()), threads, probeJvmOptions(javaOptions, threads),
                MachineInfo.kernelEnvironment(environmentOf(environment)), settings, results, pytorch,
                loadBefore + " before, " + MachineInfo.loadAverage() + " after", parsed.value("note").orElse(null));
        String section = run.toMarkdown();
        Path parent = report.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        String before = Files.exists(report) ? Files.readString(report, StandardCharsets.UTF_8) : "";
        Files.writeString(report, BenchSummary.rewrite(before, run.summaryMarkdown(), section), StandardCharsets.UTF_8);
        console.out().print(section);
        console.out().println("Summary replaced and section added in " + report);
        return run.allTargetsMet() ? CommandLine.OK : CommandLine.FAILURE;
    }

    private static PyTorchReference.Availability prepareReference(
            CliArguments parsed, List<BenchKind> kinds, Console console) throws InterruptedException {
        if (parsed.has(NO_REFERENCE)) {
            return PyTorchReference.Availability.missing("skipped (--no-reference)");
        }
        if (kinds.stream().noneMatch(k -> k.referenceKind().isPresent())) {
            return PyTorchReference.Availability.missing("no selected measurement has a PyTorch counterpart");
        }
        return PyTorchReference.prepare(parsed.value("python").orElse(PyTorchReference.DEFAULT_PYTHON),
                parsed.pathValue("reference-script").orElse(null), PyTorchReference.runningAsRoot(),
                PyTorchReference::runInheritingOutput, console.out());
    }

    /** The n_feat 32 train step alone (reused when this run measured it) and beside a competing process. */
    private Map<String, Double> contention(Map<String, Map<String, Double>> results, BenchSettings settings,
            int threads, List<String> javaOptions, Map<String, String> environment, Console console)
            throws IOException, InterruptedException {
        Map<String, Double> alone = results.get(BenchKind.TRAIN_STEP_32.id());
        if (alone == null) {
            console.out().println("== contention: train step alone (separate JVM) ==");
            alone = runProbe("train-step", settings, threads, javaOptions, environment, console).result();
        }
        console.out().println("== contention: train step beside " + CompetingLoad.description() + " ==");
        Map<String, Double> contended;
        try (CompetingLoad competitor = CompetingLoad.start()) {
            contended = new LinkedHashMap<>(
                    runProbe("train-step", settings, threads, javaOptions, environment, console).result());
        }
        contended.put("alone_median_s", alone.get("median_s"));
        contended.put("slowdown", contended.get("median_s") / alone.get("median_s"));
        return contended;
    }

    private static String describeVersion(Map<String, String> version) {
        if (!version.containsKey("torch")) {
            return null;
        }
        return version.get("torch") + " (oneDNN " + version.getOrDefault("onednn", "unknown") + ", Python "
                + version.getOrDefault("python", "unknown") + ")";
    }

    /** What the probes and the reference get on top of this process's environment. */
    private static Map<String, String> probeEnvironment(int threads) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("OMP_NUM_THREADS", Integer.toString(threads));
        Map<String, String> own = System.getenv();
        environment.put("DJL_OFFLINE", own.getOrDefault("DJL_OFFLINE", "true"));
        // as the worker is deployed (compose, k8s, image, local launcher): two glibc arenas, large tensors
        // mapped on their own in huge pages (deploy's ServiceSettings explains them)
        environment.put("MALLOC_ARENA_MAX", own.getOrDefault("MALLOC_ARENA_MAX", "2"));
        environment.put("MALLOC_MMAP_THRESHOLD_", own.getOrDefault("MALLOC_MMAP_THRESHOLD_", "8388608"));
        environment.put("GLIBC_TUNABLES", own.getOrDefault("GLIBC_TUNABLES", "glibc.malloc.hugetlb=1"));
        // the worker sets this itself before PyTorch loads (OpenMpWaitPolicy); named here so the report shows it
        environment.put(OpenMpWaitPolicy.VARIABLE, own.getOrDefault(OpenMpWaitPolicy.VARIABLE, OpenMpWaitPolicy.PASSIVE));
        return environment;
    }

    private static Map<String, String> environmentOf(Map<String, String> probeEnvironment) {
        Map<String, String> effective = new HashMap<>(System.getenv());
        effective.putAll(probeEnvironment);
        return effective;
    }

    private ProbeProcess runProbe(String probe, BenchSettings settings, int threads, List<String> javaOptions,
            Map<String, String> environment, Console console) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(selfCommand(probeJvmOptions(javaOptions, threads)));
        command.add("bench-probe");
        command.add(probe);
        command.addAll(settings.asOptions());
        return ProbeProcess.run(probe, command, environment, console.out());
    }

    /** JVM options for the probes: this JVM's own (minus debugging agents), the thread settings, extras. */
    private static List<String> probeJvmOptions(List<String> extra, int threads) {
        List<String> options = new ArrayList<>();
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!arg.startsWith("-agentlib") && !arg.startsWith("-javaagent") && !arg.startsWith("-Dai.djl.pytorch.num_")) {
                options.add(arg);
            }
        }
        options.add("-Dai.djl.pytorch.num_threads=" + threads);
        options.add("-Dai.djl.pytorch.num_interop_threads=1");
        if (options.stream().noneMatch(o -> o.startsWith("-Dai.djl.offline"))) {
            options.add("-Dai.djl.offline=true");
        }
        options.addAll(extra);
        return options;
    }

    /** The command that starts this program again: the packaged jar, or the plain class path. */
    private static List<String> selfCommand(List<String> jvmOptions) {
        String javaBinary = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String classPath = System.getProperty("java.class.path");
        List<String> command = new ArrayList<>();
        command.add(javaBinary);
        command.addAll(jvmOptions);
        if (classPath.endsWith("quarkus-run.jar") && !classPath.contains(File.pathSeparator)) {
            command.add("-jar");
            command.add(classPath);
        } else {
            command.add("-cp");
            command.add(classPath);
            command.add(CliMain.class.getName());
        }
        return command;
    }
}
