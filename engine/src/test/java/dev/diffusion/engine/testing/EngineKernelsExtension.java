package dev.diffusion.engine.testing;

import dev.diffusion.engine.numerics.EngineNumerics;
import dev.diffusion.engine.numerics.KernelPolicy;
import dev.diffusion.engine.numerics.NumericsReport;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Settles the engine's kernel set in an engine-test JVM the way the worker does at start
 * ({@link KernelPolicy#AUTO} unless {@link #POLICY_PROPERTY} says otherwise), before any test class runs: on a CPU where oneDNN fails the self-check
 * the tests then exercise the kernels the product would use there. Registered for every test class
 * (junit-platform.properties), it acts only where surefire sets {@link #PROPERTY}: the job-service JVM
 * loads DJL in Quarkus' class loader and must not load it here first.
 */
public final class EngineKernelsExtension implements BeforeAllCallback {

    /** System property that turns the extension on. */
    public static final String PROPERTY = "diffusion.test.engine-self-check";
    /** System property choosing the policy (auto, onednn, native; default auto), e.g. to run the tests on PyTorch's own kernels. */
    public static final String POLICY_PROPERTY = "diffusion.test.kernels";

    @Override
    public void beforeAll(ExtensionContext context) {
        if (!Boolean.getBoolean(PROPERTY) || EngineNumerics.current().isPresent()) {
            return;
        }
        KernelPolicy policy = KernelPolicy.valueOf(
                System.getProperty(POLICY_PROPERTY, "auto").toUpperCase(java.util.Locale.ROOT));
        NumericsReport report = EngineNumerics.establish(policy);
        System.err.println("engine self-check " + report.summary());
    }
}
