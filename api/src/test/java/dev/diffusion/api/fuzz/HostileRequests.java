package dev.diffusion.api.fuzz;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * The fuzz's requests, the same list for the same seed: bodies from {@link HostileBodies} against every submission
 * endpoint, path and query tricks against every other endpoint family, hostile Authorization headers, content
 * types, methods and a few bodies over the limit.
 */
final class HostileRequests {

    /**
     * The keys and ids the requests use.
     *
     * @param admin          the default tenant's admin key
     * @param member         a member key of another tenant
     * @param revoked        a revoked key
     * @param ownJob         a job of the default tenant
     * @param otherTenantJob a job of the member's tenant
     */
    record Keys(String admin, String member, String revoked, UUID ownJob, UUID otherTenantJob) {
    }

    private static final String[] SUBMISSIONS = {"/api/v1/training-jobs", "/api/v1/generation-jobs",
        "/api/v1/evaluation-jobs"};
    private static final String[] BASES = {HostileBodies.TRAINING, HostileBodies.GENERATION, HostileBodies.EVALUATION};
    private static final int OVERSIZED = 4;

    private final Random random;
    private final HostileBodies bodies;
    private final Keys keys;

    HostileRequests(long seed, Keys keys) {
        this.random = new Random(seed);
        this.bodies = new HostileBodies(random);
        this.keys = keys;
    }

    List<FuzzRequest> generate(int count) {
        List<FuzzRequest> requests = new ArrayList<>();
        for (int i = 0; i < OVERSIZED; i++) {
            requests.add(oversized(i));
        }
        while (requests.size() < count) {
            requests.add(switch (random.nextInt(8)) {
                case 0, 1 -> malformedBody();
                case 2, 3 -> mutatedSpec();
                case 4 -> pathTrick();
                case 5 -> authorization();
                case 6 -> contentType();
                default -> oddMethod();
            });
        }
        return requests;
    }

    private FuzzRequest malformedBody() {
        int endpoint = random.nextInt(SUBMISSIONS.length);
        if (random.nextInt(10) == 0) {
            return new FuzzRequest.Builder("invalid UTF-8", keys.admin()).describe("bytes that are not UTF-8")
                    .method("POST").path(SUBMISSIONS[endpoint]).json(bodies.invalidUtf8(BASES[endpoint])).build();
        }
        String[] body = bodies.malformed(BASES[endpoint]);
        return new FuzzRequest.Builder("malformed JSON", keys.admin()).describe(body[1]).method("POST")
                .path(SUBMISSIONS[endpoint]).json(utf8(body[2])).build();
    }

    private FuzzRequest mutatedSpec() {
        int endpoint = random.nextInt(SUBMISSIONS.length);
        String[] body = bodies.mutated(BASES[endpoint]);
        return new FuzzRequest.Builder("mutated spec", keys.admin()).describe(body[1]).method("POST")
                .path(SUBMISSIONS[endpoint]).json(utf8(body[2])).build();
    }

    private FuzzRequest pathTrick() {
        String id = pick("..", "%2e%2e", "%2E%2E%2F%2E%2E", "a%2Fb", "%2F", "x".repeat(5_000), "not-a-uuid", "0",
                "-1", "00000000-0000-0000-0000-000000000000", keys.ownJob() + "%00", keys.ownJob() + "..",
                "%25", "%C0%AE%C0%AE", "%FF", encode("🤖"), encode("' OR 1=1 --"), "..%2F..%2Fq%2Fhealth",
                keys.ownJob().toString().toUpperCase(), "%7B%7D");
        String template = pick("/api/v1/jobs/%s", "/api/v1/jobs/%s/history", "/api/v1/jobs/%s/events",
                "/api/v1/jobs/%s/cancel", "/api/v1/models/%s", "/api/v1/admin/models/%s/publish",
                "/api/v1/admin/models/%s/unpublish", "/api/v1/admin/tenants/%s", "/api/v1/admin/tenants/%s/limits",
                "/api/v1/admin/tenants/%s/keys", "/api/v1/admin/keys/%s/revoke", "/api/v1/admin/tenants/%s/revoke",
                "/api/v1/%s/jobs", "/api/v1/jobs?%s");
        if (random.nextBoolean()) {
            return query();
        }
        String method = template.endsWith("cancel") || template.endsWith("publish") || template.endsWith("revoke")
                || template.endsWith("keys") ? "POST" : template.endsWith("limits") ? "PUT" : "GET";
        var builder = new FuzzRequest.Builder("path trick", keys.admin()).describe("id " + abbreviate(id))
                .method(method).path(template.formatted(id));
        return "GET".equals(method) ? builder.build() : builder.json(utf8("{\"name\":\"x\",\"role\":\"member\"}")).build();
    }

