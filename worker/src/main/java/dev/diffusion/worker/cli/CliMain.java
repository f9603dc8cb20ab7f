package dev.diffusion.worker.cli;

/**
 * Runs the command line without Quarkus (used when the bench command forks measurement processes
 * from a plain class path, and handy in an IDE). The packaged worker uses
 * {@link dev.diffusion.worker.WorkerMain}.
 */
public final class CliMain {

    private CliMain() {}

    /**
     * Runs a command and exits with its code.
     *
     * @param args command and options
     */
    public static void main(String[] args) {
        System.exit(WorkerCli.execute(Console.system(), args));
    }
}
