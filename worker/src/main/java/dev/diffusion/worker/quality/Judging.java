package dev.diffusion.worker.quality;

import java.util.Locale;

/**
 * How a cell's samples were judged: everything its scores depend on besides its weights and the evaluator.
 *
 * @param imagesPerClass images sampled per class
 * @param samplerSteps DDIM steps
 * @param evaluationSeed image i starts from the noise of this seed + i
 * @param referenceImages held-out real images of the Fréchet distance
 */
public record Judging(int imagesPerClass, int samplerSteps, long evaluationSeed, long referenceImages) {

    /**
     * What the cells recorded before the judging was part of their provenance were judged with: the defaults of
     * {@code worker quality}, which no recorded study changed.
     */
    public static final Judging UNRECORDED = new Judging(20, 25, 1234, 1000);

    /** @return e.g. "20 images/class, DDIM 25, noise seed 1234, 1000 reference images" */
    public String describe() {
        return String.format(Locale.ROOT, "%d images/class, DDIM %d, noise seed %d, %d reference images",
                imagesPerClass, samplerSteps, evaluationSeed, referenceImages);
    }
}
