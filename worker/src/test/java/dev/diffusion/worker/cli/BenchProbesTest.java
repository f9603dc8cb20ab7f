package dev.diffusion.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** The benchmark's measurements on a tiny ContextUnet: they measure, and a stop request ends them between steps. */
class BenchProbesTest {

    private static final BenchSettings TINY = new BenchSettings(2, 8, 2, 1, 4, 25);
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    private BenchProbes probes(java.util.function.BooleanSupplier stop) {
        return new BenchProbes(TINY, new PrintStream(log, true, StandardCharsets.UTF_8), stop);
    }

    private SamplingProbes sampling(java.util.function.BooleanSupplier stop) {
        return new SamplingProbes(TINY, new PrintStream(log, true, StandardCharsets.UTF_8), stop);
    }

    @Test
    void trainingAndSamplingStepsAreTimedAndMemoryIsRead() {
        Map<String, Double> train = probes(() -> false).trainStep();
        Map<String, Double> sample = sampling(() -> false).sampleStep();
        Map<String, Double> forward = sampling(() -> false).forward();
        Map<String, Double> guided = sampling(() -> false).guidedStep();
        Map<String, Double> flat = probes(() -> false).flatness();

        assertThat(train.get("median_s")).isPositive();
        assertThat(sample.get("median_s")).isPositive();
        assertThat(forward.get("median_s")).isPositive();
        assertThat(guided.get("unguided_median_s")).isPositive();
        assertThat(guided.get("guided_over_unguided")).isEqualTo(guided.get("median_s") / guided.get("unguided_median_s"));
        assertThat(guided).containsEntry("guidance_scale", SamplingProbes.GUIDANCE_SCALE);
        assertThat(flat).containsEntry("steps", 4.0).containsKey("growth_percent");
        assertThat(flat.get("rss_after_warmup_mb")).isPositive();
    }

    @Test
    void aStopRequestEndsEveryMeasurementBetweenSteps() {
        AtomicInteger asked = new AtomicInteger();
        // the third question (after two training steps) says stop
        BenchProbes stoppedLater = probes(() -> asked.incrementAndGet() > 2);
        assertThatThrownBy(stoppedLater::trainStep).isInstanceOf(BenchProbes.StoppedException.class);
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("warm-up step 1/1", "train step 1/2")
                .doesNotContain("train step 2/2");

        assertThatThrownBy(probes(() -> true)::flatness).isInstanceOf(BenchProbes.StoppedException.class);
        assertThatThrownBy(sampling(() -> true)::sampleStep).isInstanceOf(BenchProbes.StoppedException.class);
        assertThatThrownBy(sampling(() -> true)::samplerSpeed).isInstanceOf(BenchProbes.StoppedException.class);
        assertThatThrownBy(sampling(() -> true)::forward).isInstanceOf(BenchProbes.StoppedException.class);
        assertThatThrownBy(sampling(() -> true)::guidedStep).isInstanceOf(BenchProbes.StoppedException.class);
    }
}
