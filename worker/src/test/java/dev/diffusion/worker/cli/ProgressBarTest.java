package dev.diffusion.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class ProgressBarTest {

    @Test
    void rendersFillCountDetailsAndEta() {
        ProgressBar bar = new ProgressBar(System.out, true, 2000);
        assertThat(bar.render(500, "loss 0.0412", Duration.ofSeconds(3 * 60 + 7)))
                .isEqualTo("[######------------------]  500/2000  loss 0.0412  ETA 3:07");
        assertThat(ProgressBar.formatDuration(Duration.ofSeconds(3 * 3600 + 65))).isEqualTo("3:01:05");
    }

    @Test
    void redrawsInPlaceOnATerminal() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, 4);
        bar.update(1, "a long detail", null);
        bar.update(2, "short", null);
        bar.finish();
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).startsWith("\r[").contains("\r[############------------] 2/4  short").endsWith("\n");
        assertThat(text.split("\n")).hasSize(1);
    }
}
