/**
 * Measuring generated images: a small classifier trained on the real data set (the evaluator)
 * decides whether a conditional model drew the class it was asked for, and its penultimate
 * features give the Fréchet distance (Heusel et al. 2017) between generated and real held-out
 * images. The evaluator is trained once per data set, saved to one file and reused, so scores of
 * different runs on the same data set are comparable.
 *
 * <p>{@link dev.diffusion.engine.eval.FrechetDistance} and {@link
 * dev.diffusion.engine.eval.FeatureStatistics} work on host doubles (EJML for the symmetric
 * eigendecompositions); everything else runs on DJL like the rest of the engine.
 */
package dev.diffusion.engine.eval;
