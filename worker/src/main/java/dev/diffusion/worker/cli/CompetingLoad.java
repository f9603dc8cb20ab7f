package dev.diffusion.worker.cli;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One CPU-bound process beside a measurement, as another job or a build on the same cores would be:
 * {@code sha256sum /dev/zero} hashes forever on one core. Closing ends it.
 */
final class CompetingLoad implements AutoCloseable {

    static final List<String> COMMAND = List.of("sha256sum", "/dev/zero");

    private final Process process;

    private CompetingLoad(Process process) {
        this.process = process;
    }

    /**
     * Starts the competitor.
     *
     * @return the running competitor
     * @throws IOException if it cannot be started
     */
    static CompetingLoad start() throws IOException {
        return new CompetingLoad(new ProcessBuilder(COMMAND)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start());
    }

    /** @return the competitor's command line, for the report */
    static String description() {
        return "`" + String.join(" ", COMMAND) + "` (one CPU-bound process)";
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
