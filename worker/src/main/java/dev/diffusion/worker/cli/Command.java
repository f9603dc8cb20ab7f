package dev.diffusion.worker.cli;

import java.util.List;

/** One sub-command of the worker's command line. */
public interface Command {

    /**
     * The name typed on the command line.
     *
     * @return e.g. {@code train}
     */
    String name();

    /**
     * A one-line description for the command overview.
     *
     * @return the summary
     */
    String summary();

    /**
     * Full usage text shown by {@code <command> --help}.
     *
     * @return the text
     */
    String usage();

    /**
     * Runs the command.
     *
     * @param args the arguments after the command name
     * @param console where to print
     * @return the exit code: 0 success, 1 failure
     * @throws UsageException for bad usage (exit code 2)
     * @throws Exception for failures (exit code 1)
     */
    int run(List<String> args, Console console) throws Exception;
}
