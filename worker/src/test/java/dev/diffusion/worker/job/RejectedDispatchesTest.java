package dev.diffusion.worker.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.diffusion.common.messaging.DeadLetter;
import dev.diffusion.common.messaging.EventKind;
import dev.diffusion.common.messaging.JobError;
import dev.diffusion.common.messaging.JobEvent;
import dev.diffusion.common.messaging.ModelRef;
import dev.diffusion.common.messaging.Topics;
import dev.diffusion.common.spec.TrainingSpec;
import dev.diffusion.common.storage.ObjectKeys;
import dev.diffusion.worker.testing.TestJobs;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Dispatches that must fail permanently, be skipped, or be dead-lettered. */
@QuarkusTest
class RejectedDispatchesTest extends JobServiceTestBase {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void aBuiltInDataSetThatWasNeverImportedFailsPermanentlySayingHowToImportIt() {
        JobError error = failureOf(withDataset("fashion-mnist"));

        assertThat(error.code()).isEqualTo(JobFailure.DATASET_NOT_FOUND);
        assertThat(error.retryable()).isFalse();
        assertThat(error.message()).contains("fashion-mnist").contains("import-dataset fashion-mnist --upload");
    }

    @Test
    void aMissingObjectStoreDataSetFailsPermanently() {
        JobError error = failureOf(withDataset(TestJobs.datasetInTenantArea("nothing-" + UUID.randomUUID())));

        assertThat(error.code()).isEqualTo(JobFailure.DATASET_NOT_FOUND);
        assertThat(error.retryable()).isFalse();
        assertThat(error.message()).contains("no objects under " + "s3://" + ObjectKeys.DATASETS_BUCKET + "/" + ObjectKeys.tenantArea(TestJobs.TENANT) + "nothing-");
    }

    @Test
    void aCorruptIdxDataSetFailsPermanentlyNamingTheFile() throws Exception {
        String prefix = ObjectKeys.tenantArea(TestJobs.TENANT) + "corrupt-" + UUID.randomUUID() + "/";
        Path garbage = Files.writeString(folder.resolve("images"), "this is not an IDX file");
        store.upload(ObjectKeys.DATASETS_BUCKET, prefix + "images-idx3-ubyte", garbage, "application/octet-stream");
        store.upload(ObjectKeys.DATASETS_BUCKET, prefix + "labels-idx1-ubyte", garbage, "application/octet-stream");

        JobError error = failureOf(withDataset("s3://" + ObjectKeys.DATASETS_BUCKET + "/" + prefix));

        assertThat(error.code()).isEqualTo(JobFailure.INVALID_DATASET);
        assertThat(error.retryable()).isFalse();
        assertThat(error.message()).contains("images-idx3-ubyte");
    }

    @Test
    void fewerModelClassesThanTheDataSetHasFailPermanently() {
        TrainingSpec twoClasses = TestJobs.trainingSpec("""
                {"dataset":"shapes","model":{"architecture":"context-unet","baseChannels":8,"numClasses":2},
                 "schedule":{"timesteps":50},"batchSize":4,"steps":2,"seed":1}""");

        JobError error = failureOf(twoClasses);

        assertThat(error.code()).isEqualTo(JobFailure.INVALID_SPEC);
        assertThat(error.retryable()).isFalse();
        assertThat(error.message()).isEqualTo("the data set shapes has 4 classes but model.numClasses is 2");
    }

    @Test
    void generationWithAModelThatIsNotInStorageFailsPermanently() {
        UUID job = UUID.randomUUID();
        UUID modelId = UUID.randomUUID();
        ModelRef missing = new ModelRef(modelId, ObjectKeys.MODELS_BUCKET, ObjectKeys.model(modelId));
        topics.dispatch(TestJobs.generation(job, missing, TestJobs.generationSpec("{\"modelId\":\"" + modelId + "\"}", 50)));

        JobEvent end = topics.awaitEnd(job, 1, TIMEOUT);

        assertThat(end.kind()).isEqualTo(EventKind.FAILED);
        assertThat(end.error().code()).isEqualTo(JobFailure.MODEL_NOT_FOUND);
        assertThat(end.error().retryable()).isFalse();
        assertThat(end.error().message()).contains(modelId.toString()).contains("does not exist");
    }

