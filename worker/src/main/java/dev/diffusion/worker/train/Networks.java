package dev.diffusion.worker.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

import dev.diffusion.common.spec.ModelSpec;
import dev.diffusion.common.spec.TrainingSpec;
import dev.diffusion.worker.model.NetworkSpec;
import dev.diffusion.worker.model.NoisePredictor;
import dev.diffusion.worker.model.NoisePredictors;

/** Builds the network a training spec describes, initialised reproducibly. */
public final class Networks {

    private Networks() {}

    /**
     * The model factory's parameters for an effective training spec.
     *
     * @param spec the spec after {@code withDefaults()}
     * @return the network parameters
     */
    public static NetworkSpec networkSpec(TrainingSpec spec) {
        ModelSpec m = spec.model();
        return new NetworkSpec(
                m.architecture().wireName(),
                spec.channels(),
                spec.imageSize(),
                m.baseChannels(),
                m.channelMultipliers(),
                m.blocksPerLevel(),
                m.attentionResolutions(),
                m.dropout().floatValue(),
                m.numClasses(),
                spec.schedule().timesteps());
    }

    /**
     * Builds and initialises the network of a spec. The engine is seeded first, so equal seeds give
     * equal initial weights.
     *
     * @param spec the effective spec
     * @param manager owner of the weights
     * @param seed the engine seed for initialisation
     * @return the initialised network
     */
    public static NoisePredictor create(TrainingSpec spec, NDManager manager, long seed) {
        NoisePredictor network = NoisePredictors.create(networkSpec(spec));
        Engine.getInstance().setRandomSeed((int) (seed ^ (seed >>> 32)));
        network.initialize(manager, DataType.FLOAT32, network.inputShapes(1));
        return network;
    }
}
