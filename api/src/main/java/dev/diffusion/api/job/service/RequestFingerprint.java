package dev.diffusion.api.job.service;

import dev.diffusion.api.json.SpecJson;
import dev.diffusion.common.messaging.JobType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash stored with an idempotency key: SHA-256 of the job type and the request spec as parsed and
 * written back by the shared mapper (fixed field order, nulls left out), so whitespace and field order
 * in the client's JSON do not matter but any value does.
 */
public final class RequestFingerprint {

    private RequestFingerprint() {
    }

    public static String of(JobType type, Object requestSpec) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(type.name().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
            sha.update(SpecJson.write(requestSpec).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JVM", e);
        }
    }
}
