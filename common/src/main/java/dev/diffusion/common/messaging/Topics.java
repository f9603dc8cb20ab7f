package dev.diffusion.common.messaging;

/**
 * Default Kafka topic names (each is configurable on both sides). Every message is JSON
 * ({@link MessageCodec}) keyed by the job id as a string, so one job's messages share a partition
 * and stay in order.
 *
 * <table>
 *   <caption>Topics</caption>
 *   <tr><th>topic</th><th>value</th><th>producer</th><th>consumers</th></tr>
 *   <tr><td>{@value #JOBS}</td><td>{@link JobDispatch}</td><td>api (transactional outbox)</td>
 *       <td>workers, one consumer group; offset committed after the attempt's final event is published</td></tr>
 *   <tr><td>{@value #JOB_EVENTS}</td><td>{@link JobEvent}</td><td>workers</td>
 *       <td>api, consumer group {@code diffusion-api}</td></tr>
 *   <tr><td>{@value #JOB_CONTROL}</td><td>{@link JobControl}</td><td>api (outbox)</td>
 *       <td>every worker, manual assignment of all partitions, no group</td></tr>
 *   <tr><td>{@value #DEAD_LETTERS}</td><td>{@link DeadLetter}</td><td>any consumer</td><td>people</td></tr>
 * </table>
 */
public final class Topics {

    public static final String JOBS = "diffusion.jobs";
    public static final String JOB_EVENTS = "diffusion.job-events";
    public static final String JOB_CONTROL = "diffusion.job-control";
    public static final String DEAD_LETTERS = "diffusion.dead-letters";

    private Topics() {
    }
}
