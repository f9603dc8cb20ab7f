package dev.diffusion.worker.quality;

import java.util.Arrays;

/**
 * How many steps a recipe gets in the reference recipe's training time, from their seconds per step timed side by side
 * in rounds ({@link SideBySideSpeed#secondsPerStepByRound}).
 *
 * <p>Two recipes on the same network differ in speed only by their optimizer-side work (EMA, clipping), a few per cent
 * at most, while one round of a few steps on a shared virtual machine varies by ten per cent: on 2026-12-06 the
 * defaults, which do strictly more work than the course recipe, measured 1.09× faster. A difference the rounds do not
 * agree on — some round finds the recipe faster and another slower — is noise, and the recipe keeps the reference's
 * steps; so does one within the tolerance.
 *
 * @param steps the reference recipe's steps
 * @param tolerance a relative difference in speed below which the budgets count as equal, e.g. 0.03
 */
public record EqualTimeBudget(int steps, double tolerance) {

    /**
     * Validates the budget.
     *
     * @throws IllegalArgumentException if steps are not positive or the tolerance is negative
     */
    public EqualTimeBudget {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1, got " + steps);
        }
        if (!(tolerance >= 0)) {
            throw new IllegalArgumentException("tolerance must be at least 0, got " + tolerance);
        }
    }

    /**
     * The steps a recipe trains in the reference's time.
     *
     * @param reference the reference recipe's seconds per step, one per round
     * @param candidate the recipe's seconds per step in the same rounds
     * @return {@link #steps} when the speeds do not differ clearly, otherwise the steps scaled by the median ratio
     * @throws IllegalArgumentException when the rounds are missing, differ in number or hold a time that is not positive
     */
    public int stepsFor(double[] reference, double[] candidate) {
        if (reference.length == 0 || reference.length != candidate.length) {
            throw new IllegalArgumentException("need the same number of rounds (at least 1), got "
                    + reference.length + " and " + candidate.length);
        }
        double[] ratios = new double[reference.length];
        for (int round = 0; round < ratios.length; round++) {
            if (!(reference[round] > 0 && candidate[round] > 0)) {
                throw new IllegalArgumentException("seconds per step must be positive, round " + round + ": "
                        + reference[round] + " and " + candidate[round]);
            }
            ratios[round] = reference[round] / candidate[round];
        }
        Arrays.sort(ratios);
        double median = ratios[ratios.length / 2];
        boolean roundsDisagree = ratios[0] < 1 && ratios[ratios.length - 1] > 1;
        if (Math.abs(median - 1) <= tolerance || roundsDisagree) {
            return steps;
        }
        return (int) Math.max(1, Math.round(steps * median));
    }

    /**
     * The median of one recipe's rounds, for the report.
     *
     * @param rounds seconds per step, one per round
     * @return the median
     */
    public static double median(double[] rounds) {
        double[] sorted = rounds.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
