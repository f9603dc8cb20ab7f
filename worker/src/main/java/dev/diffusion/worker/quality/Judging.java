package dev.diffusion.worker.quality;

import java.util.Locale;

/**
 * How a cell's samples were judged: everything its scores depend on besides its weights and the evaluator.
 *
 * @param imagesPerClass images sampled per class
 * @param samplerSteps DDIM steps
 * @param evaluationSeed image i starts from the noise of this seed + i
 * @param referenceImages held-out real images of the Fréchet distance
 * @param clipDenoised whether DDIM clipped the predicted x0; null in cells recorded before it was part of the
 *     judging, which were sampled as their recipe says
 */
public record Judging(int imagesPerClass, int samplerSteps, long evaluationSeed, long referenceImages,
                      Boolean clipDenoised) {

    /**
     * What the cells recorded before the judging was part of their provenance were judged with: the defaults of
     * {@code worker quality}, which no recorded study changed.
     */
    public static final Judging UNRECORDED = new Judging(20, 25, 1234, 1000, null);

    /**
     * Whether a cell judged so was judged as one judged {@code other} would be. A clipping that was not recorded is
     * the recipe's, so it agrees with any for the cell's own recipe: a named recipe's clipping has changed only with
     * its training spec (DDIM's default, 2026-12-05), and a cell of an older spec is stale anyway. Between cells of
     * different recipes it must be recorded ({@link #sameForAnyRecipe}).
     *
     * @param other the judging expected now
     * @return whether the scores would be the same
     */
    public boolean sameAs(Judging other) {
        return sameCounts(other) && (clipDenoised == null || other.clipDenoised == null
                || clipDenoised.equals(other.clipDenoised));
    }

    /**
     * Whether a cell judged so was judged as one of another recipe judged {@code other} would be: everything
     * recorded and equal.
     *
     * @param other the judging expected now
     * @return whether the scores would be the same
     */
    public boolean sameForAnyRecipe(Judging other) {
        return sameCounts(other) && clipDenoised != null && clipDenoised.equals(other.clipDenoised);
    }

    private boolean sameCounts(Judging other) {
        return imagesPerClass == other.imagesPerClass && samplerSteps == other.samplerSteps
                && evaluationSeed == other.evaluationSeed && referenceImages == other.referenceImages;
    }

    /**
     * This judging with the clipping recorded, where it was not.
     *
     * @param clip the recipe's clipping
     * @return the judging with {@code clipDenoised} set
     */
    public Judging withClipping(boolean clip) {
        return clipDenoised != null ? this
                : new Judging(imagesPerClass, samplerSteps, evaluationSeed, referenceImages, clip);
    }

    /** @return e.g. "20 images/class, DDIM 25 unclipped, noise seed 1234, 1000 reference images" */
    public String describe() {
        return String.format(Locale.ROOT, "%d images/class, DDIM %d%s, noise seed %d, %d reference images",
                imagesPerClass, samplerSteps, clipDenoised == null ? "" : clipDenoised ? " clipping x0" : " unclipped",
                evaluationSeed, referenceImages);
    }
}
