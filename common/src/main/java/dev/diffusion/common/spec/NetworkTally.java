package dev.diffusion.common.spec;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Counts, for one image, the float elements a training step's forward pass keeps for the backward pass, and the
 * network's parameters — by walking the same layers the engine builds for a {@link ModelSpec}: ContextUnet of the
 * DeepLearning.AI course "How Diffusion Models Work", the DDPM U-Net of Ho et al. (2020) and the SimpleUnet of the
 * course's tutorial. Each layer counts its output tensors (a convolution, a norm and an activation are three); the
 * calibration in {@link TrainingFootprint} turns the count into bytes.
 */
final class NetworkTally {

    /** Activation elements of one image. */
    private double activations;
    /** Parameters (weights and biases). */
    private double parameters;

    private NetworkTally() {}

    /**
     * Walks a network.
     *
     * @param model the effective model spec
     * @param imageSize image side in pixels
     * @param channels image channels
     * @return the tally
     */
    static NetworkTally of(ModelSpec model, int imageSize, int channels) {
        NetworkTally tally = new NetworkTally();
        switch (model.architecture()) {
            case CONTEXT_UNET -> tally.contextUnet(model.baseChannels(), imageSize, channels, model.numClasses());
            case DDPM_UNET -> tally.ddpmUnet(model, imageSize, channels);
            case SIMPLE_UNET -> tally.simpleUnet(model, imageSize, channels);
        }
        return tally;
    }

    /** @return activation elements kept per image */
    double activations() {
        return activations;
    }

    /** @return parameters */
    double parameters() {
        return parameters;
    }

    private void contextUnet(int n, int size, int channels, int classes) {
        double p = (double) size * size;
        residualConvBlock(channels, n, p);
        for (int i = 0; i < 2; i++) {
            residualConvBlock(n, n, p);
        }
        tensors(n, p / 4);
        residualConvBlock(n, 2 * n, p / 4);
        residualConvBlock(2 * n, 2 * n, p / 4);
        tensors(2 * n, p / 16);
        tensors(2 * n, 1);
        int c = Math.max(classes, 1);
        linear(1, 2 * n, 2);
        linear(1, n, 2);
        linear(c, 2 * n, 2);
        linear(c, n, 2);
        // up0: a transposed convolution to the quarter size, GroupNorm, ReLU
        parameters += 2.0 * n * 2 * n * (size / 4.0) * (size / 4.0) + 2 * n;
        tensors(3 * 2 * n, p / 16);
        // up1 and up2: FiLM with the embeddings, concat, 2x2 transposed convolution, two residual blocks
        tensors(2 * 2 * n + 4 * n, p / 16);
        upBlock(4 * n, n, p / 4);
        tensors(2 * n + 2 * n, p / 4);
        upBlock(2 * n, n, p);
        tensors(2 * n, p);
        conv(2 * n, n, 3, p);
        tensors(2 * n, p);
        conv(n, channels, 3, p);
    }

    private void residualConvBlock(int in, int out, double pixels) {
        conv(in, out, 3, pixels);
        tensors(2 * out + 2 * out, pixels);
        conv(out, out, 3, pixels);
        tensors(2 * out, pixels);
        if (in != out) {
            conv(in, out, 1, pixels);
        }
    }

    private void upBlock(int in, int out, double pixels) {
        parameters += 4.0 * in * out + out;
        tensors(out, pixels);
        residualConvBlock(out, out, pixels);
        residualConvBlock(out, out, pixels);
    }

