package dev.diffusion.engine.render;

/**
 * How images are tiled into a grid: {@code columns} per row, {@code padding} pixels between images
 * and around the border (as torchvision's {@code make_grid}), filled with {@code padValue} given in
 * the images' own [−1, 1] scale (−1 black, 1 white).
 *
 * @param columns images per row, positive; fewer images use fewer columns
 * @param padding pixels between and around images, non-negative
 * @param padValue fill of the padding and of empty cells, in [−1, 1]
 */
public record GridLayout(int columns, int padding, float padValue) {

    /** Validates the layout. */
    public GridLayout {
        if (columns < 1) {
            throw new IllegalArgumentException("grid columns must be positive, got " + columns);
        }
        if (padding < 0) {
            throw new IllegalArgumentException("grid padding must not be negative, got " + padding);
        }
        if (!(padValue >= -1f && padValue <= 1f)) {
            throw new IllegalArgumentException("pad value must be in [-1, 1], got " + padValue);
        }
    }

    /**
     * A layout with white 2-pixel padding.
     *
     * @param columns images per row
     * @return the layout
     */
    public static GridLayout ofColumns(int columns) {
        return new GridLayout(columns, 2, 1f);
    }

    /**
     * A roughly square layout with white 2-pixel padding: ⌈√n⌉ columns.
     *
     * @param count number of images
     * @return the layout
     */
    public static GridLayout square(int count) {
        return ofColumns(Math.max(1, (int) Math.ceil(Math.sqrt(count))));
    }
}
