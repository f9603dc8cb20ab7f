package dev.diffusion.api.job.messaging;

import dev.diffusion.api.config.DiffusionConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

/**
 * Creates the four topics at start-up with the configured partitions, tolerating topics that exist.
 * If Kafka is unreachable it keeps trying in the background, so the api starts (and accepts jobs into
 * the outbox) without Kafka; the relay and the consumer wait for {@link #awaitReady}.
 */
@ApplicationScoped
public class KafkaTopics {

    private static final Logger LOG = Logger.getLogger(KafkaTopics.class);

    private final KafkaClients clients;
    private final DiffusionConfig.Kafka kafka;
    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile boolean running = true;

    @Inject
    public KafkaTopics(KafkaClients clients, DiffusionConfig config) {
        this.clients = clients;
        this.kafka = config.kafka();
    }

    void onStart(@Observes StartupEvent event) {
        try {
            ensureExist();
            ready.countDown();
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            LOG.warnf("Kafka is not reachable at start-up (%s); creating the topics in the background", e.getMessage());
        }
        Thread t = new Thread(this::createUntilDone, "kafka-topics");
        t.setDaemon(true);
        t.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
    }

    public boolean isReady() {
        return ready.getCount() == 0;
    }

    /** Waits until the topics exist; false when the wait timed out or the api is stopping. */
    public boolean awaitReady(long timeout, TimeUnit unit) throws InterruptedException {
        return ready.await(timeout, unit) && running;
    }

    /** The topics with their partition counts. */
    public List<NewTopic> definitions() {
        DiffusionConfig.Topics t = kafka.topics();
        short rf = kafka.replicationFactor();
        return List.of(
                new NewTopic(t.jobs(), t.jobsPartitions(), rf),
                new NewTopic(t.events(), t.eventsPartitions(), rf),
                new NewTopic(t.control(), t.controlPartitions(), rf),
                new NewTopic(t.deadLetters(), t.deadLettersPartitions(), rf));
    }

    /** Creates what is missing; existing topics are left as they are. */
    public void ensureExist() throws InterruptedException, ExecutionException {
        Map<String, KafkaFuture<Void>> results = clients.admin().createTopics(definitions()).values();
        for (Map.Entry<String, KafkaFuture<Void>> r : results.entrySet()) {
            try {
                r.getValue().get();
                LOG.infof("created topic %s", r.getKey());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
    }

    private void createUntilDone() {
        long delayMs = 500;
        while (running) {
            try {
                ensureExist();
                ready.countDown();
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.warnf("cannot create Kafka topics yet (%s); retrying in %d ms", e.getMessage(), delayMs);
                sleep(delayMs);
                delayMs = Math.min(5000, delayMs * 2);
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