    private void ddpmUnet(ModelSpec model, int size, int channels) {
        int base = model.baseChannels();
        List<Integer> multipliers = model.channelMultipliers();
        List<Integer> attention = model.attentionResolutions();
        int emb = 4 * base;
        linear(base, emb, 1);
        linear(emb, emb, 1);
        if (model.numClasses() > 0) {
            linear(model.numClasses(), emb, 1);
        }
        double p = (double) size * size;
        conv(channels, base, 3, p);
        Deque<Integer> skips = new ArrayDeque<>();
        skips.push(base);
        int ch = base;
        int resolution = size;
        for (int level = 0; level < multipliers.size(); level++) {
            int out = base * multipliers.get(level);
            for (int i = 0; i < model.blocksPerLevel(); i++) {
                resBlock(ch, out, emb, square(resolution));
                ch = out;
                if (attention.contains(resolution)) {
                    attentionBlock(ch, square(resolution));
                }
                skips.push(ch);
            }
            if (level != multipliers.size() - 1) {
                resolution /= 2;
                conv(ch, ch, 3, square(resolution));
                skips.push(ch);
            }
        }
        resBlock(ch, ch, emb, square(resolution));
        attentionBlock(ch, square(resolution));
        resBlock(ch, ch, emb, square(resolution));
        for (int level = multipliers.size() - 1; level >= 0; level--) {
            int out = base * multipliers.get(level);
            for (int i = 0; i <= model.blocksPerLevel(); i++) {
                int in = ch + skips.pop();
                tensors(in, square(resolution));
                resBlock(in, out, emb, square(resolution));
                ch = out;
                if (attention.contains(resolution)) {
                    attentionBlock(ch, square(resolution));
                }
                if (level > 0 && i == model.blocksPerLevel()) {
                    resolution *= 2;
                    tensors(ch, square(resolution));
                    conv(ch, ch, 3, square(resolution));
                }
            }
        }
        tensors(2 * ch, p);
        conv(ch, channels, 3, p);
    }

    private void resBlock(int in, int out, int emb, double pixels) {
        tensors(2 * in, pixels);
        conv(in, out, 3, pixels);
        linear(emb, out, 1);
        tensors(5 * out, pixels);
        conv(out, out, 3, pixels);
        if (in != out) {
            conv(in, out, 1, pixels);
        }
        tensors(out, pixels);
    }

    private void attentionBlock(int ch, double pixels) {
        tensors(ch, pixels);
        conv(ch, 3 * ch, 1, pixels);
        // scores and their softmax, one head: the attention matrix is pixels x pixels
        tensors(2 * pixels, pixels);
        tensors(ch, pixels);
        conv(ch, ch, 1, pixels);
        tensors(ch, pixels);
    }

    private void simpleUnet(ModelSpec model, int size, int channels) {
        List<Integer> multipliers = model.channelMultipliers();
        int[] widths = multipliers.stream().mapToInt(m -> m * model.baseChannels()).toArray();
        int emb = 32;
        linear(emb, emb, 1);
        if (model.numClasses() > 0) {
            linear(model.numClasses(), emb, 1);
        }
        double p = (double) size * size;
        conv(channels, widths[0], 3, p);
        double pixels = p;
        for (int i = 0; i < widths.length - 1; i++) {
            simpleBlock(widths[i], widths[i + 1], emb, pixels);
            conv(widths[i + 1], widths[i + 1], 4, pixels / 4);
            pixels /= 4;
        }
        for (int i = widths.length - 1; i > 0; i--) {
            tensors(2 * widths[i], pixels);
            simpleBlock(2 * widths[i], widths[i - 1], emb, pixels);
            parameters += 16.0 * widths[i - 1] * widths[i - 1] + widths[i - 1];
            pixels *= 4;
            tensors(widths[i - 1], pixels);
        }
        conv(widths[0], channels, 1, p);
    }

    private void simpleBlock(int in, int out, int emb, double pixels) {
        conv(in, out, 3, pixels);
        linear(emb, out, 1);
        tensors(3 * out, pixels);
        conv(out, out, 3, pixels);
        tensors(2 * out, pixels);
        parameters += 4.0 * out;
    }

    private void conv(int in, int out, int kernel, double pixels) {
        parameters += (double) in * out * kernel * kernel + out;
        tensors(out, pixels);
    }

    private void linear(int in, int out, int layers) {
        parameters += (double) in * out + out + (layers - 1) * ((double) out * out + out);
    }

    private void tensors(double channels, double pixels) {
        activations += channels * pixels;
    }

    private static double square(int resolution) {
        return (double) resolution * resolution;
    }
}
