package dev.diffusion.worker.quality;

import dev.diffusion.common.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * The quality study's record, meant to be committed: {@code cells/<id>.json}, each cell's outcome with its
 * {@link CellProvenance}, and {@code cells/<id>.png}, its grid. A study reads it to reuse the cells that still measure
 * what they would measure now.
 *
 * @param dir the ledger folder (docs/quality by default)
 */
public record QualityLedger(Path dir) {

    /** The ledger's folder of outcomes ({@code <id>.json}) and grids ({@code <id>.png}). */
    public static final String CELLS = "cells";

    /**
     * The stored outcome of a cell in the ledger, if any. An outcome without provenance cannot be shown to hold for
     * the code of today, so it is stale.
     *
     * @param cell the cell
     * @param expected the provenance the cell would have if trained now
     * @return the stored outcome and whether it still holds
     * @throws IOException when the file exists but cannot be read
     */
    public Stored stored(QualityCell cell, CellProvenance expected) throws IOException {
        Path file = file(cell.id());
        if (!Files.isRegularFile(file)) {
            return new Stored(null, List.of());
        }
        QualityOutcome outcome = JsonMapper.shared().readValue(file.toFile(), QualityOutcome.class);
        return new Stored(outcome, outcome.provenance() == null ? List.of("no recorded provenance")
                : outcome.provenance().differencesFrom(expected));
    }

    /**
     * An outcome recorded for a cell of another recipe that measured exactly what this cell would
     * ({@link CellProvenance#sameMeasurement}), e.g. a recipe that has since become the defaults, recorded again as
     * this cell's, with its grid.
     *
     * @param cell the cell
     * @param expected the provenance the cell would have if trained now
     * @return the outcome now recorded under the cell's id; empty when no recorded cell measured the same
     * @throws IOException when the ledger cannot be read or written
     */
    public Optional<Adopted> adoptSameMeasurement(QualityCell cell, CellProvenance expected) throws IOException {
        Path cells = dir.resolve(CELLS);
        if (!Files.isDirectory(cells)) {
            return Optional.empty();
        }
        List<Path> files;
        try (var listing = Files.list(cells)) {
            files = listing.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        for (Path file : files) {
            QualityOutcome other = JsonMapper.shared().readValue(file.toFile(), QualityOutcome.class);
            if (!other.id().equals(cell.id()) && other.provenance() != null
                    && other.provenance().sameMeasurement(expected)) {
                return Optional.of(new Adopted(record(other.asOutcomeOf(cell), cells.resolve(other.grid())), other.id()));
            }
        }
        return Optional.empty();
    }

    /**
     * Records the sampler's clipping in a kept outcome that was stored without it, so that cells of other recipes can
     * find it ({@link #adoptSameMeasurement}).
     *
     * @param outcome a reusable stored outcome of the cell
     * @param cell the cell, whose recipe's clipping it was judged with
     * @return the outcome as now recorded
     * @throws IOException when the ledger cannot be written
     */
    public QualityOutcome recordClipping(QualityOutcome outcome, QualityCell cell) throws IOException {
        if (outcome.provenance().judged().clipDenoised() != null) {
            return outcome;
        }
        QualityOutcome completed = outcome.withProvenance(
                outcome.provenance().withClipping(cell.recipe().clipDenoised()));
        return record(completed, file(outcome.id()).resolveSibling(outcome.grid()));
    }

    /**
     * The ledger file of a cell's outcome; its grid is beside it with the extension {@code .png}.
     *
     * @param id the cell's id
     * @return {@code <ledger>/cells/<id>.json}
     */
    public Path file(String id) {
        return dir.resolve(CELLS).resolve(id + ".json");
    }

    /** Writes an outcome and its grid into the ledger; the recorded outcome names the grid there. */
    QualityOutcome record(QualityOutcome outcome, Path grid) throws IOException {
        Path file = file(outcome.id());
        Files.createDirectories(file.getParent());
        String gridName = outcome.id() + ".png";
        Files.copy(grid, file.resolveSibling(gridName), StandardCopyOption.REPLACE_EXISTING);
        QualityOutcome recorded = outcome.withGrid(gridName);
        JsonMapper.shared().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), recorded);
        return recorded;
    }

    /**
     * An outcome of another recipe's cell recorded as a cell's own.
     *
     * @param outcome the outcome as recorded for the cell
     * @param fromId the id of the cell that measured it
     */
    public record Adopted(QualityOutcome outcome, String fromId) {}

    /**
     * A cell's stored outcome.
     *
     * @param outcome the outcome, or null when the cell was never measured
     * @param staleBecause why it does not hold for the cell as it would be trained now; empty when it holds
     */
    public record Stored(QualityOutcome outcome, List<String> staleBecause) {

        /** @return whether the outcome exists and still holds */
        public boolean reusable() {
            return outcome != null && staleBecause.isEmpty();
        }
    }
}
