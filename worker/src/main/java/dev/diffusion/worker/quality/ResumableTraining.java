package dev.diffusion.worker.quality;

import dev.diffusion.worker.recipe.TrainingRecipe;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * The run folder of a cell's training, resumable: a study stopped while it trains — by {@code --stop-after}, Ctrl-C,
 * the end of a machine session or a crash — continues from the newest checkpoint the next time instead of from
 * scratch. Beside the checkpoints, {@value #STATE_FILE} says which training they belong to (the fingerprint of the
 * trained spec without its checkpoint interval, and {@link QualityStudy#TRAINING_REVISION}) and how many seconds the
 * training had taken at the newest one, so a resumed cell reports the time of its whole training. Resuming continues
 * the same trajectory: the checkpoint holds the weights, the optimizer, the random state and the step.
 */
final class ResumableTraining {

    /** Steps between the checkpoints of a resumable training: at most this many steps are trained again after a stop. */
    static final int CHECKPOINT_EVERY = 50;

    static final String STATE_FILE = "resume.properties";

    /**
     * Where a stopped training continues.
     *
     * @param checkpoint its newest checkpoint
     * @param step the steps it holds
     * @param seconds the training's time up to that step, over all the runs that trained it
     */
    record Start(Path checkpoint, long step, double seconds) {}

    private final Path runDir;
    private final String trajectory;

    /**
     * @param runDir the cell's run folder
     * @param trajectory fingerprint of what the training computes ({@link SharedTraining#trajectory})
     */
    ResumableTraining(Path runDir, String trajectory) {
        this.runDir = runDir;
        this.trajectory = trajectory;
    }

    /**
     * @return where the training continues: empty for a fresh start — no state, a state of another training or
     *     another revision of the training code, or its checkpoint gone
     */
    Optional<Start> start() {
        Path file = runDir.resolve(STATE_FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties state = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            state.load(reader);
            if (!trajectory.equals(state.getProperty("trajectory"))
                    || !Integer.toString(QualityStudy.TRAINING_REVISION).equals(state.getProperty("revision"))) {
                return Optional.empty();
            }
            long step = Long.parseLong(state.getProperty("step", ""));
            double seconds = Double.parseDouble(state.getProperty("seconds", ""));
            Path checkpoint = TrainingRecipe.checkpointFile(runDir, step);
            return Files.isRegularFile(checkpoint) ? Optional.of(new Start(checkpoint, step, seconds)) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty(); // unreadable: train from scratch, as without a state
        }
    }

    /**
     * Records a checkpoint the training has just written; replaces the state in one move, so a stop while writing
     * leaves the previous one.
     *
     * @param step the checkpoint's step
     * @param seconds the training's time up to it, over all the runs that trained it
     * @throws IOException when the state cannot be written
     */
    void checkpointed(long step, double seconds) throws IOException {
        Properties state = new Properties();
        state.setProperty("trajectory", trajectory);
        state.setProperty("revision", Integer.toString(QualityStudy.TRAINING_REVISION));
        state.setProperty("step", Long.toString(step));
        state.setProperty("seconds", String.format(Locale.ROOT, "%.3f", seconds));
        Files.createDirectories(runDir);
        Path written = runDir.resolve(STATE_FILE + ".tmp");
        try (Writer writer = Files.newBufferedWriter(written, StandardCharsets.UTF_8)) {
            state.store(writer, "where this training continues after a stop");
        }
        Files.move(written, runDir.resolve(STATE_FILE), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }
}
