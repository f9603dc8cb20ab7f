package dev.diffusion.engine.numerics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheReportTest {

    private static final String AMD = "processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 26\nmodel\t\t: 2\n";
    private static final String INTEL = "processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\n";

    @TempDir
    Path sysfs;

    @Test
    void an_amd_cpu_without_cache_entries_is_not_trusted_with_onednn() throws Exception {
        Path empty = Files.createDirectories(sysfs.resolve("cache"));

        assertThat(CacheReport.oneDnnDistrust(AMD, sysfs.resolve("missing"))).get().asString()
                .startsWith("this AMD CPU reports no cache sizes");
        assertThat(CacheReport.oneDnnDistrust(AMD, empty)).isPresent();
    }

    @Test
    void cache_entries_or_another_vendor_leave_it_to_the_self_check() throws Exception {
        Path cache = Files.createDirectories(sysfs.resolve("cache"));
        Files.createDirectories(cache.resolve("index0"));

        assertThat(CacheReport.oneDnnDistrust(AMD, cache)).isEmpty();
        assertThat(CacheReport.oneDnnDistrust(INTEL, sysfs.resolve("missing"))).isEmpty();
    }
}
