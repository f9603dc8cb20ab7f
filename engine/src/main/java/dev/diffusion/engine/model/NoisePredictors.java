package dev.diffusion.engine.model;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.diffusion.engine.model.contextunet.ContextUnet;
import dev.diffusion.engine.model.contextunet.ResidualNorm;
import dev.diffusion.engine.model.ddpm.DdpmUnet;
import dev.diffusion.engine.model.simple.SimpleUnet;
import java.math.BigInteger;
import java.util.List;

/**
 * Builds the noise-prediction networks from plain parameters and checks the combination once,
 * with messages naming the offending field.
 *
 * <ul>
 *   <li>{@code context-unet}: channels, imageSize (divisible by 4), baseChannels = n_feat
 *       (multiple of 8), numClasses = n_cfeat, timesteps (time input (t+1)/T); other knobs
 *       ignored
 *   <li>{@code ddpm-unet}: every knob except timesteps; multipliers default to 1,2,2,2; GroupNorm
 *       uses gcd(32, baseChannels) groups so small networks work
 *   <li>{@code simple-unet}: channels, imageSize, numClasses and the channel tuple baseChannels ×
 *       multipliers (default 1,2,4,8,16, i.e. 64…1024 for base 64); other knobs ignored
 * </ul>
 *
 * <pre>{@code
 * NoisePredictor net = NoisePredictors.create(NetworkSpec.contextUnet(1, 28, 64, 10, 500));
 * net.initialize(manager, DataType.FLOAT32, net.inputShapes(batchSize));
 * PyTorchDefaultInit.apply(net);                       // optional: PyTorch's initial weights
 * NDArray eps = net.forward(parameterStore, new NDList(x, t, context), training).head();
 * }</pre>
 */
public final class NoisePredictors {

    private static final int DDPM_MAX_GROUPS = 32;
    private static final List<Integer> DDPM_MULTIPLIERS = List.of(1, 2, 2, 2);
    private static final List<Integer> SIMPLE_MULTIPLIERS = List.of(1, 2, 4, 8, 16);

    private NoisePredictors() {}

    /**
     * Builds an uninitialised network.
     *
     * @param spec the parameters
     * @return the network; call {@code initialize(manager, FLOAT32, net.inputShapes(batch))}
     * @throws IllegalArgumentException when the parameters do not fit the architecture
     */
    public static NoisePredictor create(NetworkSpec spec) {
        NetworkArchitecture architecture = spec.architecture();
        require(spec.channels() > 0, "channels must be > 0, got " + spec.channels());
        require(spec.imageSize() > 0, "imageSize must be > 0, got " + spec.imageSize());
        require(spec.baseChannels() > 0, "baseChannels must be > 0, got " + spec.baseChannels());
        require(spec.numClasses() >= 0, "numClasses must be >= 0, got " + spec.numClasses());
        require(spec.timesteps() > 0, "timesteps must be > 0, got " + spec.timesteps());
        return switch (architecture) {
            case CONTEXT_UNET -> contextUnet(spec);
            case DDPM_UNET -> ddpmUnet(spec);
            case SIMPLE_UNET -> simpleUnet(spec);
        };
    }

    private static ContextUnet contextUnet(NetworkSpec spec) {
        require(spec.imageSize() % 4 == 0,
                "context-unet needs imageSize divisible by 4, got " + spec.imageSize());
        require(spec.residualNorm() != ResidualNorm.GROUP_NORM || spec.baseChannels() % 8 == 0,
                "context-unet needs baseChannels (n_feat) divisible by 8 for GroupNorm(8), got " + spec.baseChannels());
        return ContextUnet.builder()
                .optResidualNorm(spec.residualNorm())
                .setInChannels(spec.channels())
                .setFeatures(spec.baseChannels())
                .optContextFeatures(spec.numClasses())
                .setHeight(spec.imageSize())
                .setTimesteps(spec.timesteps())
                .build();
    }

    private static DdpmUnet ddpmUnet(NetworkSpec spec) {
        List<Integer> multipliers = orDefault(spec.channelMultipliers(), DDPM_MULTIPLIERS);
        int reduction = 1 << (multipliers.size() - 1);
        require(spec.imageSize() % reduction == 0,
                "ddpm-unet with " + multipliers.size() + " levels needs imageSize divisible by 2^(levels-1) = "
                        + reduction + ", got " + spec.imageSize());
        require(spec.blocksPerLevel() > 0, "ddpm-unet needs blocksPerLevel > 0, got " + spec.blocksPerLevel());
        require(spec.dropout() >= 0 && spec.dropout() < 1, "dropout must be in [0, 1), got " + spec.dropout());
        int groups = BigInteger.valueOf(DDPM_MAX_GROUPS).gcd(BigInteger.valueOf(spec.baseChannels())).intValue();
        return DdpmUnet.builder()
                .setInChannels(spec.channels())
                .setBaseChannels(spec.baseChannels())
                .setImageSize(spec.imageSize())
                .optChannelMultipliers(toArray(multipliers))
                .optBlocksPerLevel(spec.blocksPerLevel())
                .optAttentionResolutions(toArray(spec.attentionResolutions()))
                .optDropout(spec.dropout())
                .optNumClasses(spec.numClasses())
                .optNormGroups(groups)
                .build();
    }

    private static SimpleUnet simpleUnet(NetworkSpec spec) {
        List<Integer> multipliers = orDefault(spec.channelMultipliers(), SIMPLE_MULTIPLIERS);
        require(multipliers.size() >= 2, "simple-unet needs at least two channel multipliers, got " + multipliers);
        int reduction = 1 << (multipliers.size() - 1);
        require(spec.imageSize() % reduction == 0,
                "simple-unet with " + multipliers.size() + " channel stages needs imageSize divisible by "
                        + reduction + ", got " + spec.imageSize());
        int[] channels = multipliers.stream().mapToInt(m -> m * spec.baseChannels()).toArray();
        return SimpleUnet.builder()
                .optImageChannels(spec.channels())
                .setImageSize(spec.imageSize())
                .optChannels(channels)
                .optNumClasses(spec.numClasses())
                .build();
    }

    /**
     * Counts trainable-model parameters the way PyTorch's {@code sum(p.numel() for p in
     * model.parameters())} does: BatchNorm running statistics are buffers and not counted.
     *
     * @param block an initialised block
     * @return the number of parameter elements
     * @throws IllegalStateException when the block is not initialised
     */
    public static long countParameters(Block block) {
        long count = 0;
        for (Parameter parameter : block.getParameters().values()) {
            if (!parameter.isInitialized()) {
                throw new IllegalStateException(
                        "parameter " + parameter.getName() + " is not initialised; initialize the block first");
            }
            Parameter.Type type = parameter.getType();
            if (type != Parameter.Type.RUNNING_MEAN && type != Parameter.Type.RUNNING_VAR) {
                count += parameter.getArray().size();
            }
        }
        return count;
    }

    private static List<Integer> orDefault(List<Integer> values, List<Integer> fallback) {
        return values.isEmpty() ? fallback : values;
    }

    private static int[] toArray(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException("Invalid network spec: " + message);
        }
    }
}
