package dev.diffusion.worker.cli;

import static dev.diffusion.worker.cli.SpecOption.Type.INTEGER;
import static dev.diffusion.worker.cli.SpecOption.Type.INTEGER_LIST;
import static dev.diffusion.worker.cli.SpecOption.Type.NUMBER;
import static dev.diffusion.worker.cli.SpecOption.Type.SWITCH_OFF;
import static dev.diffusion.worker.cli.SpecOption.Type.TEXT;

import java.util.List;

/** The flags of {@code sample} that set fields of a {@link dev.diffusion.common.spec.GenerationSpec}. */
final class GenerationSpecOptions {

    static final SpecOptions OPTIONS = new SpecOptions(List.of(
            new SpecOption("sampler", "sampler", TEXT, "NAME", "ddim (default) or ddpm"),
            new SpecOption("steps", "steps", INTEGER, "N", "sampler steps: DDIM up to T (default 50), DDPM exactly T"),
            new SpecOption("eta", "eta", NUMBER, "X", "DDIM stochasticity in [0, 1] (default 0)"),
            new SpecOption("num-images", "numImages", INTEGER, "N", "images to generate (default 16)"),
            new SpecOption("labels", "labels", INTEGER_LIST, "A,B,..", "one class for all images or one per image (default: unconditional)"),
            new SpecOption("guidance-scale", "guidanceScale", NUMBER, "S", "classifier-free guidance scale (default 1)"),
            new SpecOption("seed", "seed", INTEGER, "N", "image i uses seed + i (default: random, printed)"),
            new SpecOption("grid-columns", "gridColumns", INTEGER, "N", "columns of grid.png (default: square)"),
            new SpecOption("frame-every", "gif.frameEvery", INTEGER, "K", "GIF frame every K steps, 0 = about 20 frames (default 0)"),
            new SpecOption("fps", "gif.framesPerSecond", INTEGER, "N", "GIF frames per second (default 10)"),
            new SpecOption("hold-last", "gif.holdLastSeconds", NUMBER, "S", "seconds the final GIF frame stays (default 2)"),
            new SpecOption("no-gif", "gif.enabled", SWITCH_OFF, "", "write no denoise.gif"),
            new SpecOption("no-clip", "clipDenoised", SWITCH_OFF, "", "do not clip the predicted x0 to [-1, 1]"),
            new SpecOption("ddpm-variance", "ddpmVariance", TEXT, "NAME", "DDPM step variance: beta (default) or posterior")));

    private GenerationSpecOptions() {}
}
