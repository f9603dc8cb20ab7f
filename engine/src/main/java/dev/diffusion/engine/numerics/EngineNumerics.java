package dev.diffusion.engine.numerics;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Runs the numerical self-check once per process and settles the kernel set: oneDNN unless it fails
 * and PyTorch's own kernels pass (policy {@link KernelPolicy#AUTO}). On a CPU where oneDNN's AVX-512 and AVX2 kernels
 * failed in some processes only ({@link CacheReport}) it is capped at AVX first ({@link OneDnnIsaCap}), or left out where
 * the cap cannot be set. On some virtual AMD EPYC CPUs
 * with AVX-512, oneDNN's JIT convolutions gave wrong values and NaN gradients; a worker there must
 * not train or sample on them. Call before any training or sampling: the check opens a
 * {@code GradientCollector}, of which a process may have only one at a time.
 */
public final class EngineNumerics {

    /**
     * The instruction set oneDNN is capped at where its wider kernels are known to fail now and then: with AVX its
     * forward convolutions are direct AVX kernels and both backward passes go through its GEMM, not the direct
     * AVX2/AVX-512 kernels that failed.
     */
    static final String SAFE_INSTRUCTION_SET = "AVX";

    /** Seed of the check's inputs. */
    static final long SEED = 20_26_12_04L;

    private static NumericsReport established;

    private EngineNumerics() {}

    /**
     * The report of this process's self-check, running it (and switching kernels) on the first call.
     *
     * @param policy which kernel sets may be used
     * @return the report; {@link NumericsReport#passed()} false means the engine must not be used
     */
    public static synchronized NumericsReport establish(KernelPolicy policy) {
        if (established == null) {
            established = run(policy, OpChecks.standard(SEED));
        }
        return established;
    }

    /**
     * The report, if the self-check has run in this process.
     *
     * @return the report or empty
     */
    public static synchronized Optional<NumericsReport> current() {
        return Optional.ofNullable(established);
    }

    static NumericsReport run(KernelPolicy policy, List<? extends SelfCheck> operations) {
        return run(policy, operations, CacheReport::oneDnnDistrust, OneDnnIsaCap::apply);
    }

    /**
     * The check with a given test for CPUs on which oneDNN's widest kernels are known to fail.
     *
     * @param knownFault why oneDNN's AVX-512 and AVX2 kernels are not to be used on this CPU, if it is one of those
     * @param capInstructionSet caps oneDNN at the given instruction set, true if it did
     */
    static NumericsReport run(KernelPolicy policy, List<? extends SelfCheck> operations,
                              Supplier<Optional<String>> knownFault, Predicate<String> capInstructionSet) {
        long start = System.nanoTime();
        Optional<OneDnnSwitch> oneDnn = OneDnnSwitch.find();
        CpuDescription cpu = CpuDescription.current();
        int threads = JniUtils.getNumThreads();
        if (policy == KernelPolicy.NATIVE) {
            if (oneDnn.isEmpty()) {
                return new NumericsReport(false, KernelSet.ONEDNN, cpu, threads, List.of(),
                        Optional.of("PyTorch's own kernels were asked for, but oneDNN cannot be switched off here"),
                        elapsed(start));
            }
            oneDnn.get().setEnabled(false);
        }
        KernelSet first = oneDnn.map(s -> s.isEnabled() ? KernelSet.ONEDNN : KernelSet.PYTORCH_NATIVE)
                .orElse(KernelSet.ONEDNN);
        boolean userCap = OneDnnIsaCap.setByUser();
        Optional<String> distrust = policy == KernelPolicy.AUTO && first == KernelSet.ONEDNN && oneDnn.isPresent()
                && !userCap ? knownFault.get() : Optional.empty();
        Optional<String> capped = Optional.empty();
        if (distrust.isPresent()) {
            if (!capInstructionSet.test(SAFE_INSTRUCTION_SET)) {
                oneDnn.get().setEnabled(false);
                List<KernelCheck> checks = check(operations);
                return new NumericsReport(checks.stream().allMatch(KernelCheck::passed), KernelSet.PYTORCH_NATIVE,
                        cpu, threads, checks, distrust.map(d -> "oneDNN not used: " + d), elapsed(start));
            }
            cpu = CpuDescription.current();
            capped = distrust.map(d -> "oneDNN capped at " + SAFE_INSTRUCTION_SET + ": " + d);
        }
        List<KernelCheck> checks = check(operations);
        boolean passed = checks.stream().allMatch(KernelCheck::passed);
        if (passed || policy != KernelPolicy.AUTO || first != KernelSet.ONEDNN || oneDnn.isEmpty()) {
            return new NumericsReport(passed, first, cpu, threads, checks, capped, elapsed(start));
        }
        String rejected = capped.map(c -> c + "; ").orElse("") + "oneDNN rejected: " + checks.stream()
                .filter(c -> !c.passed()).limit(3).map(KernelCheck::describe).reduce((a, b) -> a + "; " + b).orElse("");
        oneDnn.get().setEnabled(false);
        List<KernelCheck> fallback = check(operations);
        boolean fallbackPassed = fallback.stream().allMatch(KernelCheck::passed);
        return new NumericsReport(fallbackPassed, KernelSet.PYTORCH_NATIVE, cpu, threads, fallback,
                Optional.of(rejected), elapsed(start));
    }

    private static List<KernelCheck> check(List<? extends SelfCheck> operations) {
        List<KernelCheck> checks = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            for (SelfCheck operation : operations) {
                checks.addAll(operation.run(manager));
            }
        }
        return checks;
    }

    private static long elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
