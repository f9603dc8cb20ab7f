package dev.diffusion.common.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DatasetScopeTest {

    private static final UUID TENANT = UUID.fromString("11111111-2222-3333-4444-555555555555");
    private static final String AREA = "s3://diffusion-datasets/tenants/" + TENANT + "/";

    private static DatasetScope scope(String... granted) {
        return DatasetScope.of("diffusion-datasets", ObjectKeys.tenantArea(TENANT), List.of(granted));
    }

    @Test
    void aTenantReadsItsOwnAreaAndTheBuiltInDataSetsAndNothingElse() {
        DatasetScope scope = scope();

        assertThat(scope.locations()).containsExactly(AREA, "s3://diffusion-datasets/datasets/");
        assertThat(scope.allows(AREA + "faces")).isTrue();
        assertThat(scope.allows(AREA + "faces/train/")).isTrue();
        assertThat(scope.allows("s3://diffusion-datasets/datasets/mnist")).isTrue();
        assertThat(scope.allows("mnist")).isTrue();
        assertThat(scope.allows("shapes")).isTrue();
        assertThat(scope.allows("s3://diffusion-datasets/tenants/" + UUID.randomUUID() + "/faces")).isFalse();
        assertThat(scope.allows("s3://diffusion-datasets/tenants/")).isFalse();
        assertThat(scope.allows("s3://diffusion-models/models/x")).isFalse();
        assertThat(scope.allows("s3://diffusion-datasets/tenants/" + TENANT)).as("the area itself is its prefix")
                .isTrue();
        assertThat(scope.allows(null)).isFalse();
        assertThat(scope.allows("cifar")).isFalse();
    }

    @Test
    void aPrefixContainsOnlyWholeSegmentsAndNoDotDotEscapes() {
        DatasetScope scope = scope("s3://shared/faces");

        assertThat(scope.locations()).contains("s3://shared/faces/");
        assertThat(scope.allows("s3://shared/faces/a")).isTrue();
        assertThat(scope.allows("s3://shared/faces")).isTrue();
        assertThat(scope.allows("s3://shared/faces-private/a")).isFalse();
        assertThat(scope.allows("s3://shared/faces/../secret")).isFalse();
        assertThat(scope.allows(AREA + "../" + UUID.randomUUID())).isFalse();
    }

    @Test
    void anAdminMayGrantAWholeBucket() {
        DatasetScope scope = scope("s3://public-images", "s3://more-images/");

        assertThat(scope.locations()).contains("s3://public-images/", "s3://more-images/");
        assertThat(scope.allows("s3://public-images/anything/at/all")).isTrue();
        assertThat(scope.allows("s3://more-images/x")).isTrue();
        assertThat(scope.allows("s3://public-images-2/x")).isFalse();
    }

    @Test
    void locationsThatCannotExistAreRefusedWithTheReason() {
        assertThat(DatasetScope.problemWith("s3://Bad_Bucket/x")).get().asString().contains("not a valid S3 bucket name");
        assertThat(DatasetScope.problemWith("s3://ok-bucket/a/../b")).get().asString().contains("'..' segments");
        assertThat(DatasetScope.problemWith("http://ok-bucket/a")).get().asString().contains("not an s3://bucket/");
        assertThat(DatasetScope.problemWith("s3:///a")).isPresent();
        assertThat(DatasetScope.problemWith(" ")).isPresent();
        assertThat(DatasetScope.problemWith("s3://ok-bucket")).isEmpty();
        assertThatThrownBy(() -> new DatasetScope(List.of("s3://abc/x", "nope")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
    }
}
