package dev.diffusion.worker.cli;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/** The options of {@code sample} that set fields of a {@link dev.diffusion.common.spec.GenerationSpec}. */
final class GenerationSpecOptions extends SpecOptions {

    @Option(names = "--spec", order = SPEC_ORDER + 1, paramLabel = "FILE",
            description = "GenerationSpec as JSON; the options below override its fields")
    void spec(Path file) {
        file(file);
    }

    @Option(names = "--sampler", order = SPEC_ORDER + 2, paramLabel = "NAME", description = "ddim (default) or ddpm")
    void sampler(String value) {
        text("sampler", value);
    }

    @Option(names = "--steps", order = SPEC_ORDER + 3, paramLabel = "N",
            description = "sampler steps: DDIM up to T (default 50), DDPM exactly T")
    void steps(long value) {
        integer("steps", value);
    }

    @Option(names = "--eta", order = SPEC_ORDER + 4, paramLabel = "X", description = "DDIM stochasticity in [0, 1] (default 0)")
    void eta(double value) {
        number("eta", value);
    }

    @Option(names = "--num-images", order = SPEC_ORDER + 5, paramLabel = "N", description = "images to generate (default 16)")
    void numImages(long value) {
        integer("numImages", value);
    }

    @Option(names = "--labels", order = SPEC_ORDER + 6, paramLabel = "N", split = ",",
            description = "one class for all images or one per image (default: unconditional)")
    void labels(int[] values) {
        integers("labels", values);
    }

    @Option(names = "--guidance-scale", order = SPEC_ORDER + 7, paramLabel = "S", description = "classifier-free guidance scale (default 1)")
    void guidanceScale(double value) {
        number("guidanceScale", value);
    }

    @Option(names = "--seed", order = SPEC_ORDER + 8, paramLabel = "N", description = "image i uses seed + i (default: random, printed)")
    void seed(long value) {
        integer("seed", value);
    }

    @Option(names = "--grid-columns", order = SPEC_ORDER + 9, paramLabel = "N", description = "columns of grid.png (default: square)")
    void gridColumns(long value) {
        integer("gridColumns", value);
    }

    @Option(names = "--frame-every", order = SPEC_ORDER + 10, paramLabel = "K",
            description = "GIF frame every K steps, 0 = about 20 frames (default 0)")
    void frameEvery(long value) {
        integer("gif.frameEvery", value);
    }

    @Option(names = "--fps", order = SPEC_ORDER + 11, paramLabel = "N", description = "GIF frames per second (default 10)")
    void fps(long value) {
        integer("gif.framesPerSecond", value);
    }

    @Option(names = "--hold-last", order = SPEC_ORDER + 12, paramLabel = "S", description = "seconds the final GIF frame stays (default 2)")
    void holdLast(double value) {
        number("gif.holdLastSeconds", value);
    }

    @Option(names = "--no-gif", order = SPEC_ORDER + 13, description = "write no denoise.gif")
    void noGif(boolean on) {
        if (on) {
            bool("gif.enabled", false);
        }
    }

    @Option(names = "--no-clip", order = SPEC_ORDER + 14, description = "do not clip the predicted x0 to [-1, 1]")
    void noClip(boolean on) {
        if (on) {
            bool("clipDenoised", false);
        }
    }

    @Option(names = "--ddpm-variance", order = SPEC_ORDER + 15, paramLabel = "NAME",
            description = "DDPM step variance: beta (default) or posterior")
    void ddpmVariance(String value) {
        text("ddpmVariance", value);
    }
}
