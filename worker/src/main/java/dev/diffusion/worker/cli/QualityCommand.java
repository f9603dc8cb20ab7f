package dev.diffusion.worker.cli;

import ai.djl.ndarray.NDManager;

import dev.diffusion.common.spec.EffectiveTrainingSpec;
import dev.diffusion.engine.data.LabeledImageDataset;
import dev.diffusion.engine.eval.Evaluator;
import dev.diffusion.engine.eval.FeatureStatistics;
import dev.diffusion.engine.numerics.NumericsReport;
import dev.diffusion.worker.quality.EqualTimeBudget;
import dev.diffusion.worker.quality.QualityCell;
import dev.diffusion.worker.quality.QualityOutcome;
import dev.diffusion.worker.quality.QualityRecipe;
import dev.diffusion.worker.quality.QualityReport;
import dev.diffusion.worker.quality.QualityLedger;
import dev.diffusion.worker.quality.QualityStudy;
import dev.diffusion.worker.quality.SideBySideSpeed;
import dev.diffusion.worker.quality.TrainingStopped;
import dev.diffusion.worker.recipe.EvaluationRecipe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code worker quality}: the training recipes side by side, scored by the platform's evaluator. */
@Command(name = "quality",
        description = {"Compare training recipes by the platform's evaluator (docs/quality.md)", "",
            "For every data set, width and seed, trains each recipe from scratch for --steps steps (and, with "
                    + "--equal-time, for the steps the course recipe's training time allows it, from a side-by-side "
                    + "speed measurement), samples --images-per-class images per class with DDIM and scores them: "
                    + "conditional accuracy and the Fréchet distance to held-out real images in the evaluator's "
                    + "features. Finished cells are recorded with their provenance in --ledger (to commit), so a "
                    + "stopped study continues, also on another machine. Writes a dated section into --report."},
        footerHeading = "%nExamples:%n",
        footer = {"  worker import-dataset mnist",
            "  worker quality --datasets mnist --widths 32 --seeds 0,1 --steps 1000 --recipes course,defaults --equal-time",
            "  worker quality --datasets fashion-mnist --widths 64 --seeds 1 --recipes course,defaults --stop-after 2h",
            "  worker quality --datasets shapes --steps 100 --recipes course,'no-ema={\"ema\":{\"enabled\":false}}'"})
public final class QualityCommand extends ConsoleCommand {

    private static final double SAME_BUDGET = 0.03;

    @Option(names = "--datasets", split = ",", paramLabel = "NAME", description = "data sets (default mnist)")
    private List<String> datasets = List.of("mnist");

    @Option(names = "--widths", split = ",", paramLabel = "N", description = "ContextUnet n_feat values (default 32)")
    private List<Integer> widths = List.of(32);

    @Option(names = "--seeds", split = ",", paramLabel = "N", description = "training seeds (default 0,1)")
    private List<Long> seeds = List.of(0L, 1L);

    @Option(names = "--steps", paramLabel = "N", description = "optimizer steps of every recipe (default 1000)")
    private int steps = 1000;

    @Option(names = "--recipes", paramLabel = "RECIPE,...",
            description = "course, defaults, defaults-2026-12-04, defaults-2026-12-05 or name={training-spec fields}, separated by commas "
                    + "outside braces; \"clipDenoised\":false in the braces samples without clipping x0 "
                    + "(default course,defaults)")
    private String recipes = "course,defaults";

    @Option(names = "--equal-time", description = "also train each recipe for the course recipe's training time")
    private boolean equalTime;

    @Option(names = "--only-equal-time",
            description = "with --equal-time, train only the equal-time cells (and the course recipe's, which set the time)")
    private boolean onlyEqualTime;

    @Option(names = "--batch-size", paramLabel = "N", description = "images per step (default 64)")
    private int batchSize = 64;

    @Option(names = "--images-per-class", paramLabel = "N", description = "evaluation images per class (default 20)")
    private int imagesPerClass = 20;

    @Option(names = "--sampler-steps", paramLabel = "N", description = "DDIM steps of the evaluation (default 25)")
    private int samplerSteps = 25;

