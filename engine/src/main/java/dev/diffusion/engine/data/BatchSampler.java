package dev.diffusion.engine.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.util.SplittableRandom;

/**
 * Draws training batches from a {@link LabeledImageDataset}, deterministically from a seed.
 *
 * <p>Sampling is by epoch shuffles without replacement: the images are visited in a random
 * permutation; when it is used up a new permutation starts (a batch may span two epochs), so every
 * image is seen once per epoch. With random flipping each drawn image is mirrored left-to-right
 * with probability ½ (DDPM's CIFAR-10 augmentation, also in "The Annotated Diffusion Model"). All
 * randomness comes from one {@link SplittableRandom}, so equal seeds give equal batch sequences.
 *
 * <p>Not thread-safe; one sampler per training loop.
 */
public final class BatchSampler {

    private final LabeledImageDataset dataset;
    private final int batchSize;
    private final boolean randomFlip;
    private final SplittableRandom random;
    private final int[] order;
    private int position;
    private int epoch;

    /**
     * Creates a sampler.
     *
     * @param dataset the images
     * @param batchSize images per batch, positive
     * @param seed the seed of the shuffles and flips
     * @param randomFlip whether to mirror images at random
     */
    public BatchSampler(LabeledImageDataset dataset, int batchSize, long seed, boolean randomFlip) {
        if (dataset == null) {
            throw new IllegalArgumentException("dataset must not be null");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        this.dataset = dataset;
        this.batchSize = batchSize;
        this.randomFlip = randomFlip;
        this.random = new SplittableRandom(seed);
        this.order = new int[dataset.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        shuffle();
    }

    /** @return completed passes over the data (0 during the first) */
    public int epoch() {
        return epoch;
    }

    /** @return the batch size */
    public int batchSize() {
        return batchSize;
    }

    /**
     * Draws the next batch.
     *
     * @param manager where to create the image array
     * @return images [B, C, H, W] in [−1, 1] with their labels
     */
    public Batch next(NDManager manager) {
        int[] indices = new int[batchSize];
        boolean[] flip = new boolean[batchSize];
        for (int n = 0; n < batchSize; n++) {
            if (position == order.length) {
                epoch++;
                shuffle();
            }
            indices[n] = order[position++];
            flip[n] = randomFlip && random.nextBoolean();
        }
        int[] labels = new int[batchSize];
        for (int n = 0; n < batchSize; n++) {
            labels[n] = dataset.label(indices[n]);
        }
        return new Batch(dataset.toNDArray(manager, indices, flip), labels, indices, flip);
    }

    private void shuffle() {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        position = 0;
    }

    /**
     * One batch.
     *
     * @param images float32 [B, C, H, W] in [−1, 1]
     * @param labels the class of each image
     * @param indices which data-set images were drawn
     * @param flipped which of them were mirrored
     */
    public record Batch(NDArray images, int[] labels, int[] indices, boolean[] flipped) {}
}
