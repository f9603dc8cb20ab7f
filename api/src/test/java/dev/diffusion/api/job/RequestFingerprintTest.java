package dev.diffusion.api.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.diffusion.api.job.service.RequestFingerprint;
import dev.diffusion.common.json.JsonMapper;
import dev.diffusion.common.messaging.JobType;
import dev.diffusion.common.spec.TrainingSpec;
import org.junit.jupiter.api.Test;

class RequestFingerprintTest {

    private static TrainingSpec read(String json) throws Exception {
        return JsonMapper.shared().readValue(json, TrainingSpec.class);
    }

    @Test
    void field_order_and_whitespace_do_not_change_the_fingerprint_but_values_and_job_type_do() throws Exception {
        String a = RequestFingerprint.of(JobType.TRAINING, read("{\"dataset\":\"mnist\",\"steps\":10}"));

        assertThat(RequestFingerprint.of(JobType.TRAINING, read("{ \"steps\" : 10 , \"dataset\" : \"mnist\" }"))).isEqualTo(a);
        assertThat(RequestFingerprint.of(JobType.TRAINING, read("{\"dataset\":\"mnist\",\"steps\":11}"))).isNotEqualTo(a);
        assertThat(RequestFingerprint.of(JobType.GENERATION, read("{\"dataset\":\"mnist\",\"steps\":10}"))).isNotEqualTo(a);
        assertThat(a).hasSize(64).matches("[0-9a-f]+");
    }
}
