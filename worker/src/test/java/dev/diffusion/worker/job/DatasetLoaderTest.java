package dev.diffusion.worker.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.diffusion.common.spec.TrainingSpec;
import dev.diffusion.common.storage.DatasetScope;
import dev.diffusion.common.storage.ObjectKeys;
import dev.diffusion.deploy.infra.S3Server;
import dev.diffusion.deploy.infra.SharedInfrastructure;
import dev.diffusion.worker.config.WorkerConfig;
import dev.diffusion.worker.storage.FolderUpload;
import dev.diffusion.worker.storage.ObjectStore;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's data set within the worker's limits, against the real S3 server: each limit and each name that
 * would leave the cache fails the job permanently with a reason that names the file or the limit.
 */
class DatasetLoaderTest {

    private static ObjectStore store;

    @TempDir
    Path folder;

    @BeforeAll
    static void connect() {
        S3Server s3 = SharedInfrastructure.get().s3();
        store = ObjectStore.connect(s3.endpoint(), s3.accessKey(), s3.secretKey(), s3.region());
    }

    private static WorkerConfig.Datasets limits(long maxBytes, int maxImages, long maxPixels) {
        return new WorkerConfig.Datasets() {
            @Override
            public long maxDownloadBytes() {
                return maxBytes;
            }

            @Override
            public int maxImages() {
                return maxImages;
            }

            @Override
            public long maxPixelsPerImage() {
                return maxPixels;
            }
        };
    }

    private static final UUID TENANT = UUID.randomUUID();
    private static final DatasetScope SCOPE = DatasetScope.of(ObjectKeys.DATASETS_BUCKET, ObjectKeys.tenantArea(TENANT),
            List.of());

    private DatasetLoader loader(WorkerConfig.Datasets limits) {
        return new DatasetLoader(store, ObjectKeys.DATASETS_BUCKET, folder.resolve("cache"), limits, SCOPE);
    }

    /** Uploads a folder of two classes of {@code perClass} images of {@code side}×{@code side}; returns its s3:// name. */
    private String uploadImages(int perClass, int side) throws Exception {
        Path images = folder.resolve("upload-" + UUID.randomUUID());
        for (String shape : new String[] {"dots", "bars"}) {
            Files.createDirectories(images.resolve(shape));
            for (int i = 0; i < perClass; i++) {
                BufferedImage picture = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
                picture.setRGB(i % side, 1, 0xFF0000);
                ImageIO.write(picture, "png", images.resolve(shape).resolve(i + ".png").toFile());
            }
        }
        String prefix = ObjectKeys.tenantArea(TENANT) + "limits-" + UUID.randomUUID() + "/";
        FolderUpload.upload(store, images, ObjectKeys.DATASETS_BUCKET, prefix);
        return "s3://" + ObjectKeys.DATASETS_BUCKET + "/" + prefix;
    }

    private static TrainingSpec spec(String dataset) {
        return TrainingSpec.of(dataset).withDefaults();
    }

    @Test
    void a_data_set_within_the_limits_loads() throws Exception {
        String dataset = uploadImages(2, 8);

        assertThat(loader(limits(1_000_000, 10, 64)).load(spec(dataset)).size()).isEqualTo(4);
    }

    @Test
    void more_bytes_than_the_download_limit_fail_before_any_download() throws Exception {
        String dataset = uploadImages(2, 8);

        assertThatThrownBy(() -> loader(limits(100, 10, 64)).load(spec(dataset)))
                .isInstanceOfSatisfying(JobFailure.class, f -> assertThat(f.code()).isEqualTo(JobFailure.INVALID_DATASET))
                .hasMessageContaining("more than the limit of 100 bytes (diffusion.datasets.max-download-bytes)");
        assertThat(folder.resolve("cache/datasets/" + ObjectKeys.DATASETS_BUCKET)).doesNotExist();
    }

    @Test
    void more_images_than_the_limit_fail_naming_the_limit() throws Exception {
        String dataset = uploadImages(3, 8);

        assertThatThrownBy(() -> loader(limits(1_000_000, 4, 64)).load(spec(dataset)))
                .isInstanceOfSatisfying(JobFailure.class, f -> assertThat(f.code()).isEqualTo(JobFailure.INVALID_DATASET))
                .hasMessageContaining("6 objects")
                .hasMessageContaining("more than the limit of 4 (diffusion.datasets.max-images)");
    }

    @Test
    void an_image_over_the_pixel_limit_fails_naming_the_file() throws Exception {
        String dataset = uploadImages(1, 16);

        assertThatThrownBy(() -> loader(limits(1_000_000, 10, 100)).load(spec(dataset)))
                .isInstanceOfSatisfying(JobFailure.class, f -> assertThat(f.code()).isEqualTo(JobFailure.INVALID_DATASET))
                .hasMessageContaining("bars/0.png")
                .hasMessageContaining("is 16x16 = 256 pixels, more than the limit of 100 pixels per image");
    }

    @Test
    void a_name_that_would_leave_the_cache_fails_before_storage_is_asked() {
        assertThatThrownBy(() -> loader(limits(1_000_000, 10, 64)).load(spec("s3://bucket/a/../../../etc")))
                .isInstanceOfSatisfying(JobFailure.class, f -> assertThat(f.code()).isEqualTo(JobFailure.INVALID_SPEC))
                .hasMessageContaining("'..' segments");
        DatasetLoader escaping = new DatasetLoader(store, "..", folder.resolve("cache"), limits(1_000_000, 10, 64), SCOPE);
        assertThatThrownBy(() -> escaping.load(spec("mnist")))
                .isInstanceOfSatisfying(JobFailure.class, f -> assertThat(f.code()).isEqualTo(JobFailure.INVALID_SPEC))
                .hasMessageContaining("would be cached outside the worker's data-set cache");
    }

    @Test
    void a_data_set_outside_the_dispatch_scope_fails_before_storage_is_asked() throws Exception {
        String own = uploadImages(1, 8);
        String othersTenant = own.replace(TENANT.toString(), UUID.randomUUID().toString());

        assertThatThrownBy(() -> loader(limits(1_000_000, 10, 64)).load(spec(othersTenant)))
                .isInstanceOfSatisfying(JobFailure.class, f -> assertThat(f.code()).isEqualTo(JobFailure.INVALID_SPEC))
                .hasMessageContaining("lies outside the locations this job may read")
                .hasMessageContaining(SCOPE.locations().get(0));
        assertThatThrownBy(() -> loader(limits(1_000_000, 10, 64)).load(spec("s3://another-bucket/images/")))
                .hasMessageContaining("lies outside the locations this job may read");
        DatasetLoader unscoped = new DatasetLoader(store, ObjectKeys.DATASETS_BUCKET, folder.resolve("cache"),
                limits(1_000_000, 10, 64), null);
        assertThatThrownBy(() -> unscoped.load(spec(own)))
                .isInstanceOfSatisfying(JobFailure.class, f -> assertThat(f.code()).isEqualTo(JobFailure.INVALID_SPEC))
                .hasMessageContaining("its dispatch names none");
        assertThat(folder.resolve("cache/datasets/" + ObjectKeys.DATASETS_BUCKET)).doesNotExist();
    }
}
