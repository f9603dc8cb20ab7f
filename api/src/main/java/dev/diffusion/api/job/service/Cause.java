package dev.diffusion.api.job.service;

import dev.diffusion.api.job.persistence.JobHistoryEntity.Source;
import dev.diffusion.common.messaging.JobEvent;
import java.time.Instant;

/**
 * What caused a history entry: a worker event (with its raw payload) or an api action.
 *
 * @param source     WORKER or API
 * @param kind       the event kind or api action ({@code SUBMITTED}, {@code CANCEL_REQUESTED}, …)
 * @param workerId   the worker, for worker events
 * @param sequence   the event's sequence, for worker events
 * @param payload    the event as received, for worker events
 * @param occurredAt the worker's time, for worker events
 * @param detail     a readable explanation
 */
public record Cause(Source source, String kind, String workerId, Long sequence, String payload, Instant occurredAt,
                    String detail) {

    public static Cause api(String action, String detail) {
        return new Cause(Source.API, action, null, null, null, null, detail);
    }

    public static Cause worker(JobEvent event, String payload) {
        return new Cause(Source.WORKER, event.kind().name(), event.workerId(), event.sequence(), payload,
                event.occurredAt(), null);
    }

    public Cause withDetail(String newDetail) {
        return new Cause(source, kind, workerId, sequence, payload, occurredAt, newDetail);
    }
}
