/**
 * Kafka plumbing of the worker, free of job logic: the consumer loop on the jobs topic
 * ({@link dev.diffusion.worker.messaging.DispatchConsumer}: pause while busy, keep polling, commit only after
 * the run's final event), the control-topic listener every worker runs on all partitions
 * ({@link dev.diffusion.worker.messaging.ControlListener}), and the producer of job events and dead letters
 * ({@link dev.diffusion.worker.messaging.EventPublisher}). What to do with a dispatch is decided behind
 * {@link dev.diffusion.worker.messaging.JobLauncher}.
 */
package dev.diffusion.worker.messaging;
