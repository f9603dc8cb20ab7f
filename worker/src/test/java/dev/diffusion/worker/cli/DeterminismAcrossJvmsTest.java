package dev.diffusion.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same seed and thread count give bit-identical loss and gradient-norm sequences in separate
 * JVMs. Fresh JVMs, because oneDNN chooses its kernels per process: on some AMD EPYC AVX-512
 * machines it produced NaN gradients in some processes only, which one JVM training twice would
 * not reveal.
 *
 * <p>The JVMs run one after the other: two at once, with 2 PyTorch threads each on a 2-core
 * machine, take several times as long, their OpenMP threads spinning while they wait for a core.
 */
class DeterminismAcrossJvmsTest {

    private static final int RUNS = 5;
    private static final int STEPS = 20;
    // about 10 s on 2 quiet cores; a run beside a 2-thread training took over 60 s (2026-12-05), so leave room for load
    private static final long JVM_TIMEOUT_SECONDS = 240;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"context-unet", "ddpm-unet", "simple-unet"})
    void freshJvmsTrainBitIdenticalFiniteLossesAndGradientNorms(String architecture) throws Exception {
        List<List<StepMetrics>> runs = trainInFreshJvms(architecture);
        for (int run = 0; run < runs.size(); run++) {
            assertThat(runs.get(run)).as("steps of run %d", run).hasSize(STEPS);
            for (StepMetrics step : runs.get(run)) {
                assertThat(step.isFinite()).as("run %d of %s: %s", run, architecture, step).isTrue();
            }
        }
        for (int run = 1; run < runs.size(); run++) {
            assertSameBits(architecture, runs.get(0), run, runs.get(run));
        }
    }

    private List<List<StepMetrics>> trainInFreshJvms(String architecture) throws Exception {
        List<List<StepMetrics>> runs = new ArrayList<>();
        for (int run = 0; run < RUNS; run++) {
            runs.add(trainInFreshJvm(architecture, Files.createDirectories(dir.resolve(architecture + "-" + run))));
        }
        return runs;
    }

    private static List<StepMetrics> trainInFreshJvm(String architecture, Path runDir)
            throws IOException, InterruptedException {
        Path metrics = runDir.resolve("exact-metrics.txt");
        Path log = runDir.resolve("output.log");
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Dai.djl.offline=true",
                "-cp", System.getProperty("java.class.path"),
                ExactTrainingMetricsMain.class.getName(),
                "--dataset", "shapes", "--image-size", "16", "--architecture", architecture, "--base-channels", "8",
                "--num-classes", "4", "--steps", Integer.toString(STEPS), "--batch-size", "8", "--seed", "0",
                "--threads", "2", "--out", metrics.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // DJL_CACHE_DIR is inherited from the test JVM (set by surefire), so the native library is not copied again.
        builder.environment().put("DJL_OFFLINE", "true");
        Process process = builder.start();
        if (!process.waitFor(JVM_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            fail("%s run in %s did not finish in %d s:%n%s", architecture, runDir, JVM_TIMEOUT_SECONDS, tail(log));
        }
        if (process.exitValue() != 0) {
            fail("%s run in %s exited with %d:%n%s", architecture, runDir, process.exitValue(), tail(log));
        }
        return Files.readAllLines(metrics, StandardCharsets.UTF_8).stream().map(StepMetrics::parse).toList();
    }

    private static void assertSameBits(String architecture, List<StepMetrics> first, int run, List<StepMetrics> other) {
        for (int i = 0; i < first.size(); i++) {
            StepMetrics expected = first.get(i);
            StepMetrics actual = other.get(i);
            if (!expected.equals(actual)) {
                fail("%s: run %d differs from run 0 at step %d:%n  run 0: %s%n  run %d: %s",
                        architecture, run, expected.step(), expected, run, actual);
            }
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /** One line of {@link ExactTrainingMetricsMain}: the raw bits, so that equality is bit-identity. */
    private record StepMetrics(long step, long lossBits, long gradNormBits) {

        static StepMetrics parse(String line) {
            String[] fields = line.split(" ");
            return new StepMetrics(Long.parseLong(fields[0]), Long.parseUnsignedLong(fields[1], 16),
                    Long.parseUnsignedLong(fields[2], 16));
        }

        double loss() {
            return Double.longBitsToDouble(lossBits);
        }

        double gradNorm() {
            return Double.longBitsToDouble(gradNormBits);
        }

        boolean isFinite() {
            return Double.isFinite(loss()) && Double.isFinite(gradNorm());
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "step %d loss %s (%016x) grad norm %s (%016x)",
                    step, loss(), lossBits, gradNorm(), gradNormBits);
        }
    }
}
