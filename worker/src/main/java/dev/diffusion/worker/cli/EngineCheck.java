package dev.diffusion.worker.cli;

import dev.diffusion.engine.numerics.EngineNumerics;
import dev.diffusion.engine.numerics.KernelPolicy;
import dev.diffusion.engine.numerics.NumericsReport;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code --kernels} value and the numerical self-check that commands run before they train or
 * sample: a wrong kernel must stop the command, not produce a plausible-looking model or grid.
 */
final class EngineCheck {

    private EngineCheck() {}

    /**
     * Runs the self-check (once per process) and reports it on standard error.
     *
     * @param option the {@code --kernels} value, if given
     * @param console where to report
     * @return the report
     * @throws UsageException for an unknown kernel set
     * @throws IllegalStateException when no allowed kernel set passes
     */
    static NumericsReport require(Optional<String> option, Console console) {
        KernelPolicy policy = policy(option);
        NumericsReport report = EngineNumerics.establish(policy);
        console.err().println("engine self-check " + report.summary());
        if (!report.passed()) {
            throw new IllegalStateException("the engine computes wrong numbers on this machine, so nothing was "
                    + "trained or sampled (run 'worker self-check' for every check)");
        }
        return report;
    }

    static KernelPolicy policy(Optional<String> option) {
        String value = option.orElse("auto").trim().toUpperCase(Locale.ROOT);
        try {
            return KernelPolicy.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new UsageException("option --kernels must be auto, onednn or native, got '" + option.orElse("")
                    + "'");
        }
    }
}
