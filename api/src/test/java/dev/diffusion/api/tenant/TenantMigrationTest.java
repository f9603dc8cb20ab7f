package dev.diffusion.api.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;

/**
 * The tenants migration on a database that has jobs and models from before it: they go to the default tenant.
 * Runs the real migrations in a schema of its own on the tests' PostgreSQL.
 */
@QuarkusTest
class TenantMigrationTest {

    private static final String SCHEMA = "pre_tenants";
    private static final String DEFAULT_TENANT = "00000000-0000-0000-0000-000000000001";

    private static Flyway flyway(String target) {
        Config config = ConfigProvider.getConfig();
        return Flyway.configure()
                .dataSource(config.getValue("quarkus.datasource.jdbc.url", String.class),
                        config.getValue("quarkus.datasource.username", String.class),
                        config.getValue("quarkus.datasource.password", String.class))
                .schemas(SCHEMA).createSchemas(true).cleanDisabled(false)
                .locations("filesystem:src/main/resources/db/migration")
                .target(MigrationVersion.fromVersion(target)).load();
    }

    private static Connection connect() throws SQLException {
        Config config = ConfigProvider.getConfig();
        Connection c = DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class));
        c.createStatement().execute("set search_path to " + SCHEMA);
        return c;
    }

    private static String one(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            return rs.getString(1);
        }
    }

    @Test
    void jobs_and_models_from_before_tenants_belong_to_the_default_tenant() throws Exception {
        flyway("2").clean();
        flyway("2").migrate();
        UUID job = UUID.randomUUID();
        UUID model = UUID.randomUUID();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("insert into jobs (id, type, status, version, attempt, max_attempts, spec, idempotency_key, "
                    + "created_at, updated_at) values ('" + job + "', 'TRAINING', 'SUCCEEDED', 0, 1, 3, '{}', 'k1', "
                    + "now(), now())");
            s.execute("insert into models (id, training_job_id, spec, bucket, object_key, size_bytes, sha256, metrics, "
                    + "created_at) values ('" + model + "', '" + job + "', '{}', 'b', 'k', 1, '" + "0".repeat(64)
                    + "', '{}', now())");
        }

        flyway("latest").migrate();

        try (Connection c = connect(); Statement s = c.createStatement()) {
            assertThat(one(s, "select tenant_id from jobs where id = '" + job + "'")).isEqualTo(DEFAULT_TENANT);
            assertThat(one(s, "select tenant_id from models where id = '" + model + "'")).isEqualTo(DEFAULT_TENANT);
            assertThat(one(s, "select published from models where id = '" + model + "'")).isEqualTo("f");
            assertThat(one(s, "select name from tenants where id = '" + DEFAULT_TENANT + "'")).isEqualTo("default");
            // idempotency keys are per tenant now: another tenant may use 'k1'
            String other = UUID.randomUUID().toString();
            s.execute("insert into tenants (id, name, created_at) values ('" + other + "', 'other', now())");
            s.execute("insert into jobs (id, tenant_id, type, status, version, attempt, max_attempts, spec, "
                    + "idempotency_key, created_at, updated_at) values ('" + UUID.randomUUID() + "', '" + other
                    + "', 'TRAINING', 'QUEUED', 0, 1, 3, '{}', 'k1', now(), now())");
            assertThat(one(s, "select count(*) from jobs where idempotency_key = 'k1'")).isEqualTo("2");
        } finally {
            flyway("latest").clean();
        }
    }
}
