package dev.diffusion.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

class LabeledImageDatasetTest {

    /** Ten 1x2x3 images; image i has levels 10i + (0..5) and label i mod 3. */
    static LabeledImageDataset tenImages() {
        byte[] pixels = new byte[10 * 6];
        int[] labels = new int[10];
        for (int i = 0; i < 10; i++) {
            for (int p = 0; p < 6; p++) {
                pixels[i * 6 + p] = (byte) (10 * i + p);
            }
            labels[i] = i % 3;
        }
        return LabeledImageDataset.of(pixels, labels, 1, 2, 3, List.of("a", "b", "c"));
    }

    @Test
    void imagesMapFromLevelsToMinusOneOne() {
        LabeledImageDataset dataset = LabeledImageDataset.of(
                new byte[] {0, (byte) 255, 51, (byte) 128}, new int[] {0}, 1, 2, 2, List.of("only"));
        float[] image = dataset.image(0);
        assertThat(image[0]).isEqualTo(-1f);
        assertThat(image[1]).isEqualTo(1f);
        assertThat((double) image[2]).isCloseTo(51 / 255.0 * 2 - 1, within(1e-6));
        assertThat((double) image[3]).isCloseTo(128 / 255.0 * 2 - 1, within(1e-6));
    }

    @Test
    void unitFloatsAreQuantisedToLevels() {
        LabeledImageDataset dataset = LabeledImageDataset.ofUnitFloats(
                new float[] {0f, 1f, 0.5f, 0.2f}, new int[] {0}, 1, 1, 4, List.of("only"));
        assertThat(dataset.imageBytes(0)).containsExactly(0, (byte) 255, (byte) 128, 51);
        assertThatThrownBy(() -> LabeledImageDataset.ofUnitFloats(
                        new float[] {0f, 1.5f}, new int[] {0}, 1, 1, 2, List.of("only")))
                .hasMessageContaining("1.5 at index 1");
    }

    @Test
    void batchesAreNchwAndCanBeMirrored() {
        LabeledImageDataset dataset = tenImages();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray batch = dataset.toNDArray(manager, new int[] {2, 2}, new boolean[] {false, true});

            assertThat(batch.getShape()).isEqualTo(new Shape(2, 1, 2, 3));
            float[] values = batch.toFloatArray();
            float[] plain = dataset.image(2);
            for (int p = 0; p < 6; p++) {
                assertThat(values[p]).isEqualTo(plain[p]);
            }
            // mirrored rows: (20 21 22 | 23 24 25) becomes (22 21 20 | 25 24 23)
            int[] mirrored = {2, 1, 0, 5, 4, 3};
            for (int p = 0; p < 6; p++) {
                assertThat(values[6 + p]).isEqualTo(plain[mirrored[p]]);
            }
        }
    }

    @Test
    void accessorsCountClassesAndCopy() {
        LabeledImageDataset dataset = tenImages();
        assertThat(dataset.size()).isEqualTo(10);
        assertThat(dataset.numClasses()).isEqualTo(3);
        assertThat(dataset.classCounts()).containsExactly(4, 3, 3);
        assertThat(dataset.imageBytes(1)).containsExactly(10, 11, 12, 13, 14, 15);
        dataset.labels()[0] = 2;
        dataset.pixels()[0] = 99;
        assertThat(dataset.label(0)).isZero();
        assertThat(dataset.imageBytes(0)[0]).isZero();
        LabeledImageDataset subset = dataset.subset(new int[] {4, 1});
        assertThat(subset.labels()).containsExactly(1, 1);
        assertThat(subset.imageBytes(0)).containsExactly(dataset.imageBytes(4));
    }

    @Test
    void inconsistentInputIsRejected() {
        List<String> classes = List.of("a");
        assertThatThrownBy(() -> LabeledImageDataset.of(new byte[3], new int[] {0}, 1, 2, 2, classes))
                .hasMessageContaining("need 4 pixel values, got 3");
        assertThatThrownBy(() -> LabeledImageDataset.of(new byte[4], new int[] {1}, 1, 2, 2, classes))
                .hasMessageContaining("label 1 of image 0");
        assertThatThrownBy(() -> LabeledImageDataset.of(new byte[8], new int[] {0}, 2, 2, 2, classes))
                .hasMessageContaining("channels");
        assertThatThrownBy(() -> LabeledImageDataset.of(new byte[0], new int[0], 1, 2, 2, classes))
                .hasMessageContaining("at least one image");
        assertThatThrownBy(() -> tenImages().image(10)).hasMessageContaining("image index 10");
    }

    @Test
    void batchSamplerVisitsEveryImageOncePerEpoch() {
        LabeledImageDataset dataset = tenImages();
        BatchSampler sampler = new BatchSampler(dataset, 5, 42, false);
        try (NDManager manager = NDManager.newBaseManager()) {
            Set<Integer> firstEpoch = new HashSet<>();
            for (int b = 0; b < 2; b++) {
                BatchSampler.Batch batch = sampler.next(manager);
                for (int n = 0; n < 5; n++) {
                    firstEpoch.add(batch.indices()[n]);
                    assertThat(batch.labels()[n]).isEqualTo(dataset.label(batch.indices()[n]));
                }
                assertThat(batch.flipped()).containsOnly(false);
            }
            assertThat(firstEpoch).hasSize(10);
            assertThat(sampler.epoch()).isZero();
            sampler.next(manager);
            assertThat(sampler.epoch()).isEqualTo(1);
        }
    }

    @Test
    void batchSamplerIsDeterministicAndBatchesMaySpanEpochs() {
        LabeledImageDataset dataset = tenImages();
        BatchSampler a = new BatchSampler(dataset, 4, 7, true);
        BatchSampler b = new BatchSampler(dataset, 4, 7, true);
        BatchSampler other = new BatchSampler(dataset, 4, 8, true);
        try (NDManager manager = NDManager.newBaseManager()) {
            boolean anyFlipped = false;
            boolean differs = false;
            for (int i = 0; i < 5; i++) {
                BatchSampler.Batch first = a.next(manager);
                BatchSampler.Batch second = b.next(manager);
                BatchSampler.Batch third = other.next(manager);
                assertThat(first.indices()).containsExactly(second.indices());
                assertThat(first.flipped()).containsExactly(second.flipped());
                assertThat(first.images().toFloatArray()).containsExactly(second.images().toFloatArray());
                for (boolean flipped : first.flipped()) {
                    anyFlipped |= flipped;
                }
                differs |= !java.util.Arrays.equals(first.indices(), third.indices());
            }
            assertThat(anyFlipped).isTrue();
            assertThat(differs).isTrue();
            assertThat(a.epoch()).isEqualTo(1); // 20 images drawn from 10
        }
        assertThatThrownBy(() -> new BatchSampler(dataset, 0, 1, false)).hasMessageContaining("batch size");
    }
}
