package dev.diffusion.worker.quality;

import ai.djl.ndarray.NDManager;

import dev.diffusion.common.spec.EffectiveTrainingSpec;
import dev.diffusion.engine.data.LabeledImageDataset;
import dev.diffusion.worker.recipe.TrainingRecipe;

import java.util.ArrayList;
import java.util.List;

/** The training speeds of several specs, measured side by side on this machine, for {@link EqualTimeBudget}. */
public final class SideBySideSpeed {

    private SideBySideSpeed() {}

    /**
     * Training seconds per step of each spec, measured side by side: every round times {@code steps} single steps of
     * each spec, interleaved step by step in an order that reverses from one step to the next (after {@code warmup}
     * untimed steps of each), so that a machine that speeds up or slows down during the measurement — JIT, caches,
     * other load — does so for all alike. Timing each spec's steps in one block instead made the later specs of a round
     * look up to 10 % faster on a machine that warmed up (2026-12-07).
     *
     * @param specs the specs to compare
     * @param data the training images
     * @param rounds rounds, at least 1
     * @param warmup untimed steps per spec before the first round
     * @param steps timed steps per spec and round
     * @return seconds per step by spec (in the order of {@code specs}) and round
     */
    public static double[][] secondsPerStepByRound(List<EffectiveTrainingSpec> specs, LabeledImageDataset data,
                                                   int rounds, int warmup, int steps) {
        double[][] samples = new double[specs.size()][rounds];
        try (NDManager manager = NDManager.newBaseManager()) {
            List<TrainingRecipe> recipes = new ArrayList<>();
            try {
                for (EffectiveTrainingSpec spec : specs) {
                    recipes.add(TrainingRecipe.prepare(spec, data, manager));
                }
                for (TrainingRecipe recipe : recipes) {
                    for (int i = 0; i < warmup; i++) {
                        recipe.trainer().trainStep();
                    }
                }
                int n = recipes.size();
                for (int round = 0; round < rounds; round++) {
                    long[] nanos = new long[n];
                    for (int i = 0; i < steps; i++) {
                        boolean reversed = (round * steps + i) % 2 == 1;
                        for (int j = 0; j < n; j++) {
                            int k = reversed ? n - 1 - j : j;
                            long started = System.nanoTime();
                            recipes.get(k).trainer().trainStep();
                            nanos[k] += System.nanoTime() - started;
                        }
                    }
                    for (int k = 0; k < n; k++) {
                        samples[k][round] = nanos[k] / 1e9 / steps;
                    }
                }
            } finally {
                recipes.forEach(TrainingRecipe::close);
            }
        }
        return samples;
    }
}
