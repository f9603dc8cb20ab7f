/**
 * The worker's command line: {@code train}, {@code sample}, {@code import-dataset} and {@code bench}.
 * Plain Java command classes (testable without Quarkus) behind one dispatcher,
 * {@link dev.diffusion.worker.cli.CommandLine}; exit codes 0 (success), 1 (failure) and 2 (bad usage).
 */
package dev.diffusion.worker.cli;
