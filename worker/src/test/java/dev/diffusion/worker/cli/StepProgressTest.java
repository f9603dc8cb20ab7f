package dev.diffusion.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class StepProgressTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    private Console console(boolean interactive) {
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        return new Console(out, out, interactive);
    }

    @Test
    void redrawsInPlaceOnATerminalAndEndsTheLine() {
        try (StepProgress bar = StepProgress.start(console(true), "train", 2000)) {
            bar.update(1, "a long detail", null);
            bar.update(500, "loss 0.0412", Duration.ofSeconds(3 * 60 + 7));
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).startsWith("\rtrain").endsWith("\n").contains("\rtrain  25% [")
                .contains(" 500/2000 (", " / 0:03:07) loss 0.0412");
        assertThat(text.split("\n")).hasSize(1);
    }

    @Test
    void printsAboutTwentyFullLinesWhenNotOnATerminal() {
        try (StepProgress bar = StepProgress.start(console(false), "sample", 400)) {
            for (int step = 1; step <= 400; step++) {
                bar.update(step, "0.01 s/step", Duration.ZERO);
            }
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("\r").endsWith("\n");
        String[] lines = text.split("\n");
        assertThat(lines.length).isBetween(1, 21);
        assertThat(lines[lines.length - 1]).as(text).startsWith("sample 100% [").contains("400/400", "0.01 s/step");
    }

    @Test
    void formatsRunTimes() {
        assertThat(StepProgress.formatDuration(Duration.ofSeconds(3 * 60 + 7))).isEqualTo("3:07");
        assertThat(StepProgress.formatDuration(Duration.ofSeconds(3 * 3600 + 65))).isEqualTo("3:01:05");
    }
}
