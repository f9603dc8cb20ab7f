package dev.diffusion.worker.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * A one-line terminal progress bar redrawn with a carriage return:
 * {@code [#########-----------]  450/2000  loss 0.0412  lr 7.8e-04  21.3 img/s  ETA 12:04}.
 * When the output is not a terminal it prints a full line at most every {@code lineEvery} updates.
 */
public final class ProgressBar {

    private static final int WIDTH = 24;

    private final PrintStream out;
    private final boolean interactive;
    private final long total;
    private final long lineEvery;
    private int lastLength;

    /**
     * Creates a bar.
     *
     * @param out where to draw
     * @param interactive redraw in place (terminal) or print lines
     * @param total the count at 100 %
     */
    public ProgressBar(PrintStream out, boolean interactive, long total) {
        this.out = out;
        this.interactive = interactive;
        this.total = Math.max(1, total);
        this.lineEvery = Math.max(1, this.total / 20);
    }

    /**
     * Draws the bar for {@code done} of {@code total} with extra text after the count.
     *
     * @param done completed units
     * @param details text such as "loss 0.04  21 img/s"
     * @param eta estimated time left, or null when unknown
     */
    public void update(long done, String details, Duration eta) {
        String line = render(done, details, eta);
        if (interactive) {
            int pad = Math.max(0, lastLength - line.length());
            out.print("\r" + line + " ".repeat(pad));
            out.flush();
            lastLength = line.length();
        } else if (done % lineEvery == 0 || done == total || done == 1) {
            out.println(line);
        }
    }

    /** Ends the bar's line so later output starts on a new one. */
    public void finish() {
        if (interactive && lastLength > 0) {
            out.println();
            lastLength = 0;
        }
    }

    /**
     * The text of the bar.
     *
     * @param done completed units
     * @param details extra text
     * @param eta time left or null
     * @return the line without carriage return
     */
    public String render(long done, String details, Duration eta) {
        long clamped = Math.max(0, Math.min(done, total));
        int filled = (int) (WIDTH * clamped / total);
        String digits = Long.toString(total);
        StringBuilder sb = new StringBuilder();
        sb.append('[').append("#".repeat(filled)).append("-".repeat(WIDTH - filled)).append("] ");
        sb.append(String.format(Locale.ROOT, "%" + digits.length() + "d/%s", clamped, digits));
        if (details != null && !details.isEmpty()) {
            sb.append("  ").append(details);
        }
        if (eta != null) {
            sb.append("  ETA ").append(formatDuration(eta));
        }
        return sb.toString();
    }

    /**
     * Formats a duration as {@code m:ss} or {@code h:mm:ss}.
     *
     * @param d the duration
     * @return the text
     */
    public static String formatDuration(Duration d) {
        long s = Math.max(0, d.getSeconds());
        long h = s / 3600;
        long m = (s % 3600) / 60;
        long sec = s % 60;
        return h > 0
                ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, sec)
                : String.format(Locale.ROOT, "%d:%02d", m, sec);
    }
}
