package dev.diffusion.worker.memory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessMemoryTest {

    @Test
    void parsesCurrentAndPeakResidentMemoryInKilobytes() {
        ProcessMemory m = ProcessMemory.parse("Name:\tjava\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\nThreads:\t9\n");
        assertThat(m.rssBytes()).isEqualTo(102_400L * 1024);
        assertThat(m.peakRssBytes()).isEqualTo(204_800L * 1024);
        assertThat(m.peakRssMiB()).isEqualTo(200.0);
    }

    @Test
    void readsThisProcess() {
        ProcessMemory m = ProcessMemory.read();
        assertThat(m.peakRssBytes()).isGreaterThanOrEqualTo(m.rssBytes()).isPositive();
    }
}