    private FuzzRequest query() {
        String value = pick("-1", "0", "1e9", "999999999999999999999", "NaN", "", "%00", encode("🤖"), "a".repeat(5_000),
                "%FF%FE", "true", "null", "1.5", "0x10", encode("' OR 1=1 --"), "..%2F..");
        String name = pick("limit", "cursor", "status", "type", "published", "limit", "cursor");
        String path = pick("/api/v1/jobs", "/api/v1/models", "/api/v1/admin/tenants", "/api/v1/admin/keys");
        String extra = random.nextBoolean() ? "" : "&" + name + "=" + pick("1", "RUNNING", "x");
        return new FuzzRequest.Builder("query garbage", keys.admin()).describe(name + "=" + abbreviate(value))
                .path(path + "?" + name + "=" + value + extra).build();
    }

    private FuzzRequest authorization() {
        String header = pick(null, "Bearer", "Bearer ", "Basic xyz", "bearer " + keys.admin(), "Bearer " + keys.revoked(),
                "Bearer " + keys.admin() + "x", "Bearer " + "k".repeat(8_000), "Bearer ;;;", "Token abc",
                "Bearer " + keys.admin().substring(1), "Bearer dk_" + "0".repeat(40), "Bearer " + keys.member(),
                "Bearer " + keys.member() + ", Bearer " + keys.admin());
        String path = pick("/api/v1/me", "/api/v1/jobs", "/api/v1/models", "/api/v1/admin/tenants", "/api/v1/admin/keys",
                "/api/v1/jobs/" + keys.ownJob(), "/api/v1/jobs/" + keys.ownJob() + "/history",
                "/api/v1/jobs/" + keys.ownJob() + "/events", "/api/v1/jobs/" + keys.otherTenantJob() + "/cancel",
                "/api/v1/admin/tenants", "/api/v1/training-jobs");
        if (header != null && header.endsWith(keys.member()) && path.endsWith("/events")) {
            path = "/api/v1/jobs/" + keys.ownJob();
        }
        var builder = new FuzzRequest.Builder("authorization", null).header("Authorization", header)
                .describe(header == null ? "no key" : abbreviate(header.replace(keys.admin(), "<admin>")
                        .replace(keys.member(), "<member>").replace(keys.revoked(), "<revoked>")))
                .path(path);
        boolean post = path.endsWith("cancel") || path.endsWith("-jobs") || path.endsWith("tenants") && random.nextBoolean();
        return post ? builder.method("POST").json(utf8(path.endsWith("-jobs") ? HostileBodies.TRAINING : "{\"name\":\"x\"}"))
                .build() : builder.build();
    }

    private FuzzRequest contentType() {
        int endpoint = random.nextInt(SUBMISSIONS.length);
        String type = pick(null, "text/plain", "application/xml", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "application/json; charset=latin1", "application/json; charset=bogus",
                "*/*", "application/octet-stream", "application/json;;;", "x/y", "application/problem+json");
        String accept = pick(null, "text/html", "application/xml", "*/*", "image/png");
        return new FuzzRequest.Builder("content type", keys.admin()).describe(type + " accepting " + accept)
                .method("POST").path(SUBMISSIONS[endpoint]).body(utf8(BASES[endpoint]))
                .header("Content-Type", type).header("Accept", accept).build();
    }

    private FuzzRequest oddMethod() {
        String method = pick("PUT", "PATCH", "DELETE", "OPTIONS", "HEAD", "GET", "POST", "PROPFIND");
        String path = pick("/api/v1/training-jobs", "/api/v1/jobs", "/api/v1/jobs/" + keys.ownJob(), "/api/v1/me",
                "/api/v1/models", "/api/v1/admin/tenants", "/api/v1/jobs/" + keys.ownJob() + "/cancel",
                "/api/v1/generation-jobs", "/api/v1/admin/keys");
        if ("GET".equals(method) && path.endsWith("-jobs") || "POST".equals(method) && !path.endsWith("cancel")) {
            method = "DELETE";
        }
        return new FuzzRequest.Builder("odd method", keys.admin()).describe(method).method(method).path(path).build();
    }

    private FuzzRequest oversized(int index) {
        int size = index == 0 ? 1024 * 1024 + 1 : 10 * 1024 * 1024;
        byte[] body = new byte[size];
        java.util.Arrays.fill(body, (byte) 'a');
        byte[] head = utf8("{\"dataset\":\"shapes\",\"x\":\"");
        System.arraycopy(head, 0, body, 0, head.length);
        body[size - 2] = '"';
        body[size - 1] = '}';
        return new FuzzRequest.Builder("oversized body", keys.admin()).describe(size + " bytes").method("POST")
                .path(SUBMISSIONS[index % SUBMISSIONS.length]).json(body).build();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "…(" + text.length() + " chars)";
    }

    @SafeVarargs
    private <T> T pick(T... values) {
        return values[random.nextInt(values.length)];
    }
}