    @Option(names = "--evaluation-seed", paramLabel = "N", description = "seed of the evaluation noise (default 1234)")
    private long evaluationSeed = 1234;

    @Option(names = "--reference-images", paramLabel = "N", description = "held-out real images for FD (default 1000)")
    private int referenceImages = 1000;

    @Option(names = "--evaluator-steps", paramLabel = "N", description = "evaluator training steps (default 1500)")
    private int evaluatorSteps = 1500;

    @Option(names = "--speed-rounds", paramLabel = "N", description = "rounds of the speed comparison (default 3)")
    private int speedRounds = 3;

    @Option(names = "--speed-steps", paramLabel = "N", description = "timed steps per recipe and round (default 10)")
    private int speedSteps = 10;

    @Option(names = "--stop-after", paramLabel = "DURATION",
            description = "stop training after this long (e.g. 90m, 2h, 45s), checkpointed; the same command "
                    + "continues where it stopped (default: run to the end)")
    private String stopAfter;

    @Option(names = "--work", paramLabel = "DIR",
            description = "the cells' training runs and checkpoints, machine-local (default .local/quality)")
    private Path work = Path.of(".local", "quality");

    @Option(names = "--report", paramLabel = "FILE", description = "report to insert the section into (default docs/quality.md)")
    private Path report = Path.of("docs", "quality.md");

