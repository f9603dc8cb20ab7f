package dev.diffusion.worker.cli;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/**
 * The options of {@code train} and {@code import-weights} that set fields of a
 * {@link dev.diffusion.common.spec.TrainingSpec}.
 */
final class TrainingSpecOptions extends SpecOptions {

    @Option(names = "--spec", order = SPEC_ORDER + 1, paramLabel = "FILE",
            description = "TrainingSpec as JSON, e.g. a run's spec.json; the options below override its fields")
    void spec(Path file) {
        file(file);
    }

    @Option(names = "--dataset", order = SPEC_ORDER + 2, paramLabel = "NAME|PATH",
            description = "mnist, fashion-mnist, shapes, or a folder of IDX files or class sub-folders of images")
    void dataset(String value) {
        text("dataset", value);
    }

    @Option(names = "--image-size", order = SPEC_ORDER + 3, paramLabel = "N",
            description = "image side in pixels, multiple of 4 (default: the data set's)")
    void imageSize(long value) {
        integer("imageSize", value);
    }

    @Option(names = "--channels", order = SPEC_ORDER + 4, paramLabel = "1|3", description = "gray or RGB (default: the data set's)")
    void channels(long value) {
        integer("channels", value);
    }

    @Option(names = "--architecture", order = SPEC_ORDER + 5, paramLabel = "NAME",
            description = "context-unet (default), ddpm-unet or simple-unet")
    void architecture(String value) {
        text("model.architecture", value);
    }

    @Option(names = "--base-channels", order = SPEC_ORDER + 6, paramLabel = "N",
            description = "network width, ContextUnet n_feat (default 64)")
    void baseChannels(long value) {
        integer("model.baseChannels", value);
    }

    @Option(names = "--channel-multipliers", order = SPEC_ORDER + 7, paramLabel = "N", split = ",",
            description = "U-Net level widths (default 1,2,2)")
    void channelMultipliers(int[] values) {
        integers("model.channelMultipliers", values);
    }

    @Option(names = "--blocks-per-level", order = SPEC_ORDER + 8, paramLabel = "N",
            description = "DDPM U-Net residual blocks per level (default 2)")
    void blocksPerLevel(long value) {
        integer("model.blocksPerLevel", value);
    }

    @Option(names = "--attention-resolutions", order = SPEC_ORDER + 9, paramLabel = "N", split = ",",
            description = "DDPM U-Net attention sizes (default none)")
    void attentionResolutions(int[] values) {
        integers("model.attentionResolutions", values);
    }

    @Option(names = "--dropout", order = SPEC_ORDER + 10, paramLabel = "P", description = "DDPM U-Net dropout (default 0.1)")
    void dropout(double value) {
        number("model.dropout", value);
    }

    @Option(names = "--num-classes", order = SPEC_ORDER + 11, paramLabel = "K",
            description = "classes to condition on; 0 = unconditional (default 10)")
    void numClasses(long value) {
        integer("model.numClasses", value);
    }

    @Option(names = "--schedule", order = SPEC_ORDER + 12, paramLabel = "NAME",
            description = "noise schedule: linear (default), cosine or sigmoid")
    void schedule(String value) {
        text("schedule.type", value);
    }

    @Option(names = "--timesteps", order = SPEC_ORDER + 13, paramLabel = "T", description = "diffusion steps (default 500)")
    void timesteps(long value) {
        integer("schedule.timesteps", value);
    }

    @Option(names = "--beta-start", order = SPEC_ORDER + 14, paramLabel = "X", description = "first beta (default 1e-4)")
    void betaStart(double value) {
        number("schedule.betaStart", value);
    }

    @Option(names = "--beta-end", order = SPEC_ORDER + 15, paramLabel = "X", description = "last beta (default 0.02)")
    void betaEnd(double value) {
        number("schedule.betaEnd", value);
    }

    @Option(names = "--loss", order = SPEC_ORDER + 16, paramLabel = "NAME", description = "mse (default), l1 or huber")
    void loss(String value) {
        text("loss.type", value);
    }

    @Option(names = "--loss-weighting", order = SPEC_ORDER + 17, paramLabel = "NAME", description = "none (default), min-snr or p2")
    void lossWeighting(String value) {
        text("loss.weighting", value);
    }

    @Option(names = "--loss-gamma", order = SPEC_ORDER + 18, paramLabel = "X",
            description = "min-SNR gamma (default 5) or p2 gamma (default 1)")
    void lossGamma(double value) {
        number("loss.gamma", value);
    }

    @Option(names = "--optimizer", order = SPEC_ORDER + 19, paramLabel = "NAME", description = "adam (default) or adamw")
    void optimizer(String value) {
        text("optimizer.type", value);
    }

