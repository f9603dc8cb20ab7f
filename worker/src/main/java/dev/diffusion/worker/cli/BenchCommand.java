package dev.diffusion.worker.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.diffusion.common.json.JsonMapper;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code worker bench}: measures training and sampling speed and memory of the course ContextUnet,
 * each measurement in its own JVM (a {@code bench-probe} child process) so that peak RSS figures do
 * not mix, and appends the results to a Markdown file.
 */
public final class BenchCommand implements Command {

    private static final ObjectMapper JSON = JsonMapper.shared();
    /** Probe JVM options unless --java-opts is given. */
    static final String DEFAULT_JAVA_OPTS = "-Xms64m -Xmx512m";

    private static final Set<String> OWN_OPTIONS = Set.of("only", "threads", "out", "java-opts", "note");

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String summary() {
        return "Measure training/sampling speed and memory, append to docs/benchmarks.md";
    }

    @Override
    public String usage() {
        return "Usage: worker bench [options]\n\n"
                + "Measures the course ContextUnet (in 1, n_feat 64, n_cfeat 10, 28x28, T 500) at batch 64,\n"
                + "each measurement in a fresh JVM, and appends a dated section to the report file.\n"
                + "Targets: train step <= 3.0 s with peak RSS <= 1.5 GB; sampling step <= 1.0 s with peak RSS\n"
                + "<= 650 MB; DDIM-25 >= 15x faster than DDPM-500; RSS growth < 5 % after warm-up.\n\n"
                + "Options:\n"
                + SpecOption.line("--only LIST", "comma-separated subset of " + String.join(",", BenchProbeCommand.KINDS))
                + SpecOption.line("--flatness-steps N", "training steps of the memory-flatness run (default 2000, ~100 min)")
                + SpecOption.line("--steps N", "timed steps of the step measurements (default 10)")
                + SpecOption.line("--warmup N", "untimed steps before them (default 2)")
                + SpecOption.line("--batch-size N", "batch size (default 64)")
                + SpecOption.line("--features N", "ContextUnet n_feat (default 64)")
                + SpecOption.line("--timesteps T", "diffusion steps T, DDPM runs all of them (default 500)")
                + SpecOption.line("--threads N", "PyTorch/OpenMP threads of the probes (default: all cores)")
                + SpecOption.line("--java-opts \"...\"", "JVM options of the probes (default \"" + DEFAULT_JAVA_OPTS + "\"; a bounded")
                + SpecOption.line("", "heap, else RSS grows while the JVM expands its young generation)")
                + SpecOption.line("--note TEXT", "a remark stored with the results")
                + SpecOption.line("--out FILE", "report to append to (default docs/benchmarks.md)");
    }

    @Override
    public int run(List<String> args, Console console) throws Exception {
        Set<String> options = new HashSet<>(BenchSettings.OPTIONS);
        options.addAll(OWN_OPTIONS);
        CliArguments parsed = CliArguments.parse(args, options, Set.of());
        parsed.requireNoPositionals();
        BenchSettings settings = BenchSettings.from(parsed);
        List<String> kinds = parsed.value("only").map(v -> Arrays.asList(v.split(","))).orElse(BenchProbeCommand.KINDS);
        for (String kind : kinds) {
            if (!BenchProbeCommand.KINDS.contains(kind.trim())) {
                throw new UsageException("--only: unknown measurement '" + kind + "' (expected "
                        + String.join(", ", BenchProbeCommand.KINDS) + ")");
            }
        }
        int threads = parsed.intValue("threads").orElse(Runtime.getRuntime().availableProcessors());
        if (threads < 1) {
            throw new UsageException("option --threads must be at least 1, got " + threads);
        }
        List<String> javaOptions = Arrays.stream(parsed.value("java-opts").orElse(DEFAULT_JAVA_OPTS).trim().split("\\s+"))
                .filter(s -> !s.isEmpty()).toList();
        Path report = parsed.pathValue("out").orElse(Path.of("docs", "benchmarks.md"));

        String loadBefore = MachineInfo.loadAverage();
        Map<String, Map<String, Double>> results = new LinkedHashMap<>();
        for (String kind : kinds) {
            console.out().println("== " + kind + " (separate JVM) ==");
            results.put(kind.trim(), runProbe(kind.trim(), settings, threads, javaOptions, console));
        }
        BenchReport section = new BenchReport(LocalDateTime.now(), MachineInfo.current(), threads,
                probeJvmOptions(javaOptions, threads), settings, results, loadBefore + " before, "
                + MachineInfo.loadAverage() + " after", parsed.value("note").orElse(null));
        String markdown = section.toMarkdown();
        Path parent = report.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        boolean exists = Files.exists(report);
        Files.writeString(report, (exists ? "\n" : BenchReport.HEADER) + markdown, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        console.out().print(markdown);
        console.out().println("Appended to " + report);
        return section.allTargetsMet() ? CommandLine.OK : CommandLine.FAILURE;
    }

    private Map<String, Double> runProbe(
            String kind, BenchSettings settings, int threads, List<String> javaOptions, Console console)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(selfCommand(probeJvmOptions(javaOptions, threads)));
        command.add("bench-probe");
        command.add(kind);
        command.addAll(settings.asOptions());
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
        builder.environment().putIfAbsent("DJL_OFFLINE", "true");
        // as the worker is deployed (compose, k8s, image, local launcher): two glibc arenas, large tensors
        // mapped on their own (deploy's ServiceSettings explains both)
        builder.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
        builder.environment().putIfAbsent("MALLOC_MMAP_THRESHOLD_", "8388608");
        Process process = builder.start();
        String resultLine = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith(BenchProbeCommand.RESULT_PREFIX)) {
                    resultLine = line.substring(BenchProbeCommand.RESULT_PREFIX.length());
                } else {
                    console.out().println(line);
                }
            }
        }
        int exit = process.waitFor();
        if (exit != 0 || resultLine == null) {
            throw new IOException("measurement " + kind + " failed (exit code " + exit + "); its log is above");
        }
        return JSON.readValue(resultLine, new TypeReference<LinkedHashMap<String, Double>>() {});
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
