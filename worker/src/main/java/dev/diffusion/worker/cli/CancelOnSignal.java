package dev.diffusion.worker.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Turns Ctrl-C (JVM shutdown) into a cancellation request and holds the shutdown until the command
 * has written its partial results (at most {@code graceSeconds}), so a cancelled run still leaves a
 * checkpoint or a partial grid behind.
 */
final class CancelOnSignal implements AutoCloseable {

    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    CancelOnSignal(long graceSeconds) {
        hook = new Thread(() -> {
            cancelled.set(true);
            try {
                finished.await(graceSeconds, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "cancel-on-signal");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    boolean isCancelled() {
        return cancelled.get();
    }

    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // already exiting: the hook is running and has just been released
        }
    }
}
