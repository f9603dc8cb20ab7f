package dev.diffusion.worker.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The PyTorch side of {@code worker bench}: {@code bench_reference.py} run with the system's Python
 * and Debian's {@code python3-torch}, one process per measurement.
 */
final class PyTorchReference {

    /** The system interpreter: Debian's python3-torch is installed for it, not for a pyenv/venv python. */
    static final String DEFAULT_PYTHON = "/usr/bin/python3";
    /** The script, relative to the repository root. */
    static final Path SCRIPT = Path.of("worker", "src", "main", "python", "bench_reference.py");
    static final String INSTALL_COMMAND = "apt-get install -y python3-torch";

    /** Runs a command to its end and returns its exit code (tests replace it; they never run apt-get). */
    interface CommandRunner {
        int run(List<String> command) throws IOException, InterruptedException;
    }

    private final String python;
    private final Path script;
    private final Map<List<String>, ProbeProcess> measured = new HashMap<>();

    private PyTorchReference(String python, Path script) {
        this.python = python;
        this.script = script;
    }

    /**
     * Makes the reference ready: finds the script and, when {@code import torch} fails, installs
     * python3-torch as root or says how to.
     *
     * @param python the interpreter
     * @param script the script, or null to look for it in the working directory and above the jar
     * @param isRoot whether this process may run apt-get
     * @param runner runs the import check and apt-get
     * @param log where the set-up reports
     * @return the reference, or why there is none
     */
    static Availability prepare(String python, Path script, boolean isRoot, CommandRunner runner, PrintStream log)
            throws InterruptedException {
        Optional<Path> found = script != null ? Optional.of(script).filter(Files::isRegularFile) : locateScript();
        if (found.isEmpty()) {
            return Availability.missing("bench_reference.py not found (" + (script != null ? script : SCRIPT)
                    + "); run the bench from the repository root or give --reference-script");
        }
        try {
            if (runner.run(List.of(python, "-c", "import torch")) != 0) {
                if (!isRoot) {
                    log.println("PyTorch reference: '" + python + " -c \"import torch\"' fails; run `sudo "
                            + INSTALL_COMMAND + "` and the bench again. Skipping the PyTorch columns.");
                    return Availability.missing("python3-torch is not installed (run `sudo " + INSTALL_COMMAND + "`)");
                }
                log.println("PyTorch reference: installing python3-torch (" + INSTALL_COMMAND + ")");
                if (runner.run(List.of("apt-get", "install", "-y", "python3-torch")) != 0
                        && (runner.run(List.of("apt-get", "update")) != 0
                                || runner.run(List.of("apt-get", "install", "-y", "python3-torch")) != 0)) {
                    return Availability.missing("`" + INSTALL_COMMAND + "` failed (its output is in the bench log)");
                }
                if (runner.run(List.of(python, "-c", "import torch")) != 0) {
                    return Availability.missing("python3-torch installed, but " + python + " cannot import torch");
                }
            }
        } catch (IOException e) {
            return Availability.missing(python + " cannot be run: " + e.getMessage());
        }
        return new Availability(new PyTorchReference(python, found.get()), null);
    }

    /**
     * The reference, or the reason it is missing.
     *
     * @param reference the ready reference, or null
     * @param missingReason why there is none, or null
     */
    record Availability(PyTorchReference reference, String missingReason) {
        static Availability missing(String reason) {
            return new Availability(null, reason);
        }
    }

    private static Optional<Path> locateScript() {
        List<Path> candidates = new ArrayList<>();
        candidates.add(Path.of("").toAbsolutePath());
        // the packaged jar is worker/target/quarkus-app/quarkus-run.jar: the root is four levels up
        Path jar = Path.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator)[0]).toAbsolutePath();
        for (Path dir = jar.getParent(); dir != null; dir = dir.getParent()) {
            candidates.add(dir);
        }
        return candidates.stream().map(dir -> dir.resolve(SCRIPT)).filter(Files::isRegularFile).findFirst();
    }

    /**
     * Runs one reference measurement, or returns the result of the same one earlier in this run.
     *
     * @param kind "train-step" or "forward"
     * @param settings model and batch
     * @param threads torch.set_num_threads
     * @param environment the probes' environment
     * @param log where its output goes
     * @return its result and versions
     */
    ProbeProcess measure(String kind, BenchSettings settings, int threads, Map<String, String> environment,
            PrintStream log) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(python, script.toString(), kind,
                "--features", Integer.toString(settings.features()),
                "--batch-size", Integer.toString(settings.batchSize()),
                "--steps", Integer.toString(settings.timedSteps()),
                "--warmup", Integer.toString(settings.warmupSteps()),
                "--timesteps", Integer.toString(settings.timesteps()),
                "--threads", Integer.toString(threads)));
        ProbeProcess earlier = measured.get(command);
        if (earlier != null) {
            return earlier;
        }
        log.println("-- PyTorch reference: " + kind + ", n_feat " + settings.features() + " (separate python) --");
        // a pyenv/venv on PATH must not shadow the system site-packages
        Map<String, String> env = new HashMap<>(environment);
        env.put("PYTHONNOUSERSITE", "1");
        ProbeProcess result = ProbeProcess.run("PyTorch " + kind, command, env, log);
        measured.put(command, result);
        return result;
    }

    /**
     * Whether this process runs as root (uid 0), from /proc/self/status.
     *
     * @return true for root
     */
    static boolean runningAsRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return "0".equals(line.substring(4).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /** Runs a command with inherited output, for {@link #prepare}. */
    static int runInheritingOutput(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
        return builder.start().waitFor();
    }
}
