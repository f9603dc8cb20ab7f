package dev.diffusion.worker.quality;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.ToDoubleFunction;

/**
 * A run of the quality study as a section of docs/quality.md: what was run where, the side-by-side speed of the
 * recipes, every cell, and the means over seeds beside the course recipe's. Sections go after
 * {@link #MARKER}, newest first; the text above it is the project's reading of them.
 *
 * @param heading the section's title (date and scope)
 * @param context lines about the machine, commit, command and evaluator
 * @param recipes the recipes, in the order given
 * @param speeds seconds per step per data set and width ({@code mnist n_feat 32}), per recipe name
 * @param outcomes every cell
 * @param gridFolder where the cells' grids were copied, relative to the report
 */
public record QualityReport(String heading, List<String> context, List<QualityRecipe> recipes,
                            Map<String, Map<String, Double>> speeds, List<QualityOutcome> outcomes, String gridFolder) {

    /** The line after which run sections are inserted. */
    public static final String MARKER = "<!-- quality runs: `worker quality` inserts its sections below, newest first -->";

    /**
     * The section.
     *
     * @return Markdown
     */
    public String markdown() {
        StringBuilder md = new StringBuilder("## ").append(heading).append("\n\n");
        context.forEach(line -> md.append(line).append("  \n"));
        md.append("\nRecipes:\n\n");
        recipes.forEach(r -> md.append("- `").append(r.name()).append("`: ").append(r.description())
                .append(" — `").append(r.overlayJson()).append("`\n"));
        if (!speeds.isEmpty()) {
            md.append("\nTraining speed side by side (seconds per step, median of the rounds; ratio to `course`):\n\n");
            speeds.forEach((scope, bySpeed) -> {
                Double course = bySpeed.get(QualityRecipe.COURSE.name());
                md.append("- ").append(scope).append(": ");
                List<String> parts = new ArrayList<>();
                bySpeed.forEach((recipe, s) -> parts.add(String.format(Locale.ROOT, "`%s` %.3f s%s", recipe, s,
                        course == null ? "" : String.format(Locale.ROOT, " (%.2f×)", s / course))));
                md.append(String.join(", ", parts)).append('\n');
            });
        }
        md.append("\n| data set | n_feat | budget | recipe | seed | steps | train s | s/step | last loss | accuracy | FD | grid |\n");
        md.append("|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (QualityOutcome o : outcomes) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %d | %,d | %.0f | %.3f | %.4f | %.1f %% | %.1f | [png](%s/%s.png) |%n",
                    o.dataset(), o.width(), o.budget(), o.recipe(), o.seed(), o.steps(), o.trainSeconds(),
                    o.secondsPerStep(), o.finalLoss(), 100 * o.accuracy(), o.frechetDistance(), gridFolder, o.id()));
        }
        md.append("\nMeans over seeds (accuracy: higher is better; FD: lower is better):\n\n");
        md.append("| data set | n_feat | budget | recipe | seeds | accuracy | FD | accuracy − course | FD ÷ course |\n");
        md.append("|---|---:|---|---|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<String, List<QualityOutcome>> group : groups().entrySet()) {
            List<QualityOutcome> cells = group.getValue();
            QualityOutcome first = cells.get(0);
            OptionalDouble courseAccuracy = mean(course(first), QualityOutcome::accuracy);
            OptionalDouble courseFd = mean(course(first), QualityOutcome::frechetDistance);
            double accuracy = mean(cells, QualityOutcome::accuracy).orElse(Double.NaN);
            double fd = mean(cells, QualityOutcome::frechetDistance).orElse(Double.NaN);
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %d | %.1f %% | %.1f | %s | %s |%n",
                    first.dataset(), first.width(), first.budget(), first.recipe(), cells.size(), 100 * accuracy, fd,
                    courseAccuracy.isPresent() ? String.format(Locale.ROOT, "%+.1f pt", 100 * (accuracy - courseAccuracy.getAsDouble())) : "–",
                    courseFd.isPresent() ? String.format(Locale.ROOT, "%.2f", fd / courseFd.getAsDouble()) : "–"));
        }
        return md.append('\n').toString();
    }

    /**
     * Inserts the section into a report file after {@link #MARKER}, creating the file with a title when missing.
     *
     * @param file docs/quality.md
     * @throws IOException when the file cannot be read or written
     */
    public void insertInto(Path file) throws IOException {
        String text = Files.isRegularFile(file) ? Files.readString(file)
                : "# Quality of the training recipes\n\n" + MARKER + "\n";
        int at = text.indexOf(MARKER);
        if (at < 0) {
            text = text + "\n" + MARKER + "\n";
            at = text.indexOf(MARKER);
        }
        int after = at + MARKER.length();
        Files.writeString(file, text.substring(0, after) + "\n\n" + markdown() + text.substring(after).stripLeading());
    }

    /** The cells by data set, width, budget and recipe, in that order of first appearance. */
    private Map<String, List<QualityOutcome>> groups() {
        Map<String, List<QualityOutcome>> groups = new LinkedHashMap<>();
        for (QualityOutcome o : outcomes) {
            groups.computeIfAbsent(o.dataset() + "|" + o.width() + "|" + o.budget() + "|" + o.recipe(),
                    k -> new ArrayList<>()).add(o);
        }
        return groups;
    }

    /** The course recipe's cells beside a group: same data set and width (the course sets the time budget). */
    private List<QualityOutcome> course(QualityOutcome of) {
        return outcomes.stream().filter(o -> o.dataset().equals(of.dataset()) && o.width() == of.width()
                && o.recipe().equals(QualityRecipe.COURSE.name())).toList();
    }

    private static OptionalDouble mean(List<QualityOutcome> cells, ToDoubleFunction<QualityOutcome> value) {
        return cells.stream().mapToDouble(value).average();
    }
}
