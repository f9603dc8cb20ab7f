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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code worker bench}: measures training and sampling speed and memory of the ContextUnet of the
 * DeepLearning.AI course "How Diffusion Models Work", each measurement in its own JVM (a {@code bench-probe} child process) so that peak RSS figures do
 * not mix, the same network in PyTorch beside it ({@link PyTorchReference}), and writes the results
 * with their ratios to a Markdown file ({@link BenchSummary}).
 */
@Command(name = "bench", customSynopsis = "worker bench [options]",
        description = {"Measure training/sampling speed and memory beside PyTorch, write docs/benchmarks.md", "",
            "Measures the DLAI course's ContextUnet (in 1, n_feat 64, n_cfeat 10, 28x28, T 500) at batch 64, each measurement "
                    + "in a fresh JVM, and beside it the same network in PyTorch (Debian's python3-torch, "
                    + "worker/src/main/python/bench_reference.py, one python process per measurement). Writes a dated "
                    + "section to the report file and replaces its summary with this run's.",
            "Targets, ours/PyTorch: train step <= 1.0x at n_feat 64 and 32, no-grad forward <= 1.0x, training peak RSS "
                    + "<= 1.0x, generation images/s >= 0.9x PyTorch's no-grad forward images/s. Ours alone: guided step "
                    + "(scale 2.0) <= 2.1x unguided; train step (n_feat 32) beside one CPU-bound process <= 2.5x alone; "
                    + "train step <= 3.0 s, peak RSS <= 1.5 GB; sampling step <= 1.0 s, peak RSS <= 650 MB; DDIM-25 "
                    + ">= 15x faster than DDPM-500; RSS growth < 5 %% after warm-up."})
public final class BenchCommand extends ConsoleCommand {

    /** Probe JVM options unless --java-opts is given. */
    static final String DEFAULT_JAVA_OPTS = "-Xms64m -Xmx512m";

    @Option(names = "--only", paramLabel = "LIST", split = ",",
            description = "comma-separated subset of ${COMPLETION-CANDIDATES}", completionCandidates = KindIds.class)
    private List<String> only;

    @Mixin
    private BenchSettings.Options settingsOptions;

    @Option(names = "--threads", paramLabel = "N",
            description = "PyTorch/OpenMP threads of the probes and the reference (default: all cores)")
    private Integer threadsOption;

    @Option(names = "--java-opts", paramLabel = "\"...\"",
            description = "JVM options of the probes (default \"" + DEFAULT_JAVA_OPTS + "\"; a bounded heap, else RSS "
                    + "grows while the JVM expands its young generation)")
    private String javaOpts = DEFAULT_JAVA_OPTS;

    @Option(names = "--no-reference", description = "skip the PyTorch reference (no PyTorch column, no ratios)")
    private boolean noReference;

    @Option(names = "--python", paramLabel = "FILE",
            description = "interpreter of the reference (default " + PyTorchReference.DEFAULT_PYTHON + "; if it cannot "
                    + "import torch, the bench runs '" + PyTorchReference.INSTALL_COMMAND + "' as root or prints it "
                    + "and skips the reference)")
    private String python = PyTorchReference.DEFAULT_PYTHON;

    @Option(names = "--reference-script", paramLabel = "FILE",
            description = "default worker/src/main/python/bench_reference.py of the checkout")
    private Path referenceScript;

    @Option(names = "--note", paramLabel = "TEXT", description = "a remark stored with the results")
    private String note;

    @Option(names = "--out", paramLabel = "FILE", description = "report to write (default docs/benchmarks.md)")
    private Path report = Path.of("docs", "benchmarks.md");

    /** The measurements, listed in the help of {@code --only}. */
    static final class KindIds extends ArrayList<String> {

        private static final long serialVersionUID = 1L;

        KindIds() {
            super(BenchKind.ids());
        }
    }

    @Override
    public Integer call() throws Exception {
        Console console = console();
        BenchSettings settings = settingsOptions.settings();
        List<BenchKind> kinds = only != null
                ? only.stream().map(BenchKind::of).distinct().toList()
                : List.of(BenchKind.values());
        int threads = threadsOption != null ? threadsOption : Runtime.getRuntime().availableProcessors();
        if (threads < 1) {
            throw new UsageException("option --threads must be at least 1, got " + threads);
        }
        List<String> javaOptions = Arrays.stream(javaOpts.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
        Map<String, String> environment = probeEnvironment(threads);
        PyTorchReference.Availability reference = prepareReference(kinds, console);

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
                loadBefore + " before, " + MachineInfo.loadAverage() + " after", note);
        String section = run.toMarkdown();
        Path parent = report.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        String before = Files.exists(report) ? Files.readString(report, StandardCharsets.UTF_8) : "";
        Files.writeString(report, BenchSummary.rewrite(before, run.summaryMarkdown(), section), StandardCharsets.UTF_8);
        console.out().print(section);
        console.out().println("Summary replaced and section added in " + report);
        return run.allTargetsMet() ? WorkerCli.OK : WorkerCli.FAILURE;
    }

    private PyTorchReference.Availability prepareReference(List<BenchKind> kinds, Console console)
            throws InterruptedException {
        if (noReference) {
            return PyTorchReference.Availability.missing("skipped (--no-reference)");
        }
        if (kinds.stream().noneMatch(k -> k.referenceKind().isPresent())) {
            return PyTorchReference.Availability.missing("no selected measurement has a PyTorch counterpart");
        }
        return PyTorchReference.prepare(python, referenceScript, PyTorchReference.runningAsRoot(),
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