    @Option(names = "--ledger", paramLabel = "DIR",
            description = "the study's record to commit: evaluators/ and cells/<id>.json with .png grids "
                    + "(default: the report's path without .md, docs/quality)")
    private Path ledger;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "imported IDX folder of mnist/fashion-mnist (default ./.local/datasets/<name>)")
    private Path dataDir;

    @Mixin
    private EngineOptions engine;

    @Override
    public Integer call() throws Exception {
        Console console = console();
        List<QualityRecipe> chosen = topLevelParts(recipes).stream().map(QualityCommand::recipe).toList();
        if (chosen.stream().map(QualityRecipe::name).distinct().count() != chosen.size()) {
            throw new UsageException("--recipes: every recipe needs its own name");
        }
        if (steps < 1 || batchSize < 1 || imagesPerClass < 1 || samplerSteps < 1 || speedRounds < 1 || speedSteps < 1) {
            throw new UsageException("--steps, --batch-size, --images-per-class, --sampler-steps, --speed-rounds and "
                    + "--speed-steps must be at least 1");
        }
        if (equalTime && !chosen.contains(QualityRecipe.COURSE)) {
            throw new UsageException("--equal-time gives every recipe the course recipe's time: add course to --recipes");
        }
        if (onlyEqualTime && !equalTime) {
            throw new UsageException("--only-equal-time needs --equal-time");
        }
        BooleanSupplier stopRequested = StopAfter.clock(stopAfter);
        Threads.apply(engine.threads());
        int threads = engine.threads().orElse(Runtime.getRuntime().availableProcessors());
        NumericsReport numerics = EngineCheck.require(engine.kernels(), console);
        String machine = numerics.kernels().label() + ", " + numerics.cpu().summary() + ", " + numerics.threads()
                + " thread(s)";
        String commit = MachineInfo.gitCommit(Path.of("").toAbsolutePath());
        Path ledgerDir = ledger != null ? ledger
                : report.resolveSibling(report.getFileName().toString().replaceFirst("\\.md$", ""));
        QualityStudy study = new QualityStudy(new QualityStudy.Settings(work, ledgerDir, batchSize, imagesPerClass,
                samplerSteps, evaluationSeed));
        ZonedDateTime started = ZonedDateTime.now(ZoneOffset.UTC);
        List<QualityOutcome> outcomes = new ArrayList<>();
        Map<String, Map<String, Double>> speeds = new LinkedHashMap<>();
        List<String> evaluatorLines = new ArrayList<>();
        try {
            runStudy(study, chosen, commit, machine, ledgerDir, stopRequested, outcomes, speeds, evaluatorLines, console);
        } catch (TrainingStopped stopped) {
            console.out().println("Stopped after --stop-after " + stopAfter + ": " + stopped.getMessage()
                    + ". Finished cells are in " + ledgerDir.resolve(QualityLedger.CELLS) + "; no section was written.");
            return WorkerCli.STOPPED;
        }
        write(started, commit, threads, chosen, speeds, outcomes, evaluatorLines, ledgerDir, console);
        return WorkerCli.OK;
    }

    private void runStudy(QualityStudy study, List<QualityRecipe> chosen, String commit, String machine, Path ledgerDir,
                          BooleanSupplier stopRequested, List<QualityOutcome> outcomes,
                          Map<String, Map<String, Double>> speeds, List<String> evaluatorLines, Console console)
            throws Exception {
        for (String dataset : datasets) {
            LabeledImageDataset data = TrainingDatasets.load(dataset, null, null, dataDir, seeds.get(0));
            try (NDManager manager = NDManager.newBaseManager()) {
                Evaluator evaluator = CachedEvaluators.obtain(data, dataset, ledgerDir, evaluatorSteps, manager, console);
                FeatureStatistics reference = evaluator.statistics(EvaluationRecipe.referenceImages(data, referenceImages));
                QualityCells.Judge judge = new QualityCells.Judge(data, evaluator, reference,
                        sha256(CachedEvaluators.file(data, dataset, ledgerDir, evaluatorSteps)), commit, machine);
                evaluatorLines.add(String.format(Locale.ROOT, "%s: evaluator %.2f %% on %,d held-out images, "
                                + "FD reference %,d held-out images", dataset, 100 * evaluator.info().heldOutAccuracy(),
                        evaluator.info().heldOutImages(), reference.count()));
                for (int width : widths) {
                    Map<String, Integer> timeSteps = equalTime
                            ? equalTimeSteps(study, data, dataset, width, chosen, speeds, console) : Map.of();
                    for (long seed : seeds) {
                        List<QualityCell> wanted = new ArrayList<>();
                        for (QualityRecipe recipe : chosen) {
                            // the course recipe's own cell is its time budget; others' are left out when asked
                            if (!onlyEqualTime || recipe.equals(QualityRecipe.COURSE)
                                    || timeSteps.getOrDefault(recipe.name(), steps) == steps) {
                                wanted.add(new QualityCell(dataset, width, seed, recipe, steps, "steps"));
                            }
                        }
                        List<QualityOutcome> sameSteps = QualityCells.runAll(study, wanted, judge, stopRequested, console);
                        if (!onlyEqualTime) {
                            outcomes.addAll(sameSteps);
                        }
                        List<QualityCell> longer = new ArrayList<>();
                        for (QualityRecipe recipe : chosen) {
                            if (timeSteps.containsKey(recipe.name())) {
                                int n = timeSteps.get(recipe.name());
                                if (n == steps) {
                                    outcomes.add(sameSteps.stream().filter(o -> o.recipe().equals(recipe.name()))
                                            .findFirst().orElseThrow().withBudget("time"));
                                } else {
                                    longer.add(new QualityCell(dataset, width, seed, recipe, n, "time"));
                                }
                            }
                        }
                        outcomes.addAll(QualityCells.runAll(study, longer, judge, stopRequested, console));
                    }
                }
            }
        }
    }

    /** Splits at commas outside braces, so a recipe's JSON may hold commas. */
    static List<String> topLevelParts(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts.stream().map(String::strip).filter(p -> !p.isEmpty()).toList();
    }

    private static QualityRecipe recipe(String text) {
        try {
            return QualityRecipe.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--recipes: " + e.getMessage());
        }
    }

    /** Each recipe's steps in the course recipe's training time at {@link #steps}, from a side-by-side speed run. */
    private Map<String, Integer> equalTimeSteps(QualityStudy study, LabeledImageDataset data, String dataset, int width,
                                                List<QualityRecipe> chosen, Map<String, Map<String, Double>> speeds,
                                                Console console) {
        List<EffectiveTrainingSpec> all = chosen.stream()
                .map(r -> study.spec(new QualityCell(dataset, width, seeds.get(0), r, steps, "steps"), data)).toList();
        List<String> specShas = all.stream().map(QualityStudy::specSha256).toList();
        // recipes of one training spec (one that became the defaults, say) are one measurement, so they get one budget
        List<String> distinct = specShas.stream().distinct().toList();
        List<EffectiveTrainingSpec> specs = distinct.stream().map(sha -> all.get(specShas.indexOf(sha))).toList();
        console.out().printf(Locale.ROOT, "Measuring training speed of %s at n_feat %d side by side%n", dataset, width);
        double[][] measured = SideBySideSpeed.secondsPerStepByRound(specs, data, speedRounds, 3, speedSteps);
        double[][] rounds = specShas.stream().map(sha -> measured[distinct.indexOf(sha)]).toArray(double[][]::new);
        double[] course = rounds[chosen.indexOf(QualityRecipe.COURSE)];
        EqualTimeBudget budget = new EqualTimeBudget(steps, SAME_BUDGET);
        Map<String, Double> bySpeed = new LinkedHashMap<>();
        Map<String, Integer> result = new LinkedHashMap<>();
        for (int i = 0; i < chosen.size(); i++) {
            bySpeed.put(chosen.get(i).name(), EqualTimeBudget.median(rounds[i]));
            result.put(chosen.get(i).name(), budget.stepsFor(course, rounds[i]));
            String first = chosen.get(specShas.indexOf(specShas.get(i))).name();
            console.out().printf(Locale.ROOT, "  %s: %s s/step by round -> %d steps in the course recipe's time%s%n",
                    chosen.get(i).name(), Arrays.stream(rounds[i]).mapToObj(r -> String.format(Locale.ROOT,
                            "%.3f", r)).collect(Collectors.joining(", ")), result.get(chosen.get(i).name()),
                    first.equals(chosen.get(i).name()) ? "" : " (the training spec of " + first + ", timed once)");
        }
        speeds.put(dataset + " n_feat " + width, bySpeed);
        return result;
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private void write(ZonedDateTime started, String commit, int threads, List<QualityRecipe> chosen,
                       Map<String, Map<String, Double>> speeds, List<QualityOutcome> outcomes,
                       List<String> evaluatorLines, Path ledgerDir, Console console) throws Exception {
        Path reportDir = report.toAbsolutePath().getParent();
        Path grids = ledgerDir.toAbsolutePath().resolve(QualityLedger.CELLS);
        MachineInfo machine = MachineInfo.current();
        List<String> context = new ArrayList<>();
        context.add(String.format(Locale.ROOT, "Machine: %s, %d processors, %.0f GiB; flags %s; %d PyTorch threads; %s",
                machine.cpuModel(), machine.processors(), machine.memoryGiB(), String.join(" ", machine.isaFlags()),
                threads, machine.jvm()));
        // the commit the study started on: the tree may move on while a study of hours runs
        context.add("Commit: " + commit + "; finished "
                + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")));
        context.add("Command: `worker quality --datasets " + String.join(",", datasets) + " --widths "
                + widths.stream().map(String::valueOf).collect(Collectors.joining(",")) + " --seeds "
                + seeds.stream().map(String::valueOf).collect(Collectors.joining(",")) + " --steps " + steps
                + " --batch-size " + batchSize + " --recipes '" + recipes + "'"
                + (equalTime ? " --equal-time" : "") + (onlyEqualTime ? " --only-equal-time" : "") + "`");
        context.add(String.format(Locale.ROOT, "Judge: DDIM %d steps, guidance 1, %d images per class, evaluation seed %d",
                samplerSteps, imagesPerClass, evaluationSeed));
        context.addAll(evaluatorLines);
        context.add("Cells trained at: " + outcomes.stream()
                .map(o -> o.provenance().commit() + " on " + o.provenance().machine())
                .collect(Collectors.groupingBy(where -> where, LinkedHashMap::new, Collectors.counting()))
                .entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")").collect(Collectors.joining("; ")));
        String heading = started.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")) + " — "
                + String.join(", ", datasets) + ", n_feat " + widths.stream().map(String::valueOf)
                .collect(Collectors.joining("/")) + ", " + steps + " steps, " + seeds.size() + " seed(s)";
        String relative = reportDir.relativize(grids).toString();
        QualityReport section = new QualityReport(heading, context, chosen, speeds, outcomes, relative);
        section.insertInto(report);
        console.out().println("Wrote a section into " + report + "; outcomes and grids are in " + grids);
    }
}
