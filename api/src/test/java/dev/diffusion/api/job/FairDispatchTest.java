package dev.diffusion.api.job;

import static dev.diffusion.api.testing.Api.awaitStatus;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.diffusion.api.job.messaging.OutboxRelay;
import dev.diffusion.api.testing.KafkaTestClient;
import dev.diffusion.api.testing.Scenarios;
import dev.diffusion.api.testing.TestClock;
import dev.diffusion.api.testing.TestKeys;
import dev.diffusion.api.testing.TestKeys.TenantKey;
import dev.diffusion.api.testing.TestWorker;
import dev.diffusion.common.messaging.Topics;
import io.minio.MinioClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Fair scheduling with {@code diffusion.dispatch.max-in-flight-per-tenant} = 2: a tenant's further dispatches wait in
 * the outbox while two of its jobs are dispatched and unfinished; other tenants' dispatches and control commands pass.
 */
@QuarkusTest
@TestProfile(FairDispatchTest.CapOfTwo.class)
class FairDispatchTest {

    private static final int CAP = 2;
    private static final String TRAINING = "{\"dataset\":\"shapes\",\"steps\":20,\"seed\":1}";

    /** The cap this test is about; the other tests run without one. */
    public static class CapOfTwo implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("diffusion.dispatch.max-in-flight-per-tenant", String.valueOf(CAP));
        }
    }

    @Inject
    MinioClient s3;

    @Inject
    TestClock clock;

    @Inject
    OutboxRelay relay;

    private final KafkaTestClient kafka = KafkaTestClient.get();

    @Test
    void a_tenant_with_many_queued_jobs_does_not_hold_up_another_tenants_single_job() {
        TenantKey busy = TestKeys.newTenant("fair-busy", "member");
        TenantKey other = TestKeys.newTenant("fair-single", "member");
        List<UUID> many = submit(busy, 8);
        UUID single = submit(other, 1).get(0);

        kafka.awaitDispatch(single, 1);

        assertThat(many.subList(CAP, many.size())).as("behind the cap when the other tenant's job went out")
                .noneMatch(FairDispatchTest::dispatched);
        many.subList(0, CAP).forEach(id -> kafka.awaitDispatch(id, 1));
        assertStaysUndispatched(many.subList(CAP, many.size()));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> heldGauge() >= many.size() - CAP);

        TestWorker.Run first = Scenarios.running(many.get(0), 1, new TestWorker("fair-worker-1", s3), busy.key());
        first.succeedTraining("w".getBytes(), List.of(), Map.of("loss", 0.1));

        kafka.awaitDispatch(many.get(CAP), 1);
        assertStaysUndispatched(many.subList(CAP + 1, many.size()));
    }

    @Test
    void a_cancel_goes_out_while_the_tenants_dispatches_wait_and_the_cancelled_job_frees_its_slot() {
        TenantKey tenant = TestKeys.newTenant("fair-cancel", "member");
        List<UUID> jobs = submit(tenant, CAP + 1);
        TestWorker.Run run = Scenarios.running(jobs.get(0), 1, new TestWorker("fair-worker-2", s3), tenant.key());
        kafka.awaitDispatch(jobs.get(1), 1);

        given().auth().oauth2(tenant.key()).when().post("/api/v1/jobs/" + jobs.get(0) + "/cancel")
                .then().statusCode(202);

        kafka.awaitControl(jobs.get(0), 1);
        assertStaysUndispatched(jobs.subList(CAP, CAP + 1));
        run.cancelled(List.of());
        awaitStatus(jobs.get(0), "CANCELLED", tenant.key());
        kafka.awaitDispatch(jobs.get(CAP), 1);
    }

    @Test
    void a_job_retried_after_a_failure_frees_its_slot_and_is_dispatched_again_when_the_tenant_has_room() {
        TenantKey tenant = TestKeys.newTenant("fair-retry", "member");
        List<UUID> jobs = submit(tenant, CAP + 1);
        UUID retried = jobs.get(0);
        TestWorker.Run failing = Scenarios.running(retried, 1, new TestWorker("fair-worker-3", s3), tenant.key());
        kafka.awaitDispatch(jobs.get(1), 1);

        failing.fail("WORKER_LOST_GPU", "device went away", true);

        awaitStatus(retried, "QUEUED", tenant.key());
        kafka.awaitDispatch(jobs.get(2), 1);
        clock.advance(Duration.ofSeconds(21));
        Awaitility.await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> kafka.dispatches(retried).size() == 1);

        TestWorker.Run second = Scenarios.running(jobs.get(1), 1, new TestWorker("fair-worker-4", s3), tenant.key());
        second.succeedTraining("w".getBytes(), List.of(), Map.of("loss", 0.1));

        assertThat(kafka.awaitDispatch(retried, 2).attempt()).isEqualTo(2);
    }

    @Test
    void relays_of_several_instances_at_once_publish_no_more_than_the_cap() throws Exception {
        TenantKey tenant = TestKeys.newTenant("fair-relays", "member");
        AtomicBoolean relaying = new AtomicBoolean(true);
        ExecutorService instances = Executors.newFixedThreadPool(3);
        List<Future<?>> rounds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            rounds.add(instances.submit(() -> {
                while (relaying.get()) {
                    relay.relayOnce();
                }
                return null;
            }));
        }
        List<UUID> jobs;
        try {
            jobs = submit(tenant, 6);
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> jobs.stream().filter(FairDispatchTest::dispatched).count() >= CAP);
            Thread.sleep(1000);
        } finally {
            relaying.set(false);
            for (Future<?> round : rounds) {
                round.get();
            }
            instances.shutdown();
        }
        relay.relayOnce();

        assertThat(jobs.stream().filter(FairDispatchTest::dispatched)).as("the oldest two, once each")
                .containsExactlyElementsOf(jobs.subList(0, CAP));
        assertThat(jobs.subList(0, CAP)).allSatisfy(id -> assertThat(kafka.dispatches(id)).hasSize(1));
    }

    private static List<UUID> submit(TenantKey tenant, int count) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(UUID.fromString(given().auth().oauth2(tenant.key()).contentType(ContentType.JSON).body(TRAINING)
                    .when().post("/api/v1/training-jobs").then().statusCode(202).extract().path("id")));
        }
        return ids;
    }

    private static boolean dispatched(UUID id) {
        return !KafkaTestClient.get().records(Topics.JOBS, id).isEmpty();
    }

    private static void assertStaysUndispatched(List<UUID> jobs) {
        Awaitility.await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> jobs.stream().noneMatch(FairDispatchTest::dispatched));
    }

    private static double heldGauge() {
        String metrics = given().auth().none().when().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith("diffusion_dispatch_held "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf(' ') + 1))).findFirst().orElse(-1);
    }
}
