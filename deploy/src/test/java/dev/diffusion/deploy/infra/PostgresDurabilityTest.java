package dev.diffusion.deploy.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PostgreSQL is durable unless asked to be fast: zonky's {@code -F} and asynchronous commit are overridden. */
class PostgresDurabilityTest {

    @TempDir
    Path data;

    @Test
    void by_default_every_commit_is_flushed_to_disk() throws Exception {
        try (LocalInfrastructure infra = start(LocalInfrastructure.builder())) {
            assertThat(show(infra, "fsync")).isEqualTo("on");
            assertThat(show(infra, "synchronous_commit")).isEqualTo("on");
            assertThat(infra.postgres().fast()).isFalse();
        }
    }

    @Test
    void fast_trades_durability_for_speed() throws Exception {
        try (LocalInfrastructure infra = start(LocalInfrastructure.builder().optFastPostgres(true))) {
            assertThat(show(infra, "fsync")).isEqualTo("off");
            assertThat(show(infra, "synchronous_commit")).isEqualTo("off");
        }
    }

    private LocalInfrastructure start(LocalInfrastructure.Builder builder) {
        return builder.optComponents(EnumSet.of(Component.POSTGRES)).optDataDirectory(data).start();
    }

    private static String show(LocalInfrastructure infra, String setting) throws SQLException {
        try (Connection connection = infra.postgres().connect(); Statement sql = connection.createStatement();
                ResultSet rows = sql.executeQuery("SHOW " + setting)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
