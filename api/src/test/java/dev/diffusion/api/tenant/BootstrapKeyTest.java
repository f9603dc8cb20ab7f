package dev.diffusion.api.tenant;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.diffusion.api.tenant.auth.ApiKeySecret;
import dev.diffusion.api.tenant.service.BootstrapKey;
import dev.diffusion.api.tenant.service.BootstrapKey.Outcome;
import dev.diffusion.api.testing.TestKeys;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bootstrap admin key of a fresh installation (the local run's {@code .local/api-admin.key}). */
@QuarkusTest
class BootstrapKeyTest {

    @Inject
    BootstrapKey bootstrap;

    @Inject
    EntityManager db;

    @TempDir
    Path folder;

    @Test
    void the_file_with_a_live_admin_key_is_reused_and_nothing_is_created_while_admins_exist() throws Exception {
        Path file = folder.resolve("admin.key");
        Files.writeString(file, TestKeys.admin() + "\n");
        assertThat(bootstrap.ensure(file)).isEqualTo(Outcome.REUSED);

        Path absent = folder.resolve("absent/admin.key");
        assertThat(bootstrap.ensure(absent)).isEqualTo(Outcome.SKIPPED);
        assertThat(absent).doesNotExist();

        Path garbage = folder.resolve("garbage.key");
        Files.writeString(garbage, "not a key");
        assertThat(bootstrap.ensure(garbage)).isEqualTo(Outcome.SKIPPED);
        assertThat(garbage).hasContent("not a key");
    }

    @Test
    void without_a_live_admin_a_key_is_created_written_and_reused_on_the_next_start() throws Exception {
        List<Object> admins = liveAdminIds();
        try {
            revoke(admins);
            Path file = folder.resolve("data/api-admin.key");
            assertThat(bootstrap.ensure(file)).isEqualTo(Outcome.CREATED);
            String key = Files.readString(file).trim();
            assertThat(ApiKeySecret.wellFormed(key)).isTrue();
            assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            given().auth().oauth2(key).when().get("/api/v1/me").then().statusCode(200)
                    .body("role", equalTo("admin")).body("tenantName", equalTo("default"));
            assertThat(bootstrap.ensure(file)).isEqualTo(Outcome.REUSED);
            assertThat(Files.readString(file).trim()).isEqualTo(key);

            // a wiped database with the file kept: the file's key is registered again, not replaced
            revoke(liveAdminIds());
            String kept = ApiKeySecret.generate();
            Path keptFile = folder.resolve("kept.key");
            Files.writeString(keptFile, kept + "\n");
            FileTime written = FileTime.fromMillis(1_000_000L);
            Files.setLastModifiedTime(keptFile, written);
            assertThat(bootstrap.ensure(keptFile)).isEqualTo(Outcome.CREATED);
            assertThat(Files.readString(keptFile).trim()).isEqualTo(kept);
            // not rewritten: the file may be a read-only mounted secret
            assertThat(Files.getLastModifiedTime(keptFile)).isEqualTo(written);
            given().auth().oauth2(kept).when().get("/api/v1/me").then().statusCode(200);
            revoke(liveAdminIds());
        } finally {
            QuarkusTransaction.requiringNew().run(() -> db
                    .createNativeQuery("update api_keys set revoked_at = null where id in (:ids)")
                    .setParameter("ids", admins).executeUpdate());
        }
    }

    @SuppressWarnings("unchecked")
    private List<Object> liveAdminIds() {
        return QuarkusTransaction.requiringNew().call(() -> db.createNativeQuery(
                "select id from api_keys where role = 'ADMIN' and revoked_at is null").getResultList());
    }

    private void revoke(List<Object> ids) {
        QuarkusTransaction.requiringNew().run(() -> db
                .createNativeQuery("update api_keys set revoked_at = now() where id in (:ids)")
                .setParameter("ids", ids).executeUpdate());
    }
}
