package dev.diffusion.engine.testing;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/** Decodes the PNG and GIF files jobs produce. */
public final class Images {

    private Images() {
    }

    public static BufferedImage png(Path file) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        if (image == null) {
            throw new IOException(file + " is not a readable image");
        }
        return image;
    }

    /** Number of frames of an animated GIF. */
    public static int gifFrames(Path file) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
            try {
                reader.setInput(in);
                return reader.getNumImages(true);
            } finally {
                reader.dispose();
            }
        }
    }

    /** The side of a grid of {@code count} images of {@code size} pixels: cells plus 2-pixel padding around each. */
    public static int gridSide(int count, int size, int padding) {
        return count * size + (count + 1) * padding;
    }
}
