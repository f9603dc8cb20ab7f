package dev.diffusion.worker.cli;

import java.io.PrintStream;

/**
 * Where commands print: results and progress to {@code out}, problems to {@code err}.
 *
 * @param out standard output
 * @param err standard error
 * @param interactive whether {@code out} is a terminal (progress bars redraw in place with a
 *     carriage return; otherwise they print occasional full lines)
 */
public record Console(PrintStream out, PrintStream err, boolean interactive) {

    /**
     * The process's console.
     *
     * @return the console
     */
    public static Console system() {
        return new Console(System.out, System.err, System.console() != null);
    }
}
