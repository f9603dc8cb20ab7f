package dev.diffusion.engine.sample;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a generation run wrote.
 *
 * @param grid the grid (partially denoised images when cancelled)
 * @param gif the denoising GIF, or null when none was written
 * @param cancelled whether the run was cancelled before the last step
 * @param stepsCompleted sampler steps done, summed over the chunks
 * @param totalSteps sampler steps planned: the sampler's steps × chunks
 * @param numImages images generated
 * @param seed the seed used (image i used seed + i)
 * @param elapsed wall time
 * @param chunks how many chunks the images were sampled in, one after the other
 * @param gifFrames frames of the GIF, 0 when none was written
 */
public record GenerationResult(
        Path grid, Path gif, boolean cancelled, int stepsCompleted, int totalSteps, int numImages, long seed,
        Duration elapsed, int chunks, int gifFrames) {

    /**
     * The written files.
     *
     * @return grid first, then the GIF if any
     */
    public List<Path> files() {
        List<Path> files = new ArrayList<>();
        files.add(grid);
        if (gif != null) {
            files.add(gif);
        }
        return List.copyOf(files);
    }
}
