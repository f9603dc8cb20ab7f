package dev.diffusion.worker.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import dev.diffusion.common.json.JsonMapper;
import dev.diffusion.engine.data.DatasetException;
import dev.diffusion.engine.data.IdxDataset;
import dev.diffusion.engine.data.LabeledImageDataset;
import dev.diffusion.engine.eval.Evaluator;
import dev.diffusion.engine.eval.FeatureStatistics;
import dev.diffusion.worker.recipe.EvaluationRecipe;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code worker score-images}: images made elsewhere (e.g. by the PyTorch course reference), scored by the same
 * evaluator, reference images and code as {@code worker quality} and evaluation jobs.
 */
@Command(name = "score-images",
        customSynopsis = "worker score-images --dataset NAME --images FILE|DIR [--labels FILE] [options]",
        description = {"Score generated images with the platform's evaluator (docs/quality.md)", "",
            "Reads 8-bit images and the class each was generated for from IDX files and reports the conditional "
                    + "accuracy (overall and per class) and the Fréchet distance to held-out real images in the "
                    + "evaluator's features: the numbers 'worker quality' gives a model, with the evaluator it "
                    + "keeps in --work (trained there when missing)."},
        footerHeading = "%nExample:%n",
        footer = {"  /usr/bin/python3 worker/src/main/python/course_reference.py --data .local/datasets/mnist \\",
            "      --steps 1000 --seed 0 --out .local/parity/torch-s0",
            "  worker score-images --dataset mnist --images .local/parity/torch-s0"})
public final class ScoreImagesCommand extends ConsoleCommand {

    @Option(names = "--dataset", paramLabel = "NAME", required = true,
            description = "the data set whose evaluator judges: mnist, fashion-mnist, shapes or an IDX folder (required)")
    private String dataset;

    @Option(names = "--images", paramLabel = "FILE|DIR", required = true,
            description = "IDX images file, or a folder with images-idx3-ubyte[.gz] and labels-idx1-ubyte[.gz] (required)")
    private Path images;

    @Option(names = "--labels", paramLabel = "FILE", description = "IDX labels file: the class of each image (with an images file)")
    private Path labels;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "imported IDX folder of mnist/fashion-mnist (default ./.local/datasets/<name>)")
    private Path dataDir;

    @Option(names = "--dataset-seed", paramLabel = "N",
            description = "seed of a generated data set (shapes), as the first of 'worker quality --seeds' (default 0)")
    private long datasetSeed;

    @Option(names = "--work", paramLabel = "DIR", description = "where the evaluators are kept (default .local/quality)")
    private Path work = Path.of(".local", "quality");

    @Option(names = "--evaluator-steps", paramLabel = "N", description = "evaluator training steps (default 1500)")
    private int evaluatorSteps = 1500;

    @Option(names = "--reference-images", paramLabel = "N", description = "held-out real images for FD (default 1000)")
    private int referenceImages = 1000;

    @Option(names = "--json", paramLabel = "FILE", description = "also write the scores as JSON")
    private Path json;

    @Mixin
    private EngineOptions engine;

    @Override
    public Integer call() throws Exception {
        Console console = console();
        if (evaluatorSteps < 1 || referenceImages < 2) {
            throw new UsageException("--evaluator-steps must be at least 1 and --reference-images at least 2");
        }
        LabeledImageDataset generated = generated();
        Threads.apply(engine.threads());
        EngineCheck.require(engine.kernels(), console);
        LabeledImageDataset data = TrainingDatasets.load(dataset, null, null, dataDir, datasetSeed);
        if (generated.height() != data.height() || generated.width() != data.width()
                || generated.channels() != data.channels()) {
            throw new UsageException(String.format(Locale.ROOT, "the images are %dx%dx%d but %s's are %dx%dx%d",
                    generated.height(), generated.width(), generated.channels(), dataset, data.height(), data.width(),
                    data.channels()));
        }
        if (generated.numClasses() > data.numClasses()) {
            throw new UsageException("the labels go up to " + (generated.numClasses() - 1) + " but " + dataset
                    + " has " + data.numClasses() + " classes");
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            Evaluator evaluator = CachedEvaluators.obtain(data, dataset, work, evaluatorSteps, manager, console);
            FeatureStatistics reference = evaluator.statistics(EvaluationRecipe.referenceImages(data, referenceImages));
            NDArray pixels = generated.toNDArray(manager, IntStream.range(0, generated.size()).toArray());
            EvaluationRecipe.ImageScores scores = EvaluationRecipe.scoreImages(pixels, generated.labels(), evaluator,
                    reference);
            print(console, generated, evaluator, reference, scores, data.classNames());
            if (json != null) {
                writeJson(generated, evaluator, reference, scores);
            }
        }
        return WorkerCli.OK;
    }

    private LabeledImageDataset generated() throws Exception {
        try {
            if (Files.isDirectory(images)) {
                return IdxDataset.readFolder(images);
            }
            if (!Files.isRegularFile(images)) {
                throw new UsageException("--images: no such file or folder: " + images);
            }
            if (labels == null) {
                throw new UsageException("--labels is needed with an images file (or give --images the folder)");
            }
            return IdxDataset.read(images, labels, null);
        } catch (DatasetException e) {
            throw new UsageException("--images: " + e.getMessage());
        }
    }

    private void print(Console console, LabeledImageDataset generated, Evaluator evaluator,
                       FeatureStatistics reference, EvaluationRecipe.ImageScores scores, List<String> classNames) {
        console.out().printf(Locale.ROOT, "Evaluator of %s: %.2f %% on %,d held-out images; FD reference %,d held-out "
                        + "images%n", dataset, 100 * evaluator.info().heldOutAccuracy(), evaluator.info().heldOutImages(),
                reference.count());
        console.out().printf(Locale.ROOT, "%,d images: accuracy %.1f %%, FD %.1f%n", generated.size(),
                100 * scores.accuracy(), scores.frechetDistance());
        List<String> parts = new ArrayList<>();
        for (int k = 0; k < scores.perClass().size(); k++) {
            Double share = scores.perClass().get(k);
            if (share != null) {
                parts.add(String.format(Locale.ROOT, "%s %.0f %%", classNames.get(k), 100 * share));
            }
        }
        console.out().println("per class: " + String.join(", ", parts));
    }

    private void writeJson(LabeledImageDataset generated, Evaluator evaluator, FeatureStatistics reference,
                           EvaluationRecipe.ImageScores scores) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("dataset", dataset);
        out.put("images", generated.size());
        out.put("accuracy", scores.accuracy());
        out.put("perClass", scores.perClass());
        out.put("frechetDistance", scores.frechetDistance());
        out.put("evaluatorAccuracy", evaluator.info().heldOutAccuracy());
        out.put("referenceImages", reference.count());
        Path parent = json.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        JsonMapper.shared().writerWithDefaultPrettyPrinter().writeValue(json.toFile(), out);
    }
}
