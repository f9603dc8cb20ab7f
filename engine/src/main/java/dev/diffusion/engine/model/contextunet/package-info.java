/**
 * The ContextUnet of the DeepLearning.AI course "How Diffusion Models Work" and its parts:
 * ResidualConvBlock, UnetDown, UnetUp and EmbedFC, with child names equal to the PyTorch
 * attributes.
 */
package dev.diffusion.engine.model.contextunet;
