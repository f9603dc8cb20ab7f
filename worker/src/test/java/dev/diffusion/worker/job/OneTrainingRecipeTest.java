package dev.diffusion.worker.job;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import dev.diffusion.common.json.JsonMapper;
import dev.diffusion.common.messaging.EventKind;
import dev.diffusion.common.messaging.JobEvent;
import dev.diffusion.common.spec.TrainingSpec;
import dev.diffusion.common.storage.ObjectKeys;
import dev.diffusion.engine.train.Checkpoint;
import dev.diffusion.engine.train.CheckpointFiles;
import dev.diffusion.worker.cli.Console;
import dev.diffusion.worker.cli.WorkerCli;
import dev.diffusion.worker.testing.TestJobs;

import io.quarkus.test.junit.QuarkusTest;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/**
 * A training job and {@code worker train} share one training recipe: the same spec gives bit-identical
 * weights (trained and EMA) through the job service, with its Kafka dispatch and S3 upload, and through the
 * command line.
 */
@QuarkusTest
class OneTrainingRecipeTest extends JobServiceTestBase {

    private static final TrainingSpec SPEC = TestJobs.tinyShapes(5, 5, 5);

    @Test
    void aJobAndTheCommandLineTrainBitIdenticalWeights() throws Exception {
        UUID job = UUID.randomUUID();
        topics.dispatch(TestJobs.training(job, 1, SPEC, null));
        JobEvent end = topics.awaitEnd(job, 1, Duration.ofSeconds(120));
        assertThat(end.kind()).as("final event %s", end).isEqualTo(EventKind.SUCCEEDED);
        Path fromJob = folder.resolve("job-model.ckpt");
        store.download(end.model().bucket(), end.model().key(), fromJob);

        Path specFile = folder.resolve("spec.json");
        Files.write(specFile, JsonMapper.shared().writeValueAsBytes(SPEC));
        Path out = folder.resolve("cli-run");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(printed, true, StandardCharsets.UTF_8);
        int code = WorkerCli.execute(new Console(stream, stream, false),
                "train", "--spec", specFile.toString(), "--out", out.toString());
        assertThat(code).as("worker train printed:%n%s", printed.toString(StandardCharsets.UTF_8)).isZero();

        try (NDManager manager = NDManager.newBaseManager();
                Checkpoint a = CheckpointFiles.read(fromJob, manager);
                Checkpoint b = CheckpointFiles.read(out.resolve(ObjectKeys.MODEL_FILE), manager)) {
            assertThat(a.metadata().step()).isEqualTo(b.metadata().step()).isEqualTo(5);
            assertBitIdentical(a.model(), b.model());
            assertBitIdentical(a.ema(), b.ema());
        }
    }

    private static void assertBitIdentical(NDList a, NDList b) {
        assertThat(a).hasSameSizeAs(b);
        for (int i = 0; i < a.size(); i++) {
            NDArray x = a.get(i);
            NDArray y = b.get(i);
            assertThat(y.getName()).isEqualTo(x.getName());
            assertThat(y.getShape()).isEqualTo(x.getShape());
            assertThat(y.toByteArray()).as("tensor %s", x.getName()).isEqualTo(x.toByteArray());
        }
    }
}
