package dev.diffusion.worker.cli;

import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The time limit of a long command ({@code --stop-after 90m}): a clock that says when to stop. */
final class StopAfter {

    private static final Pattern DURATION = Pattern.compile("(\\d+)([smh])");

    private StopAfter() {}

    /**
     * A clock started now.
     *
     * @param duration a number of seconds, minutes or hours ({@code 45s}, {@code 90m}, {@code 2h}), or null for none
     * @return true once the duration has passed; never true without a duration
     * @throws UsageException when the duration cannot be read
     */
    static BooleanSupplier clock(String duration) {
        if (duration == null) {
            return () -> false;
        }
        Matcher m = DURATION.matcher(duration.strip());
        if (!m.matches()) {
            throw new UsageException("--stop-after: a number of seconds, minutes or hours like 45s, 90m or 2h, got '"
                    + duration + "'");
        }
        long seconds = Long.parseLong(m.group(1)) * switch (m.group(2)) {
            case "h" -> 3600;
            case "m" -> 60;
            default -> 1;
        };
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        return () -> System.nanoTime() - deadline >= 0;
    }
}
