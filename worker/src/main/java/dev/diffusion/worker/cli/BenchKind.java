package dev.diffusion.worker.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The measurements {@code worker bench --only} can select: which {@code bench-probe} runs them, with
 * which ContextUnet width, and which PyTorch reference measurement they are compared with.
 */
enum BenchKind {
    TRAIN_STEP("train-step", "train-step", 0, "train-step"),
    TRAIN_STEP_32("train-step-32", "train-step", 32, "train-step"),
    FORWARD("forward", "forward", 0, "forward"),
    /** Compared with PyTorch's no-grad forward: images/s of generation against the bare network. */
    SAMPLE_STEP("sample-step", "sample-step", 0, "forward"),
    GUIDED_STEP("guided-step", "guided-step", 0, null),
    SAMPLER_SPEED("sampler-speed", "sampler-speed", 0, null),
    /** The n_feat 32 train step alone and beside a competing CPU-bound process. */
    CONTENTION("contention", "train-step", 32, null),
    FLATNESS("flatness", "flatness", 0, null);

    private final String id;
    private final String probe;
    private final int features;
    private final String referenceKind;

    BenchKind(String id, String probe, int features, String referenceKind) {
        this.id = id;
        this.probe = probe;
        this.features = features;
        this.referenceKind = referenceKind;
    }

    /** @return the name used by --only and in the results */
    String id() {
        return id;
    }

    /** @return the {@code bench-probe} kind that measures it */
    String probe() {
        return probe;
    }

    /**
     * The settings of its probe.
     *
     * @param settings the bench's settings
     * @return them, with this kind's own ContextUnet width if it has one
     */
    BenchSettings settingsFor(BenchSettings settings) {
        return features == 0 ? settings : new BenchSettings(settings.batchSize(), features, settings.timedSteps(),
                settings.warmupSteps(), settings.flatnessSteps(), settings.timesteps());
    }

    /** @return the kind of bench_reference.py it is compared with, if any */
    Optional<String> referenceKind() {
        return Optional.ofNullable(referenceKind);
    }

    /** @return the ids of all kinds, in running order */
    static List<String> ids() {
        return Arrays.stream(values()).map(BenchKind::id).toList();
    }

    /**
     * Finds a kind by its id.
     *
     * @param id e.g. "train-step-32"
     * @return the kind
     * @throws UsageException if there is none
     */
    static BenchKind of(String id) {
        return Arrays.stream(values()).filter(k -> k.id.equals(id.trim())).findFirst()
                .orElseThrow(() -> new UsageException("--only: unknown measurement '" + id + "' (expected "
                        + String.join(", ", ids()) + ")"));
    }
}
