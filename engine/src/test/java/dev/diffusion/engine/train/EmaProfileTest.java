package dev.diffusion.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class EmaProfileTest {

    @Test
    void theExponentOfAPowerProfileMatchesTheWidthsOfTheEdm2Paper() {
        // Karras et al. 2024, section 3: sigma_rel 0.05 and 0.10 correspond to gamma 16.97 and 6.94
        assertThat(EmaProfile.gammaOf(0.05)).isCloseTo(16.97, within(0.01));
        assertThat(EmaProfile.gammaOf(0.10)).isCloseTo(6.94, within(0.01));
        assertThat(EmaProfile.gammaOf(EmaProfile.MAX_SIGMA_REL)).isCloseTo(0.0, within(1e-9));
    }

    @Test
    void aPowerProfileStartsFromTheWeightsAndDecaysAsOneMinusOneOverNToTheGammaPlusOne() {
        EmaProfile.Power power = (EmaProfile.Power) EmaProfile.power(0.10);
        assertThat(power.decayAt(1)).isZero();
        assertThat(power.decayAt(2)).isCloseTo(Math.pow(0.5, power.gamma() + 1), within(1e-15));
        assertThat(power.decayAt(1000)).isCloseTo(Math.pow(0.999, power.gamma() + 1), within(1e-15));
        // the window 1/(1 − d) grows with the run, about n/(γ + 1): 126 steps at n = 1,000
        assertThat(1 / (1 - power.decayAt(1000))).isCloseTo(126.3, within(0.5));
        assertThat(power.decayAt(100_000)).isGreaterThan(power.decayAt(1000));
    }

    @Test
    void constantProfilesKeepTheirDecayAndWarmUpLikeTensorFlow() {
        assertThat(EmaProfile.constant(0.995).decayAt(1)).isEqualTo(0.995);
        assertThat(EmaProfile.warmingUp(0.995).decayAt(1)).isCloseTo(2.0 / 11, within(1e-15));
        assertThat(EmaProfile.warmingUp(0.995).decayAt(100_000)).isEqualTo(0.995);
    }

    @Test
    void widthsOutsideThePowerFamilyAndDecaysOutsideTheUnitIntervalAreRefused() {
        assertThatThrownBy(() -> EmaProfile.power(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EmaProfile.power(0.3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EmaProfile.constant(1.0)).isInstanceOf(IllegalArgumentException.class);
    }
}
