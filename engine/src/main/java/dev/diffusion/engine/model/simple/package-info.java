/** The SimpleUnet of seed 004: BatchNorm blocks with a time MLP and transposed-conv up-sampling. */
package dev.diffusion.engine.model.simple;
