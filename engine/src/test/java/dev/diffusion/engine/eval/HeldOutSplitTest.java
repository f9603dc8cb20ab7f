package dev.diffusion.engine.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.diffusion.engine.data.LabeledImageDataset;
import dev.diffusion.engine.data.ShapesDataset;
import java.util.Arrays;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class HeldOutSplitTest {

    @Test
    void trainingAndHeldOutPartitionTheImagesAboutFiveToOne() {
        LabeledImageDataset data = ShapesDataset.generate(6000, 8, 1);
        HeldOutSplit split = HeldOutSplit.of(data);
        int[] training = split.trainingIndices();
        int[] heldOut = split.heldOutIndices();
        assertThat(IntStream.concat(Arrays.stream(training), Arrays.stream(heldOut)).sorted().toArray())
                .containsExactly(IntStream.range(0, 6000).toArray());
        // 1,000 expected, standard deviation 29
        assertThat(heldOut.length).isBetween(900, 1100);
        for (int count : split.heldOut().classCounts()) {
            assertThat(count).isBetween(200, 300);
        }
        assertThat(split.training().size()).isEqualTo(training.length);
    }

    @Test
    void anImageIsHeldOutByItsIndexAloneSoALargerSetKeepsTheOldSplit() {
        int[] small = HeldOutSplit.of(ShapesDataset.generate(300, 8, 1)).heldOutIndices();
        int[] large = HeldOutSplit.of(ShapesDataset.generate(900, 8, 2)).heldOutIndices();
        assertThat(Arrays.copyOf(large, small.length)).containsExactly(small);
        for (int i : small) {
            assertThat(HeldOutSplit.isHeldOut(i)).isTrue();
        }
    }

    @Test
    void aSetTooSmallToSplitIsRejected() {
        assertThatThrownBy(() -> HeldOutSplit.of(ShapesDataset.generate(1, 8, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs more images");
    }
}
