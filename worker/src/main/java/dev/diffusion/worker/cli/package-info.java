/**
 * The worker's command line: {@code train}, {@code sample}, {@code import-dataset}, {@code import-weights},
 * {@code export-weights}, {@code self-check}, {@code bench}, {@code quality} and {@code score-images}. Plain Java
 * command classes (testable without Quarkus), parsed by picocli under one top-level command,
 * {@link dev.diffusion.worker.cli.WorkerCli}; exit codes 0 (success), 1 (failure) and 2 (bad usage).
 */
package dev.diffusion.worker.cli;
