/**
 * The quality study: training recipes (the DeepLearning.AI course's plain recipe, the platform's defaults and
 * variants) trained side by side on the same data and seeds and scored by the platform's own evaluator, so defaults
 * are chosen by measurement ({@code worker quality}, docs/quality.md). Outcomes go into a ledger with their
 * {@link dev.diffusion.worker.quality.CellProvenance}, committed so a study spans sessions and machines.
 */
package dev.diffusion.worker.quality;
