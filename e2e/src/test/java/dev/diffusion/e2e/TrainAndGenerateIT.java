package dev.diffusion.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.StreamSupport;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;

/** The user's path: train on shapes, find the model, generate with DDIM, download the grid and the GIF. */
class TrainAndGenerateIT extends PlatformTestBase {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @Test
    void aShapesModelTrainedThroughTheApiGeneratesAGridAndAGifDownloadableThroughTheirUrls() throws Exception {
        UUID training = api.submitTraining(Specs.shapesTraining(20, 10, 20));

        JsonNode trained = api.awaitStatus(training, "SUCCEEDED", TIMEOUT);

        assertThat(trained.get("attempt").asInt()).isEqualTo(1);
        assertThat(trained.get("progress").get("step").asInt()).isEqualTo(20);
        assertThat(names(trained)).contains("preview-step-20.png", "forward-diffusion.png", "metrics.csv");
        BufferedImage forward = ImageIO.read(new ByteArrayInputStream(
                api.downloadArtifact(trained, "forward-diffusion.png")));
        assertThat(forward.getWidth()).as("clean + 8 noise levels of 16 px, 2 px padding").isEqualTo(9 * 16 + 10 * 2);
        assertThat(forward.getHeight()).as("one shape of each of 4 classes").isEqualTo(4 * 16 + 5 * 2);
        String modelId = trained.get("modelId").asText();
        JsonNode models = api.get("/api/v1/models");
        assertThat(StreamSupport.stream(models.get("items").spliterator(), false).map(m -> m.get("id").asText()))
                .contains(modelId);
        assertThat(api.get("/api/v1/models/" + modelId).get("trainingJobId").asText()).isEqualTo(training.toString());

        UUID generation = api.submitGeneration("""
                {"modelId":"%s","sampler":"ddim","steps":10,"numImages":8,"labels":[0,1,2,3,0,1,2,3],
                 "gridColumns":4,"seed":3,"gif":{"frameEvery":2,"framesPerSecond":10}}""".formatted(modelId));
        JsonNode generated = api.awaitStatus(generation, "SUCCEEDED", TIMEOUT);

        assertThat(names(generated)).containsExactly("grid.png", "denoise.gif");
        byte[] grid = api.downloadArtifact(generated, "grid.png");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(grid));
        assertThat(image.getWidth()).as("4 columns of 16 px with 2 px padding").isEqualTo(4 * 16 + 5 * 2);
        assertThat(image.getHeight()).as("2 rows of 16 px with 2 px padding").isEqualTo(2 * 16 + 3 * 2);
        byte[] gif = api.downloadArtifact(generated, "denoise.gif");
        assertThat(gifFrames(gif)).as("the initial noise and every 2nd of 10 steps").isEqualTo(6);
    }

    private static java.util.List<String> names(JsonNode job) {
        return StreamSupport.stream(job.get("artifacts").spliterator(), false).map(a -> a.get("name").asText()).toList();
    }

    private static int gifFrames(byte[] gif) throws Exception {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(gif))) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
            try {
                reader.setInput(in);
                return reader.getNumImages(true);
            } finally {
                reader.dispose();
            }
        }
    }
}
