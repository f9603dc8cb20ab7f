package dev.diffusion.api.job.messaging;

/**
 * A record read from Kafka, without Kafka types.
 *
 * @param topic     topic
 * @param partition partition
 * @param offset    offset
 * @param key       key (the job id), may be null
 * @param value     value (JSON), may be null
 */
public record IncomingRecord(String topic, int partition, long offset, String key, String value) {
}
