package dev.diffusion.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The set-up every end-to-end test shares. Before each test: the {@link Platform} of this JVM (the first
 * test starts it), its workers' consumer group settled, and the {@link ApiClient}. After each test: jobs the
 * test left unfinished are cancelled and workers it killed are replaced, so the next test again finds
 * {@value Platform#WORKERS} workers. A subclass's own {@code @BeforeEach} runs after this one's, its
 * {@code @AfterEach} before this one's.
 */
abstract class PlatformTestBase {

    protected Platform platform;
    protected ApiClient api;

    @BeforeEach
    void startPlatform() {
        platform = Platform.get();
        platform.awaitWorkerGroup(platform.workerIds().size());
        api = platform.api();
    }

    @AfterEach
    void cleanUpPlatform() throws InterruptedException {
        if (api == null) {
            return;
        }
        api.cancelUnfinished();
        platform.restoreWorkers();
    }
}
