package dev.diffusion.api.tenant;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.diffusion.api.tenant.auth.ApiKeySecret;
import dev.diffusion.api.testing.Api;
import dev.diffusion.api.testing.TestKeys;
import dev.diffusion.api.testing.TestKeys.TenantKey;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Keys: random, shown once, stored as a hash, revocable; the admin endpoints are for admin keys only. */
@QuarkusTest
class ApiKeysTest {

    @Inject
    EntityManager db;

    private static int meStatus(String key) {
        return given().auth().oauth2(key).when().get("/api/v1/me").then().extract().statusCode();
    }

    @Test
    void a_key_is_shown_once_and_only_its_hash_is_stored() {
        TenantKey member = TestKeys.newTenant("hash", "member");
        assertThat(member.key()).matches("dk_[A-Za-z0-9_-]{43}");

        given().queryParam("tenantId", member.tenantId().toString()).when().get("/api/v1/admin/keys").then()
                .statusCode(200)
                .body("items.id", equalTo(List.of(member.keyId().toString())))
                .body("items[0].key", nullValue())
                .body("items[0].role", equalTo("member"))
                .body("items[0].prefix", equalTo(member.key().substring(0, 9)));
        String row = QuarkusTransaction.requiringNew().call(() -> (String) db
                .createNativeQuery("select row_to_json(k)::text from api_keys k where id = :id")
                .setParameter("id", member.keyId()).getSingleResult());
        assertThat(row).contains(ApiKeySecret.hash(member.key()))
                .doesNotContain(member.key()).doesNotContain(member.key().substring(9));
    }

    @Test
    void keys_are_random_and_long() {
        TenantKey a = TestKeys.newTenant("random", "member");
        TenantKey b = TestKeys.newKey(a.tenantId(), "member");
        assertThat(a.key()).isNotEqualTo(b.key());
        // 43 base64url characters carry 256 bits
        assertThat(a.key().substring(3)).hasSize(43);
    }

    @Test
    void a_new_key_works_at_once_and_a_revoked_one_is_refused_at_once() {
        TenantKey member = TestKeys.newTenant("revoke", "member");
        given().auth().oauth2(member.key()).when().get("/api/v1/me").then().statusCode(200)
                .body("tenantId", equalTo(member.tenantId().toString())).body("role", equalTo("member"))
                .body("keyId", equalTo(member.keyId().toString()));

        given().when().post("/api/v1/admin/keys/" + member.keyId() + "/revoke").then().statusCode(200)
                .body("revokedAt", notNullValue());
        given().auth().oauth2(member.key()).when().get("/api/v1/jobs").then().statusCode(401)
                .contentType(Api.PROBLEM_JSON).body("detail", equalTo("the API key is unknown or revoked"));
        // revoking twice changes nothing
        given().when().post("/api/v1/admin/keys/" + member.keyId() + "/revoke").then().statusCode(200);
    }

