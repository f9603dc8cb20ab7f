package dev.diffusion.worker.cli;

import dev.diffusion.engine.numerics.EngineNumerics;
import dev.diffusion.engine.numerics.KernelCheck;
import dev.diffusion.engine.numerics.NumericsReport;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code worker self-check}: runs the engine's numerical self-check and prints every comparison, so
 * that a machine's kernels can be judged before it takes jobs.
 */
@Command(name = "self-check", customSynopsis = "worker self-check [--kernels auto|onednn|native] [--threads N]",
        description = {"Check the engine's kernels against float64 references on this machine", "",
            "Computes convolutions, transposed convolutions, GroupNorm and linear layers (forward, inference and both "
                    + "gradients, twice) with the PyTorch engine and compares them with float64 references.",
            "Exit code 0 when the kernel set in use passes, 1 when none allowed does."})
public final class SelfCheckCommand extends ConsoleCommand {

    @Mixin
    private EngineOptions engine;

    @Override
    public Integer call() {
        Console console = console();
        Threads.apply(engine.threads());
        NumericsReport report = EngineNumerics.establish(EngineCheck.policy(engine.kernels()));
        for (KernelCheck check : report.checks()) {
            console.out().println((check.passed() ? "ok    " : "FAIL  ") + check.describe());
        }
        console.out().println(report.summary());
        return report.passed() ? WorkerCli.OK : WorkerCli.FAILURE;
    }
}
