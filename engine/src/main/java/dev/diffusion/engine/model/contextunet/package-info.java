/**
 * The DeepLearning.AI course's ContextUnet (seed 003) and its parts: ResidualConvBlock, UnetDown,
 * UnetUp and EmbedFC, with child names equal to the PyTorch attributes.
 */
package dev.diffusion.engine.model.contextunet;
