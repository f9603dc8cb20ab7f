package dev.diffusion.api.job.messaging;

/**
 * What the {@link JobEventConsumer} hands each record of the events topic to. Implemented by the job
 * service, so this package does not depend on it.
 */
public interface JobEventHandler {

    /** Applies one record; throws when it could not be applied and is to be tried again. */
    void handle(IncomingRecord record);

    /** Sends a record that cannot be applied to the dead-letter topic. */
    void deadLetter(IncomingRecord record, String reason);
}