    @Test
    void anUnreadableDispatchIsDeadLetteredAndTheNextOneOnItsPartitionStillRuns() {
        UUID job = UUID.randomUUID();

        topics.send(Topics.JOBS, job.toString(), "{\"jobId\": \"not json");
        topics.dispatch(TestJobs.training(job, 1, withDataset(TestJobs.datasetInTenantArea("none")), null));

        DeadLetter letter = topics.awaitDeadLetter(d -> job.toString().equals(d.key()), TIMEOUT);
        assertThat(letter.sourceTopic()).isEqualTo(Topics.JOBS);
        assertThat(letter.payload()).isEqualTo("{\"jobId\": \"not json");
        assertThat(letter.consumer()).isEqualTo(service.workerId());
        assertThat(letter.reason()).contains("JobDispatch");
        assertThat(topics.awaitEnd(job, 1, TIMEOUT).kind()).isEqualTo(EventKind.FAILED);
    }

    @Test
    void aDispatchOfAnOlderAttemptThanOneAlreadySeenIsSkipped() {
        UUID job = UUID.randomUUID();
        TrainingSpec failsFast = withDataset(TestJobs.datasetInTenantArea("none"));

        topics.dispatch(TestJobs.training(job, 2, failsFast, null));
        topics.dispatch(TestJobs.training(job, 1, failsFast, null));
        topics.dispatch(TestJobs.training(job, 3, failsFast, null));

        topics.awaitEnd(job, 3, TIMEOUT);
        assertThat(topics.events(job)).extracting(JobEvent::attempt).containsOnly(2, 3);
    }

    @Test
    void aDispatchOfACancelledJobIsSkipped() {
        UUID job = UUID.randomUUID();
        TrainingSpec failsFast = withDataset(TestJobs.datasetInTenantArea("none"));
        topics.control(TestJobs.cancel(job, 1));
        org.awaitility.Awaitility.await().atMost(TIMEOUT).until(service::isListeningForControl);

        topics.dispatch(TestJobs.training(job, 1, failsFast, null));
        topics.dispatch(TestJobs.training(job, 2, failsFast, null));

        topics.awaitEnd(job, 2, TIMEOUT);
        assertThat(topics.events(job)).extracting(JobEvent::attempt).containsOnly(2);
    }

