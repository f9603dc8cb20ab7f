package dev.diffusion.deploy;

import sun.misc.Signal;

/**
 * Turns SIGINT/SIGTERM into {@code System.exit}, which runs the shutdown hooks that stop everything. The JVM
 * does that by itself, except for SIGINT when the launcher was started in the background by a
 * non-interactive shell: such a process inherits SIGINT as ignored, and the JVM keeps it ignored.
 */
final class StopSignals {

    private StopSignals() {
    }

    static void exitOn(String signal, int exitCode) {
        try {
            Signal.handle(new Signal(signal), received -> new Thread(() -> System.exit(exitCode),
                    "signal-" + signal).start());
        } catch (IllegalArgumentException unsupported) {
            // the platform does not know this signal: the JVM's default handling applies
        }
    }
}
