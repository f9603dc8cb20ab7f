package dev.diffusion.worker.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.diffusion.common.messaging.EventKind;
import dev.diffusion.common.messaging.JobEvent;
import dev.diffusion.common.spec.TrainingSpec;
import dev.diffusion.common.storage.ObjectKeys;
import dev.diffusion.engine.data.IdxDataset;
import dev.diffusion.engine.data.LabeledImageDataset;
import dev.diffusion.engine.data.ShapesDataset;
import dev.diffusion.worker.storage.FolderUpload;
import dev.diffusion.worker.storage.StoredObject;
import dev.diffusion.worker.testing.TestJobs;
import io.quarkus.test.junit.QuarkusTest;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Training on data sets that live in object storage: a built-in name and an s3:// folder of images. */
@QuarkusTest
class DatasetJobsTest extends JobServiceTestBase {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @Test
    void aBuiltInDataSetUploadedAsIdxFilesIsDownloadedAndTrainedOn() throws Exception {
        LabeledImageDataset digits = ShapesDataset.generate(64, 28, 1);
        Path idx = folder.resolve("idx");
        IdxDataset.writeFolder(digits, idx, true);
        List<StoredObject> uploaded = FolderUpload.upload(store, idx, ObjectKeys.DATASETS_BUCKET,
                ObjectKeys.datasetPrefix("mnist"));
        assertThat(uploaded).extracting(StoredObject::key).containsExactly("datasets/mnist/classes.txt",
                "datasets/mnist/images-idx3-ubyte.gz", "datasets/mnist/labels-idx1-ubyte.gz");

        JobEvent end = train("mnist", null);

        assertThat(end.kind()).as("final event %s", end).isEqualTo(EventKind.SUCCEEDED);
    }

    @Test
    void anObjectStoreFolderOfClassSubFoldersOfImagesIsTrainedOnAtTheSpecsSize() throws Exception {
        Path images = folder.resolve("images");
        for (String shape : List.of("dots", "bars")) {
            Files.createDirectories(images.resolve(shape));
            for (int i = 0; i < 3; i++) {
                BufferedImage picture = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
                picture.setRGB(i * 10, 5, shape.equals("dots") ? 0xFF0000 : 0x00FF00);
                ImageIO.write(picture, "png", images.resolve(shape).resolve(i + ".png").toFile());
            }
        }
        String prefix = ObjectKeys.tenantArea(TestJobs.TENANT) + "user-" + UUID.randomUUID() + "/";
        FolderUpload.upload(store, images, ObjectKeys.DATASETS_BUCKET, prefix);

        JobEvent end = train("s3://" + ObjectKeys.DATASETS_BUCKET + "/" + prefix, 16);

        assertThat(end.kind()).as("final event %s", end).isEqualTo(EventKind.SUCCEEDED);
    }

    private JobEvent train(String dataset, Integer imageSize) {
        TrainingSpec spec = TestJobs.trainingSpec("""
                {"dataset":"%s",%s"model":{"architecture":"context-unet","baseChannels":8,"numClasses":4},
                 "schedule":{"timesteps":20},"batchSize":4,"steps":2,"previewEvery":0,"seed":2}"""
                .formatted(dataset, imageSize == null ? "" : "\"imageSize\":" + imageSize + ","));
        UUID job = UUID.randomUUID();
        topics.dispatch(TestJobs.training(job, 1, spec, null));
        return topics.awaitEnd(job, 1, TIMEOUT);
    }
}
