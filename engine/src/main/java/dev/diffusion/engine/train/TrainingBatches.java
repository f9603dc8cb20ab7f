package dev.diffusion.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import dev.diffusion.engine.diffusion.ForwardProcess;

/**
 * Draws training batches as Algorithm 1 of Ho et al. 2020 does: images (flipped, their class dropped with the
 * settings' probability), timesteps t ~ U{0..T−1} and noise ε, every choice from the given {@link SeededRandom}.
 */
final class TrainingBatches {

    /**
     * One batch.
     *
     * @param x0 images [B, C, H, W]
     * @param t timesteps
     * @param tFloat the timesteps as a float array [B]
     * @param noise ε [B, C, H, W]
     * @param context one-hot classes [B, K] (all zero where the class was dropped; [B, 1] zeros when unconditional)
     * @param engineSeed seed of the engine's own random numbers for the step (dropout layers)
     */
    record Batch(NDArray x0, int[] t, NDArray tFloat, NDArray noise, NDArray context, int engineSeed) {}

    private final TrainingImages data;
    private final TrainerSettings settings;
    private final int timesteps;

    TrainingBatches(TrainingImages data, TrainerSettings settings, int timesteps) {
        this.data = data;
        this.settings = settings;
        this.timesteps = timesteps;
    }

    Batch draw(SeededRandom random, NDManager scope) {
        int b = settings.batchSize();
        int imageSize = data.channels() * data.height() * data.width();
        float[] pixels = new float[b * imageSize];
        int k = settings.numClasses();
        float[] context = new float[b * Math.max(1, k)];
        for (int i = 0; i < b; i++) {
            int index = random.nextInt(data.size());
            boolean flip = settings.horizontalFlip() && random.nextBoolean(0.5);
            data.copyImage(index, flip, pixels, i * imageSize);
            boolean keepContext = !random.nextBoolean(settings.conditionDropout());
            if (k > 0 && keepContext) {
                context[i * k + data.label(index)] = 1f;
            }
        }
        int[] t = new int[b];
        float[] tf = new float[b];
        for (int i = 0; i < b; i++) {
            t[i] = random.nextInt(timesteps);
            tf[i] = t[i];
        }
        float[] noise = random.gaussian(b * imageSize);
        int engineSeed = (int) (random.nextLong() >>> 33);
        Shape imageShape = new Shape(b, data.channels(), data.height(), data.width());
        return new Batch(
                scope.create(pixels, imageShape),
                t,
                scope.create(tf, new Shape(b)),
                scope.create(noise, imageShape),
                scope.create(context, new Shape(b, Math.max(1, k))),
                engineSeed);
    }

    /**
     * The network's inputs for a batch: (x_t, t, context), or (x_t, t) when unconditional.
     *
     * @param batch a batch
     * @param forward the forward process that noises it
     * @return the inputs
     */
    NDList networkInputs(Batch batch, ForwardProcess forward) {
        NDArray xt = forward.qSample(batch.x0(), batch.t(), batch.noise());
        return settings.numClasses() > 0 ? new NDList(xt, batch.tFloat(), batch.context()) : new NDList(xt, batch.tFloat());
    }
}
