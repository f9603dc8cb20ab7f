package dev.diffusion.api.tenant;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.diffusion.api.testing.Api;
import dev.diffusion.api.testing.TestKeys;
import dev.diffusion.api.testing.TestKeys.TenantKey;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An {@code s3://} data set is read only inside the caller's own area, the built-in data sets or a location an admin
 * granted its tenant; outside them the answer is the same whether the data set exists or not.
 */
@QuarkusTest
class DatasetGrantsTest {

    private static final String BUCKET = "diffusion-datasets";

    @Inject
    MinioClient s3;

    private void put(String bucket, String key) throws Exception {
        if (!s3.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
            s3.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
        }
        byte[] bytes = {1, 2, 3};
        s3.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1).build());
    }

    private static String areaOf(UUID tenant) {
        return "s3://" + BUCKET + "/tenants/" + tenant + "/";
    }

    private static ValidatableResponse train(TenantKey as, String dataset) {
        return given().auth().oauth2(as.key()).contentType(ContentType.JSON)
                .body("{\"dataset\":\"" + dataset + "\",\"steps\":10}").when().post("/api/v1/training-jobs").then();
    }

    private static ValidatableResponse grant(UUID tenant, String body) {
        return given().contentType(ContentType.JSON).body(body)
                .when().put("/api/v1/admin/tenants/" + tenant + "/dataset-grants").then();
    }

    @Test
    void a_tenant_trains_on_its_own_area_but_not_on_anothers_whether_or_not_it_exists() throws Exception {
        TenantKey a = TestKeys.newTenant("scope-a", "member");
        TenantKey b = TestKeys.newTenant("scope-b", "member");
        put(BUCKET, "tenants/" + a.tenantId() + "/faces/happy/0.png");

        train(a, areaOf(a.tenantId()) + "faces").statusCode(202);
        String existing = train(b, areaOf(a.tenantId()) + "faces").statusCode(422).contentType(Api.PROBLEM_JSON)
                .body("errors[0].field", equalTo("dataset"))
                .body("errors[0].message", containsString("lies outside the locations this tenant may read: "
                        + areaOf(b.tenantId())))
                .extract().<String>path("errors[0].message");
        String missing = train(b, areaOf(a.tenantId()) + "nothing").statusCode(422)
                .extract().<String>path("errors[0].message");
        assertThat(missing.replace("nothing", "faces")).isEqualTo(existing);
        train(b, "s3://" + BUCKET + "/datasets/shapes").statusCode(422)
                .body("errors[0].message", containsString("no objects under")); // built-ins are readable, not there
        train(b, "s3://diffusion-models/models/").statusCode(422)
                .body("errors[0].message", containsString("lies outside"));
    }

    @Test
    void an_admin_grants_a_bucket_or_a_prefix_and_withdraws_it() throws Exception {
        TenantKey c = TestKeys.newTenant("scope-c", "member");
        put("shared-faces", "public/happy/0.png");
        train(c, "s3://shared-faces/public/").statusCode(422);

        grant(c.tenantId(), "{\"locations\":[\"s3://shared-faces/public\",\"s3://other-images\"]}").statusCode(200)
                .body("datasetGrants", contains("s3://shared-faces/public/", "s3://other-images/"));
        train(c, "s3://shared-faces/public/").statusCode(202);
        train(c, "s3://shared-faces/private/").statusCode(422);
        given().auth().oauth2(c.key()).when().get("/api/v1/me").then().statusCode(200)
                .body("datasetLocations", contains(areaOf(c.tenantId()), "s3://" + BUCKET + "/datasets/",
                        "s3://shared-faces/public/", "s3://other-images/"));

        grant(c.tenantId(), "{\"locations\":[]}").statusCode(200).body("datasetGrants.size()", equalTo(0));
        train(c, "s3://shared-faces/public/").statusCode(422);
    }

    @Test
    void grants_are_checked_field_by_field_and_only_admins_may_set_them() {
        TenantKey d = TestKeys.newTenant("scope-d", "member");

        grant(d.tenantId(), "{\"locations\":[\"s3://ok-bucket/x/\",\"s3://Bad_Bucket/\",\"s3://ok-bucket/a/../b\"]}")
                .statusCode(422).contentType(Api.PROBLEM_JSON)
                .body("errors.field", contains("locations[1]", "locations[2]"));
        grant(d.tenantId(), "{}").statusCode(422).body("errors.field", hasItem("locations"));
        grant(UUID.randomUUID(), "{\"locations\":[]}").statusCode(404);
        given().auth().oauth2(d.key()).contentType(ContentType.JSON).body("{\"locations\":[]}")
                .when().put("/api/v1/admin/tenants/" + d.tenantId() + "/dataset-grants").then().statusCode(403);
    }
}
