package dev.diffusion.deploy.infra;

/** The servers {@link LocalInfrastructure} can run; {@link #label()} prefixes every error message. */
public enum Component {
    POSTGRES("postgres"),
    KAFKA("kafka"),
    S3("s3");

    private final String label;

    Component(String label) {
        this.label = label;
    }

    /** Short lower-case name used in messages, e.g. {@code "kafka"}. */
    public String label() {
        return label;
    }
}
