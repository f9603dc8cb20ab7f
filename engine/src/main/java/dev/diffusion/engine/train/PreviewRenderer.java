package dev.diffusion.engine.train;

import ai.djl.nn.Block;

import java.nio.file.Path;

/**
 * Draws a preview picture of what the network currently generates. Called between training steps
 * with the EMA weights swapped in, and with no gradient collector open.
 */
@FunctionalInterface
public interface PreviewRenderer {

    /**
     * Samples with the network and writes a picture.
     *
     * @param network the network with the weights to preview
     * @param file where to write the PNG
     * @throws Exception when sampling or writing fails
     */
    void render(Block network, Path file) throws Exception;
}
