/**
 * PyTorch state dicts for the networks: {@code .safetensors} and {@code .npz} readers and writers,
 * the mapping from DJL parameters to PyTorch names, and strict import/export with name and shape
 * checks.
 */
package dev.diffusion.engine.model.weights;
