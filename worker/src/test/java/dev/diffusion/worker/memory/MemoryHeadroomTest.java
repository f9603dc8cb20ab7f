package dev.diffusion.worker.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class MemoryHeadroomTest {

    private static final String MEMINFO = """
            MemTotal:       24576000 kB
            MemFree:         1000000 kB
            MemAvailable:   20000000 kB
            Buffers:           12345 kB
            """;

    @Test
    void readsMemAvailableInBytes() {
        assertThat(MemoryHeadroom.meminfoAvailable(MEMINFO)).hasValue(20_000_000L * 1024);
        assertThat(MemoryHeadroom.meminfoAvailable("MemTotal: 1 kB\n")).isEmpty();
        assertThat(MemoryHeadroom.meminfoAvailable(null)).isEmpty();
    }

    @Test
    void readsAnyMeminfoFieldInBytes() {
        assertThat(MemoryHeadroom.meminfoField(MEMINFO, "MemTotal:")).hasValue(24_576_000L * 1024);
        assertThat(MemoryHeadroom.meminfoField("MemTotal: lots kB\n", "MemTotal:")).isEmpty();
        assertThat(MemoryHeadroom.machineTotal().orElseThrow())
                .isGreaterThanOrEqualTo(MemoryHeadroom.current().orElseThrow());
    }

    @Test
    void aCgroupLimitLeavesItsLimitLessItsUsage() {
        assertThat(MemoryHeadroom.cgroupHeadroom("17179869184\n", "4294967296\n")).hasValue(12L << 30);
        assertThat(MemoryHeadroom.cgroupHeadroom("1000\n", "2000\n")).hasValue(0);
    }

    @Test
    void noCgroupLimitIsNoHeadroomOfItsOwn() {
        assertThat(MemoryHeadroom.cgroupHeadroom("max\n", "4096\n")).isEmpty();
        // cgroup v1 writes "unlimited" as the largest page-aligned long
        assertThat(MemoryHeadroom.cgroupHeadroom("9223372036854771712\n", "4096\n")).isEmpty();
        assertThat(MemoryHeadroom.cgroupHeadroom(null, null)).isEmpty();
    }

    @Test
    void thisMachineHasSomeHeadroom() {
        OptionalLong now = MemoryHeadroom.current();

        assertThat(now).isPresent();
        assertThat(now.getAsLong()).isPositive();
    }
}
