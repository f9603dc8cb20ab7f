/**
 * Where the job specs of {@code common} meet the engine: the mapping of effective specs to engine settings
 * ({@link dev.diffusion.worker.recipe.EngineSpecs}, {@link dev.diffusion.worker.recipe.Networks},
 * {@link dev.diffusion.worker.recipe.Samplers}), the one training recipe the job service and {@code worker train}
 * share ({@link dev.diffusion.worker.recipe.TrainingRecipe}), the data-set rules both apply
 * ({@link dev.diffusion.worker.recipe.DatasetRules}), models loaded back from their files
 * ({@link dev.diffusion.worker.recipe.LoadedModel}), how models are scored ({@link
 * dev.diffusion.worker.recipe.EvaluationRecipe}) and a training's quality by step ({@link
 * dev.diffusion.worker.recipe.TrainingEvaluation}, {@link dev.diffusion.worker.recipe.QualityCurve}).
 */
package dev.diffusion.worker.recipe;
