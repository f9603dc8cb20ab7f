package dev.diffusion.worker.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DefaultProgressBarRenderer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import me.tongfei.progressbar.ProgressState;

/**
 * The progress of a command's steps, drawn by the progressbar library:
 * {@code train  22% [====>          ]  450/2000 (0:01:10 / 0:04:05) loss 0.0412  lr 7.80e-04  21.3 img/s}
 * (elapsed / time left). On a terminal the line is redrawn in place; otherwise a full line is printed
 * about every 5 % of the steps, so that logs stay short.
 */
final class StepProgress implements AutoCloseable {

    /**
     * Line width. The library would ask JLine for the terminal's width, but JLine's system terminal
     * resets SIGINT to its default action, and Ctrl-C would then kill the JVM without running the
     * shutdown hook that lets a run write its checkpoint ({@link CancelOnSignal}).
     */
    private static final int WIDTH = 110;
    /** Lines printed over a whole run when the output is not a terminal. */
    private static final int LINES = 20;

    private final ProgressBar bar;
    private final LineEndingOnce lineEnd;
    private volatile Duration eta;

    private StepProgress(Console console, String task, long total) {
        ProgressBarBuilder builder = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(Math.max(1, total))
                .setStyle(ProgressBarStyle.ASCII)
                .setEtaFunction(state -> Optional.ofNullable(eta));
        if (console.interactive()) {
            lineEnd = new LineEndingOnce(console.out());
            builder.setConsumer(lineEnd)
                    .setUpdateIntervalMillis(500)
                    .continuousUpdate();
        } else {
            lineEnd = null;
            RecordingRenderer renderer = new RecordingRenderer(state -> Optional.ofNullable(eta));
            builder.setRenderer(renderer)
                    .setConsumer(new DelegatingProgressBarConsumer(new OccasionalLines(console.out(), renderer, total), WIDTH));
        }
        this.bar = builder.build();
    }

    /**
     * Starts showing progress.
     *
     * @param console where to draw; its {@code interactive} flag chooses redrawing or occasional lines
     * @param task the name in front of the bar, e.g. {@code train}
     * @param total the step count at 100 %
     * @return the running progress, to {@link #close()} when the steps end
     */
    static StepProgress start(Console console, String task, long total) {
        return new StepProgress(console, task, total);
    }

    /**
     * Records that {@code done} steps are complete.
     *
     * @param done completed steps
     * @param details text after the bar, such as "loss 0.04  21 img/s"
     * @param eta estimated time left, or null when unknown
     */
    void update(long done, String details, Duration eta) {
        this.eta = eta;
        bar.setExtraMessage(details == null ? "" : details);
        bar.stepTo(done);
    }

    /** Draws the final state and ends the line, so that later output starts on a new one. */
    @Override
    public void close() {
        bar.close();
        if (lineEnd != null) {
            lineEnd.close();
        }
    }

    /**
     * Formats a duration as {@code m:ss} or {@code h:mm:ss}, for the summary line after a run.
     *
     * @param d the duration
     * @return the text
     */
    static String formatDuration(Duration d) {
        long s = Math.max(0, d.getSeconds());
        long h = s / 3600;
        long m = (s % 3600) / 60;
        long sec = s % 60;
        return h > 0
                ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, sec)
                : String.format(Locale.ROOT, "%d:%02d", m, sec);
    }

    /**
     * Redraws with a carriage return. Ends the line once even when the bar is closed before the library
     * first drew it: then the library draws the final state but skips its own end of line.
     */
    private static final class LineEndingOnce extends ConsoleProgressBarConsumer {

        private final AtomicBoolean ended = new AtomicBoolean();

        LineEndingOnce(PrintStream out) {
            super(out, WIDTH);
        }

        @Override
        public void close() {
            if (ended.compareAndSet(false, true)) {
                super.close();
            }
        }
    }

    /** The library's renderer, noting the step count each line was drawn for (at least the one it shows). */
    private static final class RecordingRenderer extends DefaultProgressBarRenderer {

        private volatile long drawn;

        RecordingRenderer(Function<ProgressState, Optional<Duration>> eta) {
            super(ProgressBarStyle.ASCII, "", 1, false, null, ChronoUnit.SECONDS, true, eta);
        }

        @Override
        public String render(ProgressState progress, int maxLength) {
            drawn = progress.getCurrent();
            return super.render(progress, maxLength);
        }
    }

    /** Prints a drawn line when the steps have passed another twentieth of the total, and the last one. */
    private static final class OccasionalLines implements Consumer<String> {

        private final PrintStream out;
        private final RecordingRenderer renderer;
        private final long total;
        private long printed;

        OccasionalLines(PrintStream out, RecordingRenderer renderer, long total) {
            this.out = out;
            this.renderer = renderer;
            this.total = Math.max(1, total);
        }

        @Override
        public void accept(String line) {
            long drawn = renderer.drawn;
            if (drawn > printed && (share(drawn) > share(printed) || drawn >= total)) {
                out.println(line.stripTrailing());
                printed = drawn;
            }
        }

        private long share(long steps) {
            return steps * LINES / total;
        }
    }
}
