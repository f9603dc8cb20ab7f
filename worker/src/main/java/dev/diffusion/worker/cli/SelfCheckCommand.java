package dev.diffusion.worker.cli;

import dev.diffusion.engine.numerics.EngineNumerics;
import dev.diffusion.engine.numerics.KernelCheck;
import dev.diffusion.engine.numerics.NumericsReport;
import java.util.List;
import java.util.Set;

/**
 * {@code worker self-check}: runs the engine's numerical self-check and prints every comparison, so
 * that a machine's kernels can be judged before it takes jobs.
 */
public final class SelfCheckCommand implements Command {

    @Override
    public String name() {
        return "self-check";
    }

    @Override
    public String summary() {
        return "Check the engine's kernels against float64 references on this machine";
    }

    @Override
    public String usage() {
        return "Usage: worker self-check [--kernels auto|onednn|native] [--threads N]\n\n"
                + "Computes convolutions, transposed convolutions, GroupNorm and linear layers (forward, inference\n"
                + "and both gradients, twice) with the PyTorch engine and compares them with float64 references.\n"
                + "Exit code 0 when the kernel set in use passes, 1 when none allowed does.\n\n"
                + "Options:\n"
                + EngineCheck.HELP
                + SpecOption.line("--threads N", "PyTorch threads (default: all cores)");
    }

    @Override
    public int run(List<String> args, Console console) {
        CliArguments parsed = CliArguments.parse(args, Set.of(EngineCheck.KERNELS, "threads"), Set.of());
        parsed.requireNoPositionals();
        Threads.apply(parsed.intValue("threads"));
        NumericsReport report = EngineNumerics.establish(EngineCheck.policy(parsed.value(EngineCheck.KERNELS)));
        for (KernelCheck check : report.checks()) {
            console.out().println((check.passed() ? "ok    " : "FAIL  ") + check.describe());
        }
        console.out().println(report.summary());
        return report.passed() ? CommandLine.OK : CommandLine.FAILURE;
    }
}
