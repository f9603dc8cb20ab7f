package dev.diffusion.worker.cli;

import static dev.diffusion.worker.cli.SpecOption.Type.INTEGER;
import static dev.diffusion.worker.cli.SpecOption.Type.INTEGER_LIST;
import static dev.diffusion.worker.cli.SpecOption.Type.NUMBER;
import static dev.diffusion.worker.cli.SpecOption.Type.SWITCH_OFF;
import static dev.diffusion.worker.cli.SpecOption.Type.SWITCH_ON;
import static dev.diffusion.worker.cli.SpecOption.Type.TEXT;

import java.util.List;

/** The flags of {@code train} that set fields of a {@link dev.diffusion.common.spec.TrainingSpec}. */
final class TrainingSpecOptions {

    static final SpecOptions OPTIONS = new SpecOptions(List.of(
            new SpecOption("dataset", "dataset", TEXT, "NAME|PATH",
                    "mnist, fashion-mnist, shapes, or a folder of IDX files or class sub-folders of images"),
            new SpecOption("image-size", "imageSize", INTEGER, "N", "image side in pixels, multiple of 4 (default: the data set's)"),
            new SpecOption("channels", "channels", INTEGER, "1|3", "gray or RGB (default: the data set's)"),
            new SpecOption("architecture", "model.architecture", TEXT, "NAME", "context-unet (default), ddpm-unet or simple-unet"),
            new SpecOption("base-channels", "model.baseChannels", INTEGER, "N", "network width, ContextUnet n_feat (default 64)"),
            new SpecOption("channel-multipliers", "model.channelMultipliers", INTEGER_LIST, "A,B,..", "U-Net level widths (default 1,2,2)"),
            new SpecOption("blocks-per-level", "model.blocksPerLevel", INTEGER, "N", "DDPM U-Net residual blocks per level (default 2)"),
            new SpecOption("attention-resolutions", "model.attentionResolutions", INTEGER_LIST, "A,B,..", "DDPM U-Net attention sizes (default none)"),
            new SpecOption("dropout", "model.dropout", NUMBER, "P", "DDPM U-Net dropout (default 0.1)"),
            new SpecOption("num-classes", "model.numClasses", INTEGER, "K", "classes to condition on; 0 = unconditional (default 10)"),
            new SpecOption("schedule", "schedule.type", TEXT, "NAME", "noise schedule: linear (default), cosine or sigmoid"),
            new SpecOption("timesteps", "schedule.timesteps", INTEGER, "T", "diffusion steps (default 500)"),
            new SpecOption("beta-start", "schedule.betaStart", NUMBER, "X", "first beta (default 1e-4)"),
            new SpecOption("beta-end", "schedule.betaEnd", NUMBER, "X", "last beta (default 0.02)"),
            new SpecOption("loss", "loss.type", TEXT, "NAME", "mse (default), l1 or huber"),
            new SpecOption("loss-weighting", "loss.weighting", TEXT, "NAME", "none (default), min-snr or p2"),
            new SpecOption("loss-gamma", "loss.gamma", NUMBER, "X", "min-SNR gamma (default 5) or p2 gamma (default 1)"),
            new SpecOption("optimizer", "optimizer.type", TEXT, "NAME", "adam (default) or adamw"),
            new SpecOption("lr", "optimizer.learningRate", NUMBER, "X", "peak learning rate (default 1e-3)"),
            new SpecOption("weight-decay", "optimizer.weightDecay", NUMBER, "X", "weight decay (default 0, adamw 0.01)"),
            new SpecOption("lr-schedule", "optimizer.lrSchedule", TEXT, "NAME", "constant, linear (default) or cosine"),
            new SpecOption("warmup-steps", "optimizer.warmupSteps", INTEGER, "N", "linear learning-rate warm-up (default 0)"),
            new SpecOption("grad-clip", "optimizer.gradClipNorm", NUMBER, "X", "global gradient-norm limit, 0 = off (default 1)"),
            new SpecOption("batch-size", "batchSize", INTEGER, "N", "images per step (default 64)"),
            new SpecOption("steps", "steps", INTEGER, "N", "optimizer steps (default 2000)"),
            new SpecOption("ema-decay", "ema.decay", NUMBER, "X", "EMA decay of the sampling weights (default 0.995)"),
            new SpecOption("no-ema", "ema.enabled", SWITCH_OFF, "", "sample with the trained weights, keep no EMA"),
            new SpecOption("condition-dropout", "conditionDropout", NUMBER, "P",
                    "probability of dropping the label, for guidance (default 0.1)"),
            new SpecOption("hflip", "horizontalFlip", SWITCH_ON, "", "random horizontal flips (off by default)"),
            new SpecOption("seed", "seed", INTEGER, "N", "seed of every random choice (default: random, recorded)"),
            new SpecOption("checkpoint-every", "checkpointEvery", INTEGER, "N", "steps between checkpoints (default 500)"),
            new SpecOption("preview-every", "previewEvery", INTEGER, "N", "steps between preview grids, 0 = none (default 500)")));

    private TrainingSpecOptions() {}
}
