package dev.diffusion.deploy.infra;

import org.apache.kafka.common.utils.Exit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka's fault handlers call {@link Exit#exit}/{@link Exit#halt}, which would end the whole JVM — the test
 * JVM or the launcher. Installed once, this turns such a request into a logged error and an exception in
 * the calling broker thread.
 */
final class KafkaExitGuard {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaExitGuard.class);
    private static boolean installed;

    private KafkaExitGuard() {
    }

    static synchronized void install() {
        if (installed) {
            return;
        }
        Exit.setExitProcedure((status, message) -> refuse("exit", status, message));
        Exit.setHaltProcedure((status, message) -> refuse("halt", status, message));
        installed = true;
    }

    private static void refuse(String kind, int status, String message) {
        String text = "broker requested JVM " + kind + "(" + status + ")" + (message == null ? "" : ": " + message)
                + "; refused, the broker may be unusable until restarted";
        LOG.error("kafka: {}", text);
        throw new IllegalStateException("kafka: " + text);
    }
}
