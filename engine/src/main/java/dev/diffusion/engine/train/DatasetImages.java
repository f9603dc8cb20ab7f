package dev.diffusion.engine.train;

import dev.diffusion.engine.data.LabeledImageDataset;

/** A {@link LabeledImageDataset} as the trainer's {@link TrainingImages}. */
public final class DatasetImages implements TrainingImages {

    private final LabeledImageDataset dataset;

    /**
     * Wraps a data set.
     *
     * @param dataset the images
     */
    public DatasetImages(LabeledImageDataset dataset) {
        if (dataset.size() < 1) {
            throw new IllegalArgumentException("the data set has no images");
        }
        this.dataset = dataset;
    }

    /**
     * The wrapped data set.
     *
     * @return the data set
     */
    public LabeledImageDataset dataset() {
        return dataset;
    }

    @Override
    public int size() {
        return dataset.size();
    }

    @Override
    public int channels() {
        return dataset.channels();
    }

    @Override
    public int height() {
        return dataset.height();
    }

    @Override
    public int width() {
        return dataset.width();
    }

    @Override
    public int numClasses() {
        return dataset.numClasses();
    }

    @Override
    public int label(int index) {
        return dataset.label(index);
    }

    @Override
    public void copyImage(int index, boolean flip, float[] target, int offset) {
        float[] image = dataset.image(index);
        if (!flip) {
            System.arraycopy(image, 0, target, offset, image.length);
            return;
        }
        int w = dataset.width();
        int rows = image.length / w;
        for (int row = 0; row < rows; row++) {
            int base = row * w;
            for (int x = 0; x < w; x++) {
                target[offset + base + x] = image[base + w - 1 - x];
            }
        }
    }
}
