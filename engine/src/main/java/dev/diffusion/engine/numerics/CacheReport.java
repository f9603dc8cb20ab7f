package dev.diffusion.engine.numerics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Whether this CPU hides its cache sizes the way the virtual AMD EPYC machines did on which oneDNN 3.7.1 computed
 * wrong convolution gradients and NaNs (docs/engine.md, "Numerics on different CPUs"). oneDNN's bundled Xbyak 7.05
 * reads AMD cache sizes from CPUID leaf 0x8000001D without checking that the leaf is populated; a hypervisor that
 * leaves it empty gives 1-byte caches. Linux builds {@code /sys/devices/system/cpu/cpu0/cache} from the same leaf, so a
 * missing or empty folder there on an AMD CPU is that case. On such a machine the fault came and went from process to
 * process (the self-check caught it in 9 of 10 fresh processes on 2026-12-06, in 3 of 8 the day before), so a passed
 * check there is not evidence enough: capped at AVX2, oneDNN passed the check in 20 of 20 processes there and still
 * trained n_feat 64 ContextUnet into a NaN gradient at step 1 in 5 of 6.
 */
final class CacheReport {

    static final Path SYSFS_CPU0_CACHE = Path.of("/sys/devices/system/cpu/cpu0/cache");

    private CacheReport() {}

    /**
     * Why oneDNN is not to be trusted on this CPU, if it is such a machine.
     *
     * @param cpuinfo the text of /proc/cpuinfo
     * @param cacheFolder the first CPU's cache folder in sysfs
     * @return the reason, or empty
     */
    static Optional<String> oneDnnDistrust(String cpuinfo, Path cacheFolder) {
        boolean amd = cpuinfo.lines().anyMatch(line -> line.startsWith("vendor_id") && line.contains("AuthenticAMD"));
        if (!amd || hasEntries(cacheFolder)) {
            return Optional.empty();
        }
        return Optional.of("this AMD CPU reports no cache sizes (nothing in " + cacheFolder + "), which oneDNN 3.7.1 "
                + "reads as 1-byte caches; on such machines its AVX-512 and AVX2 convolutions gave wrong gradients "
                + "and NaN in some processes");
    }

    /**
     * The same for this machine.
     *
     * @return the reason, or empty
     */
    static Optional<String> oneDnnDistrust() {
        try {
            return oneDnnDistrust(Files.readString(Path.of("/proc/cpuinfo")), SYSFS_CPU0_CACHE);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean hasEntries(Path folder) {
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.findAny().isPresent();
        } catch (IOException e) {
            return false;
        }
    }
}
