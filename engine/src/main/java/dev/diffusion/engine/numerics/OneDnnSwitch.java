package dev.diffusion.engine.numerics;

import ai.djl.engine.Engine;
import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Turns PyTorch's use of oneDNN on or off for this process: {@code torch.backends.mkldnn.enabled}, which
 * DJL does not expose. With oneDNN off, convolutions (forward and both backward passes) run PyTorch's
 * own im2col + GEMM kernels. NNPACK, which PyTorch would otherwise pick for some batched forward
 * convolutions, goes off with it: it sizes its blocks from the same CPUID cache leaf that misleads
 * oneDNN on some virtual machines. It calls {@code at::globalContext().setUserEnabledMkldnn(bool)} and
 * {@code setUserEnabledNNPACK(bool)} in the {@code libtorch_cpu.so} that DJL has loaded, through JNA
 * (a dependency of DJL's API).
 */
public final class OneDnnSwitch {

    private static final String LIBRARY = "libtorch_cpu.so";
    private static final String GLOBAL_CONTEXT = "_ZN2at13globalContextEv";
    private static final String SET_USER_ENABLED_MKLDNN = "_ZN2at7Context20setUserEnabledMkldnnEb";
    private static final String SET_USER_ENABLED_NNPACK = "_ZN2at7Context20setUserEnabledNNPACKEb";

    /** One per process: the flag it sets is global to libtorch. */
    private static Optional<OneDnnSwitch> instance;

    private final Function setOneDnn;
    private final Function setNnpack;
    private final Pointer context;
    private volatile boolean enabled = true;

    private OneDnnSwitch(NativeLibrary library) {
        context = library.getFunction(GLOBAL_CONTEXT).invokePointer(new Object[0]);
        setOneDnn = library.getFunction(SET_USER_ENABLED_MKLDNN);
        setNnpack = library.getFunction(SET_USER_ENABLED_NNPACK);
    }

    /**
     * Finds the switch of the loaded PyTorch engine (loading it first).
     *
     * @return the switch, or empty where the library or its symbols cannot be found (not Linux, another build)
     */
    public static synchronized Optional<OneDnnSwitch> find() {
        if (instance == null) {
            Engine.getEngine("PyTorch");
            try {
                instance = loadedLibraryPath().map(p -> new OneDnnSwitch(NativeLibrary.getInstance(p)));
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                instance = Optional.empty();
            }
        }
        return instance;
    }

    private static Optional<String> loadedLibraryPath() {
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) {
            return Optional.empty();
        }
        try (var lines = Files.lines(maps)) {
            return lines.filter(line -> line.endsWith("/" + LIBRARY))
                    .map(line -> line.substring(line.indexOf('/')))
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Sets whether PyTorch may use oneDNN (and NNPACK) kernels.
     *
     * @param on true to use them (PyTorch's default)
     */
    public synchronized void setEnabled(boolean on) {
        Object[] arguments = {context, (byte) (on ? 1 : 0)};
        setOneDnn.invokeVoid(arguments);
        setNnpack.invokeVoid(arguments);
        enabled = on;
    }

    /**
     * Whether oneDNN is in use, as last set through this switch.
     *
     * @return true unless switched off
     */
    public boolean isEnabled() {
        return enabled;
    }
}
