package dev.diffusion.worker.recipe;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

import dev.diffusion.common.spec.ModelSpec;
import dev.diffusion.common.spec.Architecture;
import dev.diffusion.common.spec.EffectiveTrainingSpec;
import dev.diffusion.common.spec.NormType;
import dev.diffusion.common.spec.TrainingSpec;
import dev.diffusion.engine.model.NetworkArchitecture;
import dev.diffusion.engine.model.NetworkSpec;
import dev.diffusion.engine.model.NoisePredictor;
import dev.diffusion.engine.model.NoisePredictors;
import dev.diffusion.engine.model.PyTorchDefaultInit;
import dev.diffusion.engine.model.contextunet.ResidualNorm;

/** Builds the network a training spec describes, initialised reproducibly. */
public final class Networks {

    private Networks() {}

    /**
     * The model factory's parameters for an effective training spec.
     *
     * @param effective the resolved spec
     * @return the network parameters
     */
    public static NetworkSpec networkSpec(EffectiveTrainingSpec effective) {
        TrainingSpec spec = effective.spec();
        ModelSpec m = spec.model();
        return new NetworkSpec(
                architecture(m.architecture()),
                spec.channels(),
                spec.imageSize(),
                m.baseChannels(),
                m.channelMultipliers(),
                m.blocksPerLevel(),
                m.attentionResolutions(),
                m.dropout().floatValue(),
                m.numClasses(),
                spec.schedule().timesteps(),
                residualNorm(m.norm()));
    }

    /**
     * Builds and initialises the network of a spec with PyTorch's default initialisation ({@link PyTorchDefaultInit}),
     * as the reference implementations of these networks start (the DeepLearning.AI course "How Diffusion Models
     * Work" among them): DJL's default Xavier draws convolution weights up to 3.4 times larger and zero biases, which
     * trained the course recipe measurably worse at equal steps (docs/quality.md, the PyTorch side-by-side). The engine
     * is seeded first, so equal seeds give equal initial weights.
     *
     * @param spec the resolved spec
     * @param manager owner of the weights
     * @param seed the engine seed for initialisation
     * @return the initialised network
     */
    public static NoisePredictor create(EffectiveTrainingSpec spec, NDManager manager, long seed) {
        NoisePredictor network = NoisePredictors.create(networkSpec(spec));
        Engine.getInstance().setRandomSeed((int) (seed ^ (seed >>> 32)));
        network.initialize(manager, DataType.FLOAT32, network.inputShapes(1));
        PyTorchDefaultInit.apply(network);
        return network;
    }

    /**
     * The engine's residual normalisation of a wire norm.
     *
     * @param norm the spec's norm
     * @return ContextUnet's residual normalisation
     */
    public static ResidualNorm residualNorm(NormType norm) {
        return switch (norm) {
            case GROUP -> ResidualNorm.GROUP_NORM;
            case BATCH -> ResidualNorm.BATCH_NORM;
        };
    }

    /**
     * The engine's network of a wire architecture.
     *
     * @param architecture the spec's architecture
     * @return the network the factory builds for it
     */
    public static NetworkArchitecture architecture(Architecture architecture) {
        return switch (architecture) {
            case CONTEXT_UNET -> NetworkArchitecture.CONTEXT_UNET;
            case DDPM_UNET -> NetworkArchitecture.DDPM_UNET;
            case SIMPLE_UNET -> NetworkArchitecture.SIMPLE_UNET;
        };
    }
}
