/**
 * The worker's settings under {@code diffusion.*} ({@link dev.diffusion.worker.config.WorkerConfig}) and the
 * identity it reports in job events ({@link dev.diffusion.worker.config.WorkerIdentity}).
 */
package dev.diffusion.worker.config;
