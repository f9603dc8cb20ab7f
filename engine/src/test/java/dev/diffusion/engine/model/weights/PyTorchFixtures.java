package dev.diffusion.engine.model.weights;

import ai.djl.nn.Block;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * The PyTorch fixtures written by {@code engine/src/test/python/make_model_fixtures.py} and {@code
 * make_gradient_fixtures.py}, named after the network: {@code <name>.safetensors} (or {@code .npz})
 * weights, {@code <name>.io.npz} inputs and outputs, {@code <name>.grad.npz} parameter gradients.
 */
final class PyTorchFixtures {

    private PyTorchFixtures() {}

    /** The path of a fixture file. */
    static Path fixture(String file) throws URISyntaxException {
        return Path.of(PyTorchFixtures.class.getResource("/dev/diffusion/engine/model/pytorch/" + file).toURI());
    }

    /** Reads a fixture archive. */
    static StateDict read(String file) throws IOException, URISyntaxException {
        return Npz.read(fixture(file));
    }

    /** Loads a fixture's weights into an initialised network; the DDPM U-Net's come as .npz. */
    static void loadWeights(Block network, String name) throws IOException, URISyntaxException {
        WeightFiles.load(network, fixture(name + (name.startsWith("ddpm") ? ".npz" : ".safetensors")));
    }
}
