package dev.diffusion.deploy.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.diffusion.common.storage.ObjectKeys;
import io.minio.GetObjectArgs;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reusing a data folder keeps database rows and stored objects. */
class DataPersistenceTest {

    @TempDir
    Path dataFolder;

    @Test
    void rows_and_objects_survive_a_full_restart_on_the_same_folder() throws Exception {
        byte[] weights = "weights".getBytes(StandardCharsets.UTF_8);
        try (LocalInfrastructure first = start()) {
            try (Connection connection = first.postgres().connect(); Statement sql = connection.createStatement()) {
                sql.execute("CREATE TABLE job (id INT PRIMARY KEY, state TEXT)");
                sql.execute("INSERT INTO job VALUES (1, 'SUCCEEDED')");
            }
            first.s3().createBuckets(java.util.List.of(ObjectKeys.MODELS_BUCKET));
            first.s3().client().putObject(PutObjectArgs.builder().bucket(ObjectKeys.MODELS_BUCKET).object("m/params")
                    .stream(new ByteArrayInputStream(weights), weights.length, -1).build());
        }

        try (LocalInfrastructure second = start()) {
            try (Connection connection = second.postgres().connect(); Statement sql = connection.createStatement();
                    ResultSet rows = sql.executeQuery("SELECT state FROM job WHERE id = 1")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("SUCCEEDED");
            }
            try (InputStream in = second.s3().client().getObject(
                    GetObjectArgs.builder().bucket(ObjectKeys.MODELS_BUCKET).object("m/params").build())) {
                assertThat(in.readAllBytes()).isEqualTo(weights);
            }
        }
    }

    private LocalInfrastructure start() {
        return LocalInfrastructure.builder()
                .optComponents(EnumSet.of(Component.POSTGRES, Component.S3))
                .optDataDirectory(dataFolder)
                .start();
    }
}