    @Test
    void anImageWhoseHeaderClaimsTooManyPixelsFailsPermanentlyNamingTheFileWithoutDecodingIt() throws Exception {
        String prefix = ObjectKeys.tenantArea(TestJobs.TENANT) + "bomb-" + UUID.randomUUID() + "/";
        Path png = folder.resolve("huge.png");
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_BYTE_GRAY),
                "png", png.toFile());
        Files.write(png, withPngSize(Files.readAllBytes(png), 60_000, 60_000));
        store.upload(ObjectKeys.DATASETS_BUCKET, prefix + "digits/huge.png", png, "image/png");

        JobError error = failureOf(withDataset("s3://" + ObjectKeys.DATASETS_BUCKET + "/" + prefix));

        assertThat(error.code()).isEqualTo(JobFailure.INVALID_DATASET);
        assertThat(error.retryable()).isFalse();
        assertThat(error.message()).contains("digits/huge.png").contains("60000x60000")
                .contains("more than the limit of 16777216 pixels per image");
    }

    @Test
    void aDispatchedDataSetNameThatWouldLeaveTheCacheFailsPermanently() {
        JobError error = failureOf(withDataset("s3://" + ObjectKeys.DATASETS_BUCKET + "/a/../../../tmp"));

        assertThat(error.code()).isEqualTo(JobFailure.INVALID_SPEC);
        assertThat(error.retryable()).isFalse();
        assertThat(error.message()).contains("dataset").contains("'..' segments");
    }

    @Test
    void aDispatchedScheduleThatUnderflowsFloat32FailsPermanentlyStatingTheValue() {
        TrainingSpec underflow = TestJobs.trainingSpec("""
                {"dataset":"shapes","model":{"architecture":"context-unet","baseChannels":8,"numClasses":4},
                 "schedule":{"timesteps":1000,"betaEnd":0.35},"batchSize":4,"steps":2,"seed":1}""");

        JobError error = failureOf(underflow);

        assertThat(error.code()).isEqualTo(JobFailure.INVALID_SPEC);
        assertThat(error.message()).contains("schedule.betaEnd").contains("final ᾱ").contains("float32");
    }

    @Test
    void aTrainingBatchTooLargeForTheWorkersMemoryFailsBeforeTrainingNamingTheBatchThatFits() {
        // ~450 GB of activations: more than any machine this runs on has free
        TrainingSpec huge = TestJobs.trainingSpec("""
                {"dataset":"shapes","imageSize":128,"channels":1,"model":{"architecture":"ddpm-unet","baseChannels":128,
                 "channelMultipliers":[1,1,2,2],"attentionResolutions":[16],"numClasses":4},"batchSize":1024,
                 "steps":2,"seed":1}""");

        JobError error = failureOf(huge);

        assertThat(error.code()).isEqualTo(JobFailure.OUT_OF_MEMORY);
        assertThat(error.retryable()).isFalse();
        assertThat(error.message()).contains("training needs about").contains("GiB").contains("this worker has free")
                .containsPattern("use a batchSize of at most [0-9]+");
        assertThat(service.isListeningForControl()).isTrue();
    }

    @Test
    void aModelTooLargeForTheWorkersMemoryFailsBeforeTrainingNamingTheModel() {
        // about 4 G parameters: their weights, gradients and Adam moments alone exceed the machine
        TrainingSpec huge = TestJobs.trainingSpec("""
                {"dataset":"shapes","imageSize":16,"channels":1,"model":{"architecture":"ddpm-unet","baseChannels":512,
                 "channelMultipliers":[1,8,8],"blocksPerLevel":4,"numClasses":4},"batchSize":1,"steps":2,"seed":1}""");

        JobError error = failureOf(huge);

        assertThat(error.code()).isEqualTo(JobFailure.OUT_OF_MEMORY);
        assertThat(error.message()).contains("not even one image fits").contains("smaller model");
    }

    /** The PNG with another width and height in its IHDR chunk (and the chunk's CRC fixed). */
    private static byte[] withPngSize(byte[] png, int width, int height) {
        java.nio.ByteBuffer.wrap(png).putInt(16, width).putInt(20, height);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(png, 12, 17);
        java.nio.ByteBuffer.wrap(png).putInt(29, (int) crc.getValue());
        return png;
    }

    private JobError failureOf(TrainingSpec spec) {
        UUID job = UUID.randomUUID();
        topics.dispatch(TestJobs.training(job, 1, spec, null));
        JobEvent end = topics.awaitEnd(job, 1, TIMEOUT);
        assertThat(end.kind()).as("final event %s", end).isEqualTo(EventKind.FAILED);
        assertThat(topics.events(job).get(0).kind()).isEqualTo(EventKind.STARTED);
        return end.error();
    }

    private static TrainingSpec withDataset(String dataset) {
        return TestJobs.trainingSpec("""
                {"dataset":"%s","imageSize":16,"channels":1,"model":{"architecture":"context-unet","baseChannels":8,
                 "numClasses":4},"schedule":{"timesteps":50},"batchSize":4,"steps":2,"seed":1}""".formatted(dataset));
    }
}
