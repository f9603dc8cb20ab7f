package dev.diffusion.worker;

import dev.diffusion.worker.cli.CommandLine;
import dev.diffusion.worker.cli.Console;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Entry point of the worker. With a command ({@code train}, {@code sample}, {@code import-dataset},
 * {@code bench}, {@code --help}) it runs that command and exits with its code (0 success, 1
 * failure, 2 bad usage); without arguments it runs as a service until stopped.
 */
@QuarkusMain
public class WorkerMain implements QuarkusApplication {

    @Override
    public int run(String... args) {
        if (args.length == 0) {
            return serve();
        }
        return CommandLine.standard(Console.system()).execute(args);
    }

    /**
     * Service mode. The job consumer (Kafka dispatch → trainer/sampler → object storage) is not
     * written yet; when it is, it starts from CDI beans at startup and this method stays as it is:
     * it keeps the application (and its health endpoints) alive until shutdown.
     *
     * @return the exit code
     */
    protected int serve() {
        Quarkus.waitForExit();
        return 0;
    }
}
