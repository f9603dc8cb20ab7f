package dev.diffusion.common.storage;

import dev.diffusion.common.spec.Datasets;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The object-storage areas a job may read an {@code s3://} data set from: its tenant's own area, the built-in data
 * sets and whatever an admin granted the tenant. The api checks a data set against it at submission and puts it in
 * every dispatch; the worker checks again before it lists a single object, so a job reads nothing else whatever a
 * message says.
 *
 * @param locations {@code s3://bucket/prefix/} locations; a data set is inside one when its bucket is the same and its
 *                  prefix (with a trailing {@code /}) starts with the location's
 */
public record DatasetScope(List<String> locations) {

    /** At most this many locations an admin may grant one tenant. */
    public static final int MAX_GRANTS = 50;

    /** Checks and normalises every location (a trailing {@code /} added). */
    public DatasetScope {
        if (locations == null) {
            throw new IllegalArgumentException("a data-set scope needs its locations");
        }
        List<String> normalised = new ArrayList<>(locations.size());
        for (String location : locations) {
            Optional<String> problem = problemWith(location);
            if (problem.isPresent()) {
                throw new IllegalArgumentException(problem.get());
            }
            normalised.add(normalise(location));
        }
        locations = List.copyOf(normalised);
    }

    /**
     * The scope of a tenant.
     *
     * @param datasetsBucket the installation's datasets bucket
     * @param tenantArea     {@link ObjectKeys#tenantArea} of the tenant
     * @param granted        locations an admin granted the tenant
     * @return its own area, the built-in data sets and the grants
     */
    public static DatasetScope of(String datasetsBucket, String tenantArea, List<String> granted) {
        List<String> all = new ArrayList<>();
        all.add("s3://" + datasetsBucket + "/" + tenantArea);
        all.add("s3://" + datasetsBucket + "/" + ObjectKeys.builtInDatasetsArea());
        all.addAll(granted);
        return new DatasetScope(all);
    }

    /**
     * Whether a job of this scope may read the data set: a built-in name always, an {@code s3://} location when it lies
     * inside one of the locations.
     *
     * @param dataset the spec's {@code dataset}
     * @return true when it may be read
     */
    public boolean allows(String dataset) {
        if (dataset == null || !Datasets.isObjectStoreLocation(dataset)) {
            return dataset != null && Datasets.isBuiltIn(dataset.trim());
        }
        if (Datasets.locationProblem(dataset).isPresent()) {
            return false;
        }
        ObjectLocation asked = ObjectKeys.parseLocation(normalise(dataset));
        return locations.stream().map(DatasetScope::parse)
                .anyMatch(area -> area.bucket().equals(asked.bucket()) && asked.key().startsWith(area.key()));
    }

    /**
     * Why a location cannot be granted, or empty when it can.
     *
     * @param location an {@code s3://bucket/prefix} location
     * @return the problem in words
     */
    public static Optional<String> problemWith(String location) {
        if (location == null || location.isBlank()) {
            return Optional.of("a location is s3://bucket/ or s3://bucket/prefix/ (was empty)");
        }
        String trimmed = location.trim();
        if (!trimmed.startsWith(Datasets.S3_SCHEME)) {
            return Optional.of("'" + trimmed + "' is not an s3://bucket/ or s3://bucket/prefix/ location");
        }
        // a whole bucket is checked as its first possible prefix, which has the bucket's rules and no key problems
        return Datasets.locationProblem(Datasets.isObjectStoreLocation(trimmed) ? trimmed : wholeBucket(trimmed) + "x");
    }

    /** The location with a trailing slash, so {@code a/b} does not contain {@code a/bc}; a bucket alone as {@code s3://b/}. */
    private static String normalise(String location) {
        String trimmed = location.trim();
        if (!Datasets.isObjectStoreLocation(trimmed)) {
            return wholeBucket(trimmed);
        }
        return trimmed.endsWith("/") ? trimmed : trimmed + "/";
    }

    private static String wholeBucket(String location) {
        String bucket = location.substring(Datasets.S3_SCHEME.length());
        return Datasets.S3_SCHEME + (bucket.endsWith("/") ? bucket.substring(0, bucket.length() - 1) : bucket) + "/";
    }

    private static ObjectLocation parse(String normalised) {
        String rest = normalised.substring(Datasets.S3_SCHEME.length());
        int slash = rest.indexOf('/');
        return new ObjectLocation(rest.substring(0, slash), rest.substring(slash + 1));
    }
}
