/**
 * Job specifications shared by the api and the worker: {@link dev.diffusion.common.spec.TrainingSpec}
 * and {@link dev.diffusion.common.spec.GenerationSpec}, their defaults ({@code withDefaults()}) and
 * their validation ({@link dev.diffusion.common.spec.SpecValidator}) with field-level errors.
 *
 * <p>Every field of a spec is nullable on the wire; {@code withDefaults()} returns the effective spec
 * with every field filled, which is what the api stores and the worker runs.
 */
package dev.diffusion.common.spec;
