package dev.diffusion.engine.train;

/**
 * Test helper: a two-class data set of 1-channel images, a horizontal bar (class 0) or a vertical
 * bar (class 1) at every position, in [−1, 1].
 */
final class BarImages implements TrainingImages {

    private final int size;

    BarImages(int size) {
        this.size = size;
    }

    @Override
    public int size() {
        return 2 * size;
    }

    @Override
    public int channels() {
        return 1;
    }

    @Override
    public int height() {
        return size;
    }

    @Override
    public int width() {
        return size;
    }

    @Override
    public int numClasses() {
        return 2;
    }

    @Override
    public int label(int index) {
        return index < size ? 0 : 1;
    }

    @Override
    public void copyImage(int index, boolean flip, float[] target, int offset) {
        int position = index % size;
        boolean horizontal = label(index) == 0;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int column = flip ? size - 1 - x : x;
                boolean on = horizontal ? y == position : column == position;
                target[offset + y * size + x] = on ? 1f : -1f;
            }
        }
    }
}