    @Test
    void a_revocation_made_by_another_instance_is_seen_within_the_cache_time() {
        TenantKey member = TestKeys.newTenant("replica", "member");
        assertThat(meStatus(member.key())).isEqualTo(200);
        // another api instance revokes it: only the database changes here
        QuarkusTransaction.requiringNew().run(() -> db
                .createNativeQuery("update api_keys set revoked_at = now() where id = :id")
                .setParameter("id", member.keyId()).executeUpdate());
        Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> meStatus(member.key()) == 401);
    }

    @Test
    void a_revoked_tenants_keys_are_refused_and_a_tenant_cannot_revoke_itself() {
        TenantKey admin = TestKeys.newTenant("tenant-revoke", "admin");
        TenantKey member = TestKeys.newKey(admin.tenantId(), "member");
        given().auth().oauth2(admin.key()).when().post("/api/v1/admin/tenants/" + admin.tenantId() + "/revoke").then()
                .statusCode(409).contentType(Api.PROBLEM_JSON);

        given().when().post("/api/v1/admin/tenants/" + admin.tenantId() + "/revoke").then().statusCode(200)
                .body("revokedAt", notNullValue());
        assertThat(meStatus(admin.key())).isEqualTo(401);
        assertThat(meStatus(member.key())).isEqualTo(401);
        given().contentType(ContentType.JSON).body("{\"name\":\"late\",\"role\":\"member\"}")
                .when().post("/api/v1/admin/tenants/" + admin.tenantId() + "/keys").then().statusCode(409);
        given().when().get("/api/v1/admin/tenants").then().statusCode(200)
                .body("items.id", hasItem(admin.tenantId().toString()));
    }

    @Test
    void an_admin_of_another_tenant_may_administer_and_a_member_gets_403() {
        TenantKey admin = TestKeys.newTenant("second-admin", "admin");
        TenantKey member = TestKeys.newKey(admin.tenantId(), "member");
        given().auth().oauth2(admin.key()).when().get("/api/v1/admin/tenants").then().statusCode(200)
                .body("items.name", hasItem("default"));

        String tenant = "/api/v1/admin/tenants/" + admin.tenantId();
        Map<String, String> gets = Map.of("tenants", "/api/v1/admin/tenants", "tenant", tenant,
                "keys", "/api/v1/admin/keys");
        gets.values().forEach(path -> given().auth().oauth2(member.key()).when().get(path).then().statusCode(403)
                .contentType(Api.PROBLEM_JSON).body("type", equalTo("urn:diffusion:problem:forbidden")));
        List.of("/api/v1/admin/tenants", tenant + "/keys", tenant + "/revoke", "/api/v1/admin/keys/" + admin.keyId()
                + "/revoke").forEach(path -> given().auth().oauth2(member.key()).contentType(ContentType.JSON)
                .body("{\"name\":\"x\",\"role\":\"admin\"}").when().post(path).then().statusCode(403));
        // nothing happened
        assertThat(meStatus(admin.key())).isEqualTo(200);
        given().queryParam("tenantId", admin.tenantId().toString()).when().get("/api/v1/admin/keys").then()
                .body("items.size()", equalTo(2)).body("items.revokedAt", everyItem(nullValue()));
    }

    @Test
    void bad_admin_requests_are_4xx_naming_the_field() {
        given().contentType(ContentType.JSON).body("{\"name\":\"\"}").when().post("/api/v1/admin/tenants").then()
                .statusCode(422).body("errors[0].field", equalTo("name"));
        given().contentType(ContentType.JSON).body("{\"name\":\"../x\"}").when().post("/api/v1/admin/tenants").then()
                .statusCode(422).body("errors[0].field", equalTo("name"));
        given().contentType(ContentType.JSON).body("{\"name\":\"default\"}").when().post("/api/v1/admin/tenants").then()
                .statusCode(409);
        given().contentType(ContentType.JSON).body("{\"name\":\"x\",\"owner\":1}").when().post("/api/v1/admin/tenants")
                .then().statusCode(400).body("errors[0].field", equalTo("owner"));
        given().contentType(ContentType.JSON).when().post("/api/v1/admin/tenants").then().statusCode(400);

        TenantKey member = TestKeys.newTenant("bad-input", "member");
        String keys = "/api/v1/admin/tenants/" + member.tenantId() + "/keys";
        given().contentType(ContentType.JSON).body("{\"name\":\"k\",\"role\":\"owner\"}").when().post(keys).then()
                .statusCode(422).body("errors.field", equalTo(List.of("role")));
        given().contentType(ContentType.JSON).body("{\"role\":\"member\"}").when().post(keys).then()
                .statusCode(422).body("errors.field", equalTo(List.of("name")));
        given().contentType(ContentType.JSON).body("{\"name\":\"k\",\"role\":\"member\"}")
                .when().post("/api/v1/admin/tenants/" + UUID.randomUUID() + "/keys").then().statusCode(404);
        given().when().post("/api/v1/admin/keys/" + UUID.randomUUID() + "/revoke").then().statusCode(404);
        given().when().post("/api/v1/admin/keys/not-a-uuid/revoke").then().statusCode(404);
        given().when().get("/api/v1/admin/tenants/" + UUID.randomUUID()).then().statusCode(404);
        given().queryParam("tenantId", "nope").when().get("/api/v1/admin/keys").then().statusCode(400)
                .body("errors[0].field", equalTo("tenantId"));
        given().when().get("/api/v1/admin/keys").then().statusCode(200)
                .body("items.key", everyItem(nullValue())).body("items.name", not(hasItem(nullValue())));
    }
}
