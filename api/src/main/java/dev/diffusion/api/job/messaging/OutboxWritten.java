package dev.diffusion.api.job.messaging;

/** CDI event fired inside a transaction that wrote outbox rows; the relay wakes up when it commits. */
public record OutboxWritten(String topic) {
}
