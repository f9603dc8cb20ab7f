/**
 * Running jobs: admission of dispatches ({@link dev.diffusion.worker.job.AttemptLedger}), the life of one
 * attempt from STARTED to its final event ({@link dev.diffusion.worker.job.AttemptRunner},
 * {@link dev.diffusion.worker.job.AttemptReporter}), the service that ties Kafka, storage and the engine
 * together ({@link dev.diffusion.worker.job.JobService}), and the executors that turn a training or
 * generation dispatch into engine calls and uploads. The engine itself (trainer, samplers, renderers)
 * knows nothing of this package.
 */
package dev.diffusion.worker.job;
