package dev.diffusion.worker.cli;

import java.util.Optional;

import picocli.CommandLine.Option;

/** The options that set up the PyTorch engine before a command uses it: its threads and kernel set. */
final class EngineOptions {

    @Option(names = "--threads", paramLabel = "N", description = "PyTorch threads (default: all cores)")
    private Integer threads;

    @Option(names = "--kernels", paramLabel = "auto|onednn|native",
            description = "kernel set: oneDNN unless it fails the self-check (default auto)")
    private String kernels;

    /**
     * The {@code --threads} value, for {@link Threads#apply}.
     *
     * @return the thread count if given
     */
    Optional<Integer> threads() {
        return Optional.ofNullable(threads);
    }

    /**
     * The {@code --kernels} value, for {@link EngineCheck}.
     *
     * @return the kernel set if given
     */
    Optional<String> kernels() {
        return Optional.ofNullable(kernels);
    }
}
