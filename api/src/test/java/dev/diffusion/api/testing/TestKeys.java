package dev.diffusion.api.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * API keys of the tests. The admin key of the default tenant is the api's bootstrap key (the {@code %test}
 * profile writes it to {@code diffusion.auth.bootstrap-key-file}); every {@code @QuarkusTest} sends it unless a
 * test says otherwise ({@link DefaultKeyCallback}). Other tenants are made through the admin endpoints.
 */
public final class TestKeys {

    /**
     * A tenant made for a test and one of its keys.
     *
     * @param tenantId the tenant
     * @param keyId    the key's id
     * @param key      the key itself
     */
    public record TenantKey(UUID tenantId, UUID keyId, String key) {
    }

    private TestKeys() {
    }

    /** The bootstrap admin key (tenant {@code default}). */
    public static String admin() {
        Path file = Path.of(ConfigProvider.getConfig().getValue("diffusion.auth.bootstrap-key-file", String.class));
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("the api wrote no bootstrap key to " + file.toAbsolutePath(), e);
        }
    }

    /** A new tenant (a unique name starting with {@code prefix}) with one key of {@code role}. */
    public static TenantKey newTenant(String prefix, String role) {
        String tenantId = given().contentType(ContentType.JSON)
                .body("{\"name\":\"" + prefix + "-" + UUID.randomUUID() + "\"}")
                .when().post("/api/v1/admin/tenants").then().statusCode(201).extract().path("id");
        return newKey(UUID.fromString(tenantId), role);
    }

    /** A new key of the tenant. */
    public static TenantKey newKey(UUID tenantId, String role) {
        var created = given().contentType(ContentType.JSON).body("{\"name\":\"test\",\"role\":\"" + role + "\"}")
                .when().post("/api/v1/admin/tenants/" + tenantId + "/keys").then().statusCode(201).extract();
        return new TenantKey(tenantId, UUID.fromString(created.path("id")), created.path("key"));
    }
}
