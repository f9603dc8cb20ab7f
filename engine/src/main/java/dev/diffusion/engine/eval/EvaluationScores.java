package dev.diffusion.engine.eval;

/**
 * The scores of a set of generated images.
 *
 * @param accuracy how often they show the requested class, overall and per class
 * @param frechetDistance the Fréchet distance between their features and those of the real
 *     held-out images, in the evaluator's feature space (0 = same statistics; lower is better)
 * @param images how many generated images were scored
 * @param referenceImages how many real images the reference statistics summarise
 */
public record EvaluationScores(
        ConditionalAccuracy accuracy, double frechetDistance, int images, long referenceImages) {}
