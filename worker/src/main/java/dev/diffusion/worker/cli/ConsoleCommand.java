package dev.diffusion.worker.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * Base of the worker's sub-commands: their {@code --help} option and the console of the
 * {@link WorkerCli} that runs them. {@link #call()} returns the exit code; a {@link UsageException}
 * or a spec validation error it throws ends the command with exit code 2, any other exception with 1.
 */
abstract class ConsoleCommand implements Callable<Integer> {

    @ParentCommand
    private WorkerCli worker;

    @Option(names = {"-h", "--help"}, usageHelp = true, order = Integer.MAX_VALUE, description = "show this help and exit")
    boolean help;

    /**
     * Where the command prints.
     *
     * @return the console
     */
    Console console() {
        return worker.console();
    }
}
