/**
 * Memory of this worker process and of the machine or container it runs in: {@link
 * dev.diffusion.worker.memory.ProcessMemory} (resident set now and at its peak), {@link
 * dev.diffusion.worker.memory.MemoryHeadroom} (what may still be used before the kernel kills the process).
 * Read from /proc and the cgroup files; used by the training guard and by the benchmarks.
 */
package dev.diffusion.worker.memory;
