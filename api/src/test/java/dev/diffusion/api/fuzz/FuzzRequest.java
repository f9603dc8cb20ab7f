package dev.diffusion.api.fuzz;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One generated request.
 *
 * @param category      what kind of hostility it is (for the counts in the report)
 * @param description   enough to reproduce it from a failure message
 * @param method        the HTTP method
 * @param path          path and query, already percent-encoded where the request means it
 * @param headers       headers to send, {@code Authorization} included when the request has one
 * @param body          the raw body, {@code null} for none
 */
record FuzzRequest(String category, String description, String method, String path, Map<String, String> headers,
                   byte[] body) {

    /** A request that submits a job, whose 2xx answers must stay findable. */
    boolean submitsJob() {
        return "POST".equals(method) && path.endsWith("-jobs");
    }

    String authorization() {
        return headers.get("Authorization");
    }

    @Override
    public String toString() {
        return category + ": " + description + " [" + method + " " + abbreviate(path) + "]";
    }

    private static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 120) + "…(" + text.length() + " chars)";
    }

    /** Builds requests; the Authorization header is the caller's key unless set otherwise. */
    static final class Builder {

        private final String category;
        private String description = "";
        private String method = "GET";
        private String path = "/api/v1/me";
        private final Map<String, String> headers = new LinkedHashMap<>();
        private byte[] body;

        Builder(String category, String key) {
            this.category = category;
            if (key != null) {
                headers.put("Authorization", "Bearer " + key);
            }
        }

        Builder describe(String text) {
            description = text;
            return this;
        }

        Builder method(String value) {
            method = value;
            return this;
        }

        Builder path(String value) {
            path = value;
            return this;
        }

        Builder header(String name, String value) {
            if (value == null) {
                headers.remove(name);
            } else {
                headers.put(name, value);
            }
            return this;
        }

        Builder json(byte[] value) {
            body = value;
            return header("Content-Type", "application/json");
        }

        Builder body(byte[] value) {
            body = value;
            return this;
        }

        FuzzRequest build() {
            return new FuzzRequest(category, description, method, path, Map.copyOf(headers), body);
        }
    }
}
