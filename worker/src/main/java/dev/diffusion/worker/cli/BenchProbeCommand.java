package dev.diffusion.worker.cli;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.diffusion.common.json.JsonMapper;

import java.util.List;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code worker bench-probe KIND}: one measurement of {@code bench}, run by it in a fresh JVM. Logs go
 * to standard error; the last line on standard output is {@code BENCH-RESULT {json}}. Not listed in
 * the overview (it is an internal sub-command), but it can be run by hand.
 */
@Command(name = "bench-probe", hidden = true,
        customSynopsis = {"worker bench-probe KIND [--batch-size N] [--features N] [--steps N] [--warmup N]",
            "           [--flatness-steps N] [--timesteps T]"},
        description = "One measurement of 'worker bench', in this process. Prints BENCH-RESULT {json} last.")
public final class BenchProbeCommand extends ConsoleCommand {

    /** How long a signal waits for the running step (a ContextUnet training step at n_feat 64 takes 1–3 s). */
    private static final long STOP_GRACE_SECONDS = 30;
    /** The measurements. */
    static final List<String> KINDS =
            List.of("train-step", "forward", "sample-step", "guided-step", "sampler-speed", "flatness");

    private static final ObjectMapper JSON = JsonMapper.shared();

    @Parameters(paramLabel = "KIND", description = "train-step, forward, sample-step, guided-step, sampler-speed or flatness")
    private String kind;

    @Mixin
    private BenchSettings.Options settingsOptions;

    @Mixin
    private EngineOptions engine;

    @Override
    public Integer call() throws Exception {
        Console console = console();
        if (!KINDS.contains(kind)) {
            throw new UsageException("name one measurement: " + String.join(", ", KINDS));
        }
        Threads.apply(engine.threads());
        EngineCheck.require(engine.kernels(), console);
        Map<String, Double> result;
        // a signal (Ctrl-C of the parent bench) ends the measurement between two steps: exiting while
        // PyTorch runs a kernel crashes the JVM (libtorch's static destructors free code still in use)
        try (CancelOnSignal stop = new CancelOnSignal(STOP_GRACE_SECONDS)) {
            BenchSettings settings = settingsOptions.settings();
            BenchProbes training = new BenchProbes(settings, console.err(), stop::isCancelled);
            SamplingProbes sampling = new SamplingProbes(settings, console.err(), stop::isCancelled);
            result = switch (kind) {
                case "train-step" -> training.trainStep();
                case "forward" -> sampling.forward();
                case "sample-step" -> sampling.sampleStep();
                case "guided-step" -> sampling.guidedStep();
                case "sampler-speed" -> sampling.samplerSpeed();
                default -> training.flatness();
            };
        }
        console.out().println(ProbeProcess.RESULT_PREFIX + JSON.writeValueAsString(result));
        console.out().flush();
        return WorkerCli.OK;
    }
}
