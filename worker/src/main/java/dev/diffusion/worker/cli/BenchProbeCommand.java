package dev.diffusion.worker.cli;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.diffusion.common.json.JsonMapper;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code worker bench-probe KIND}: one measurement of {@code bench}, run by it in a fresh JVM. Logs go
 * to standard error; the last line on standard output is {@code BENCH-RESULT {json}}. Not listed in
 * the overview (it is an internal sub-command), but it can be run by hand.
 */
public final class BenchProbeCommand implements Command {

    /** How long a signal waits for the running step (a course-size training step takes 1–3 s). */
    private static final long STOP_GRACE_SECONDS = 30;
    /** The measurements. */
    static final List<String> KINDS =
            List.of("train-step", "forward", "sample-step", "guided-step", "sampler-speed", "flatness");

    private static final ObjectMapper JSON = JsonMapper.shared();

    @Override
    public String name() {
        return "bench-probe";
    }

    @Override
    public String summary() {
        return "";
    }

    @Override
    public String usage() {
        return "Usage: worker bench-probe " + String.join("|", KINDS) + " [--batch-size N] [--features N]\n"
                + "           [--steps N] [--warmup N] [--flatness-steps N] [--timesteps T]\n\n"
                + "One measurement of 'worker bench', in this process. Prints BENCH-RESULT {json} last.\n";
    }

    @Override
    public int run(List<String> args, Console console) throws Exception {
        Set<String> options = new HashSet<>(BenchSettings.OPTIONS);
        options.add("threads");
        options.add(EngineCheck.KERNELS);
        CliArguments parsed = CliArguments.parse(args, options, Set.of());
        if (parsed.positionals().size() != 1 || !KINDS.contains(parsed.positionals().get(0))) {
            throw new UsageException("name one measurement: " + String.join(", ", KINDS));
        }
        Threads.apply(parsed.intValue("threads"));
        EngineCheck.require(parsed.value(EngineCheck.KERNELS), console);
        Map<String, Double> result;
        // a signal (Ctrl-C of the parent bench) ends the measurement between two steps: exiting while
        // PyTorch runs a kernel crashes the JVM (libtorch's static destructors free code still in use)
        try (CancelOnSignal stop = new CancelOnSignal(STOP_GRACE_SECONDS)) {
            BenchSettings settings = BenchSettings.from(parsed);
            BenchProbes training = new BenchProbes(settings, console.err(), stop::isCancelled);
            SamplingProbes sampling = new SamplingProbes(settings, console.err(), stop::isCancelled);
            result = switch (parsed.positionals().get(0)) {
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
        return CommandLine.OK;
    }
}
