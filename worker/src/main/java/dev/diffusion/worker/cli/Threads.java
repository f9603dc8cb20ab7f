package dev.diffusion.worker.cli;

import java.util.Optional;

/** Applies a {@code --threads N} option before the PyTorch engine starts. */
final class Threads {

    private Threads() {}

    /**
     * Sets the PyTorch intra-op and inter-op thread counts (read by DJL when the engine loads).
     *
     * @param threads the requested count, if given
     * @throws UsageException when not positive
     */
    static void apply(Optional<Integer> threads) {
        if (threads.isEmpty()) {
            return;
        }
        int n = threads.get();
        if (n < 1) {
            throw new UsageException("option --threads must be at least 1, got " + n);
        }
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(n));
        System.setProperty("ai.djl.pytorch.num_interop_threads", Integer.toString(n));
    }
}
