package dev.diffusion.worker.config;

import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

/**
 * Makes PyTorch's OpenMP threads sleep, not spin, while they wait for each other ({@code
 * OMP_WAIT_POLICY=PASSIVE}) unless the environment sets a policy. A spinning thread keeps its core while the
 * thread it waits for has been descheduled by another process, so a ContextUnet training step (n_feat 32)
 * slowed 2.7x next to one CPU-bound process with the default policy and 1.5x with this one, at the same speed
 * alone (docs/engine.md, "Sharing the CPU").
 *
 * <p>libgomp reads the variable once, when PyTorch's native library loads, and from the C environment,
 * which Java cannot change: this sets it there through JNA before DJL loads the engine.
 */
public final class OpenMpWaitPolicy {

    /** The variable libgomp reads. */
    public static final String VARIABLE = "OMP_WAIT_POLICY";
    /** The worker's policy. */
    public static final String PASSIVE = "PASSIVE";

    private OpenMpWaitPolicy() {}

    /**
     * Sets {@code OMP_WAIT_POLICY=PASSIVE} in the C environment unless it is already set. Call before the
     * first use of DJL's PyTorch engine; later calls change nothing in an engine already loaded.
     *
     * @return true when the variable was set here, false when the environment had one or C is out of reach
     */
    public static boolean applyUnlessSet() {
        if (System.getenv(VARIABLE) != null) {
            return false;
        }
        try {
            NativeLibrary libc = NativeLibrary.getInstance(Platform.C_LIBRARY_NAME);
            return libc.getFunction("setenv").invokeInt(new Object[] {VARIABLE, PASSIVE, 0}) == 0;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return false;
        }
    }

    /**
     * The policy in the C environment, as libgomp sees it.
     *
     * @return the value, or null when unset or out of reach
     */
    public static String current() {
        try {
            return NativeLibrary.getInstance(Platform.C_LIBRARY_NAME).getFunction("getenv")
                    .invokeString(new Object[] {VARIABLE}, false);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return null;
        }
    }
}
