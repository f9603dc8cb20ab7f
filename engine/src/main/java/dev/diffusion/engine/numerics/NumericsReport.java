package dev.diffusion.engine.numerics;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The outcome of the engine's numerical self-check.
 *
 * @param passed whether the kernels in use passed every check
 * @param kernels the kernel set in use
 * @param cpu the CPU
 * @param threads PyTorch's intra-op thread count
 * @param checks the checks of the kernel set in use (the last one tried)
 * @param rejected why a kernel set tried before was not used (e.g. oneDNN's failed checks), if any
 * @param millis how long the checks took
 */
public record NumericsReport(
        boolean passed,
        KernelSet kernels,
        CpuDescription cpu,
        int threads,
        List<KernelCheck> checks,
        Optional<String> rejected,
        long millis) {

    /**
     * The failed checks of the kernel set in use.
     *
     * @return failures, empty when passed
     */
    public List<KernelCheck> failures() {
        return checks.stream().filter(c -> !c.passed()).toList();
    }

    /**
     * One line for logs and health data.
     *
     * @return e.g. "passed: 32 checks on oneDNN, AMD EPYC, avx512_core_bf16, 2 threads (410 ms)"
     */
    public String summary() {
        String where = kernels.label() + ", " + cpu.summary() + ", " + threads + " thread(s)";
        String head = passed
                ? "passed: " + checks.size() + " checks on " + where
                : "FAILED: " + failures().size() + " of " + checks.size() + " checks on " + where + ": "
                        + failures().stream().limit(3).map(KernelCheck::describe).collect(Collectors.joining("; "));
        return head + rejected.map(r -> "; " + r).orElse("") + " (" + millis + " ms)";
    }
}
