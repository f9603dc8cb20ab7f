package dev.diffusion.common.messaging;

import java.time.Instant;

/**
 * A message a consumer could not parse or apply: published on {@link Topics#DEAD_LETTERS} with the
 * original key, for people to inspect; nothing consumes it automatically.
 *
 * @param sourceTopic topic the message came from
 * @param partition   its partition
 * @param offset      its offset
 * @param key         its key (the job id for every topic of this platform), may be null
 * @param payload     its value as text, unchanged
 * @param reason      why it was rejected (parse error with the field, unknown job, …)
 * @param consumer    who rejected it, e.g. {@code diffusion-api} or a worker id
 * @param failedAt    when it was rejected
 */
public record DeadLetter(String sourceTopic, int partition, long offset, String key, String payload, String reason,
                         String consumer, Instant failedAt) {

    public DeadLetter {
        Checks.notBlank(sourceTopic, "sourceTopic");
        Checks.notBlank(reason, "reason");
        Checks.notBlank(consumer, "consumer");
        Checks.notNull(failedAt, "failedAt");
    }
}
