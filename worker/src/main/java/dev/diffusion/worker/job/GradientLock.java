package dev.diffusion.worker.job;

import java.util.concurrent.Semaphore;

/**
 * DJL allows one {@code GradientCollector} per JVM: everything on this worker that trains (a training job, an
 * evaluation training its evaluator) takes turns through this lock. It is not reentrant: a training job with
 * {@code evaluateEvery} obtains its evaluator (which may train, taking the lock) before it takes the lock to train,
 * and its evaluations between steps only sample, under the lock the training already holds.
 */
final class GradientLock {

    private static final Semaphore LOCK = new Semaphore(1, true);

    private GradientLock() {}

    /** Waits for the lock. */
    static void acquire() throws InterruptedException {
        LOCK.acquire();
    }

    /** Gives the lock back. */
    static void release() {
        LOCK.release();
    }
}