    @Option(names = "--lr", order = SPEC_ORDER + 20, paramLabel = "X", description = "peak learning rate (default 1e-3)")
    void lr(double value) {
        number("optimizer.learningRate", value);
    }

    @Option(names = "--weight-decay", order = SPEC_ORDER + 21, paramLabel = "X", description = "weight decay (default 0, adamw 0.01)")
    void weightDecay(double value) {
        number("optimizer.weightDecay", value);
    }

    @Option(names = "--lr-schedule", order = SPEC_ORDER + 22, paramLabel = "NAME", description = "warmup-stable-decay (default), constant, linear or cosine")
    void lrSchedule(String value) {
        text("optimizer.lrSchedule", value);
    }

    @Option(names = "--decay-fraction", order = SPEC_ORDER + 22, paramLabel = "X",
            description = "share of the steps over which warmup-stable-decay decays to 0 (default 0.2)")
    void decayFraction(double value) {
        number("optimizer.decayFraction", value);
    }

    @Option(names = "--warmup-steps", order = SPEC_ORDER + 23, paramLabel = "N", description = "linear learning-rate warm-up (default 0)")
    void warmupSteps(long value) {
        integer("optimizer.warmupSteps", value);
    }

    @Option(names = "--grad-clip", order = SPEC_ORDER + 24, paramLabel = "X", description = "global gradient-norm limit, 0 = off (default 0)")
    void gradClip(double value) {
        number("optimizer.gradClipNorm", value);
    }

    @Option(names = "--batch-size", order = SPEC_ORDER + 25, paramLabel = "N", description = "images per step (default 64)")
    void batchSize(long value) {
        integer("batchSize", value);
    }

    @Option(names = "--steps", order = SPEC_ORDER + 26, paramLabel = "N", description = "optimizer steps (default 2000)")
    void steps(long value) {
        integer("steps", value);
    }

    @Option(names = "--ema-decay", order = SPEC_ORDER + 27, paramLabel = "X", description = "keep an EMA of this decay and sample with it (default: no EMA; 0.995 with --ema)")
    void emaDecay(double value) {
        number("ema.decay", value);
    }

    @Option(names = "--ema-sigma-rel", order = SPEC_ORDER + 27, paramLabel = "S",
            description = "power-function EMA (Karras et al. 2024) whose window is this fraction of the steps so far, "
                    + "e.g. 0.05 or 0.10; instead of --ema-decay")
    void emaSigmaRel(double value) {
        number("ema.sigmaRel", value);
    }

    @Option(names = "--ema-recalibrate-batch-norm", order = SPEC_ORDER + 27,
            description = "recompute BatchNorm's statistics for the EMA weights from 50 training batches before "
                    + "sampling and export (models with BatchNorm)")
    void emaRecalibrateBatchNorm(boolean on) {
        if (on) {
            bool("ema.recalibrateBatchNorm", true);
        }
    }

    @Option(names = "--ema", order = SPEC_ORDER + 28,
            description = "keep an EMA of the weights (decay 0.995 unless --ema-decay or --ema-sigma-rel) and sample with it")
    void ema(boolean on) {
        if (on) {
            bool("ema.enabled", true);
        }
    }

    @Option(names = "--no-ema", order = SPEC_ORDER + 28, description = "sample with the trained weights, keep no EMA (the default)")
    void noEma(boolean on) {
        if (on) {
            bool("ema.enabled", false);
        }
    }

    @Option(names = "--condition-dropout", order = SPEC_ORDER + 29, paramLabel = "P",
            description = "probability of dropping the label, for guidance (default 0.1)")
    void conditionDropout(double value) {
        number("conditionDropout", value);
    }

    @Option(names = "--hflip", order = SPEC_ORDER + 30, description = "random horizontal flips (off by default)")
    void hflip(boolean on) {
        if (on) {
            bool("horizontalFlip", true);
        }
    }

    @Option(names = "--seed", order = SPEC_ORDER + 31, paramLabel = "N",
            description = "seed of every random choice (default: random, recorded)")
    void seed(long value) {
        integer("seed", value);
    }

    @Option(names = "--checkpoint-every", order = SPEC_ORDER + 32, paramLabel = "N", description = "steps between checkpoints (default 500)")
    void checkpointEvery(long value) {
        integer("checkpointEvery", value);
    }

    @Option(names = "--preview-every", order = SPEC_ORDER + 33, paramLabel = "N",
            description = "steps between preview grids, 0 = none (default 500)")
    void previewEvery(long value) {
        integer("previewEvery", value);
    }
}
