package dev.diffusion.worker;

import dev.diffusion.worker.cli.Console;
import dev.diffusion.worker.cli.WorkerCli;
import dev.diffusion.worker.config.OpenMpWaitPolicy;
import dev.diffusion.worker.job.JobService;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;

import jakarta.inject.Inject;

/**
 * Entry point of the worker. With a command ({@code train}, {@code sample}, {@code import-dataset},
 * {@code bench}, {@code --help}) it runs that command and exits with its code (0 success, 1
 * failure, 2 bad usage); without arguments it runs as a service until stopped.
 */
@QuarkusMain
public class WorkerMain implements QuarkusApplication {

    @Inject
    JobService jobs;

    /**
     * Starts Quarkus, after setting PyTorch's OpenMP threads to wait passively ({@link OpenMpWaitPolicy}).
     * A command is a one-shot process, so it takes any free HTTP port (it must not
     * collide with a worker service on the same host) and logs only warnings next to its own output.
     *
     * @param args a command and its options, or nothing for service mode
     */
    public static void main(String... args) {
        OpenMpWaitPolicy.applyUnlessSet();
        if (args.length > 0) {
            System.setProperty("quarkus.http.port", "0");
            System.setProperty("quarkus.log.level", "WARN");
        }
        Quarkus.run(WorkerMain.class, args);
    }

    @Override
    public int run(String... args) {
        if (args.length == 0) {
            return serve();
        }
        return WorkerCli.execute(Console.system(), args);
    }

    /**
     * Service mode: consumes job dispatches from Kafka until the process is asked to stop (SIGTERM or
     * Ctrl-C). Then the job service stops taking jobs and abandons a running one without committing
     * its dispatch, so another worker takes it over (see {@link JobService}).
     *
     * @return the exit code
     */
    protected int serve() {
        jobs.start();
        Quarkus.waitForExit();
        return 0;
    }
}
