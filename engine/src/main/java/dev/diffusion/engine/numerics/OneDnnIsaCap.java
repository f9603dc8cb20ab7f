package dev.diffusion.engine.numerics;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import java.util.Optional;

/**
 * Caps the instruction set oneDNN's JIT kernels may use in this process by setting {@code ONEDNN_MAX_CPU_ISA} in the
 * process environment, the way a user would before starting it. oneDNN reads the variable once, when it first asks
 * which instruction set to use; PyTorch does not export {@code dnnl_set_max_cpu_isa}. So the cap works only when set
 * before the first oneDNN primitive — the engine's self-check is the first thing that runs one — and a later
 * attempt changes nothing. It goes through C's {@code setenv} (JNA, a dependency of DJL's API): Java's
 * {@code System.getenv} is a copy taken at start and does not see it, which is why {@link #applied()} is kept here.
 */
final class OneDnnIsaCap {

    static final String VARIABLE = "ONEDNN_MAX_CPU_ISA";

    private static volatile String applied;

    private OneDnnIsaCap() {}

    /**
     * Sets the cap unless one is already set (by the user, or earlier in this process).
     *
     * @param isa oneDNN's name of the highest instruction set allowed, e.g. "AVX2"
     * @return true if this process now runs with a cap of {@code isa} set here
     */
    static synchronized boolean apply(String isa) {
        if (applied != null) {
            return applied.equals(isa);
        }
        if (setByUser()) {
            return false;
        }
        try {
            NativeLibrary libc = NativeLibrary.getInstance("c");
            Function setenv = libc.getFunction("setenv");
            if (setenv.invokeInt(new Object[] {VARIABLE, isa, 0}) != 0) {
                return false;
            }
            String seen = libc.getFunction("getenv").invokeString(new Object[] {VARIABLE}, false);
            if (!isa.equals(seen)) {
                return false;
            }
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return false;
        }
        applied = isa;
        return true;
    }

    /**
     * Whether the process was started with a cap ({@code ONEDNN_MAX_CPU_ISA} or the older {@code DNNL_MAX_CPU_ISA}).
     *
     * @return true if the user chose one
     */
    static boolean setByUser() {
        return System.getenv(VARIABLE) != null || System.getenv("DNNL_MAX_CPU_ISA") != null;
    }

    /**
     * The cap set by {@link #apply}, if any.
     *
     * @return oneDNN's name of the instruction set, or empty
     */
    static Optional<String> applied() {
        return Optional.ofNullable(applied);
    }
}
