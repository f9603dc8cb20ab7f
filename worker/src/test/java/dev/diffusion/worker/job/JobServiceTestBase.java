package dev.diffusion.worker.job;

import dev.diffusion.worker.storage.ObjectStore;
import dev.diffusion.worker.testing.JobTopics;
import jakarta.inject.Inject;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@code @QuarkusTest} of the job service starts from: the running service, the object store,
 * a scratch folder, and a producer/consumer pair on the job topics ({@link JobTopics}) opened per test.
 */
abstract class JobServiceTestBase {

    @Inject
    JobService service;

    @Inject
    ObjectStore store;

    @TempDir
    Path folder;

    JobTopics topics;

    @BeforeEach
    void startServiceAndOpenTopics() {
        service.start();
        topics = new JobTopics();
    }

    @AfterEach
    void closeTopics() {
        topics.close();
    }
}
