package dev.diffusion.common.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class TenantAreaTest {

    private final UUID tenant = UUID.fromString("0b7e8c9a-1111-4222-8333-944455556666");

    @Test
    void a_tenants_area_and_a_models_exported_files_follow_the_documented_layout() {
        assertThat(ObjectKeys.tenantArea(tenant)).isEqualTo("tenants/0b7e8c9a-1111-4222-8333-944455556666/");
        assertThat(ObjectKeys.modelFile(tenant, ObjectKeys.MODEL_WEIGHTS))
                .isEqualTo("models/0b7e8c9a-1111-4222-8333-944455556666/model.safetensors");
        assertThat(ObjectKeys.modelFile(tenant, ObjectKeys.MODEL_SPEC))
                .isEqualTo("models/0b7e8c9a-1111-4222-8333-944455556666/model-spec.json");
    }

    @Test
    void paths_inside_the_area_are_relative_plain_segments() {
        for (String good : new String[] {"weights/my.safetensors", "uploads/1234", "a", "x_y-z.1/.hidden/b"}) {
            assertThat(ObjectKeys.tenantPathProblem(good)).as(good).isEmpty();
        }
        assertThat(ObjectKeys.tenantPathProblem("/etc/passwd")).hasValueSatisfying(p -> assertThat(p).contains("leading"));
        assertThat(ObjectKeys.tenantPathProblem("a/../b")).hasValueSatisfying(p -> assertThat(p).contains("'..'"));
        assertThat(ObjectKeys.tenantPathProblem("./b")).hasValueSatisfying(p -> assertThat(p).contains("'.'"));
        assertThat(ObjectKeys.tenantPathProblem("a//b")).hasValueSatisfying(p -> assertThat(p).contains("empty"));
        assertThat(ObjectKeys.tenantPathProblem("a/")).hasValueSatisfying(p -> assertThat(p).contains("empty"));
        assertThat(ObjectKeys.tenantPathProblem("a b")).hasValueSatisfying(p -> assertThat(p).contains("letters"));
        assertThat(ObjectKeys.tenantPathProblem("ä")).hasValueSatisfying(p -> assertThat(p).contains("letters"));
        assertThat(ObjectKeys.tenantPathProblem("a".repeat(513))).hasValueSatisfying(p -> assertThat(p).contains("512"));
        assertThat(ObjectKeys.tenantPathProblem("")).isPresent();
        assertThat(ObjectKeys.tenantPathProblem(null)).isPresent();
    }
}
