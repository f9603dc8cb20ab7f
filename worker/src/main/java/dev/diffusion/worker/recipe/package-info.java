/**
 * Where the job specs of {@code common} meet the engine: the mapping of effective specs to engine settings
 * ({@link dev.diffusion.worker.recipe.EngineSpecs}, {@link dev.diffusion.worker.recipe.Networks},
 * {@link dev.diffusion.worker.recipe.Samplers}), the one training recipe the job service and {@code worker train}
 * share ({@link dev.diffusion.worker.recipe.TrainingRecipe}), the data-set rules both apply
 * ({@link dev.diffusion.worker.recipe.DatasetRules}) and models loaded back from their files
 * ({@link dev.diffusion.worker.recipe.LoadedModel}).
 */
package dev.diffusion.worker.recipe;
