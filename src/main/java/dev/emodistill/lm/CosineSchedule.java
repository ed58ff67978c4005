package dev.emodistill.lm;

/**
 * Learning rate with linear warm-up to {@code peak} over {@code warmupSteps}, then cosine decay to {@code floor}
 * at {@code totalSteps} (held there afterwards).
 *
 * @param peak        rate at the end of warm-up
 * @param warmupSteps steps of linear warm-up (0: start at the peak)
 * @param totalSteps  steps until the floor is reached
 * @param floor       final rate
 */
public record CosineSchedule(double peak, int warmupSteps, int totalSteps, double floor) {

    public CosineSchedule {
        if (!(peak > 0) || floor < 0 || floor > peak || warmupSteps < 0 || totalSteps < 1
                || warmupSteps > totalSteps) {
            throw new IllegalArgumentException("schedule needs peak > 0, 0 <= floor <= peak and 0 <= warm-up <= total "
                    + "steps >= 1");
        }
    }

    /** Warm-up over the first 5 % of steps, decay to a tenth of the peak. */
    public static CosineSchedule standard(double peak, int totalSteps) {
        return new CosineSchedule(peak, Math.max(1, totalSteps / 20), totalSteps, peak / 10);
    }

    /** A constant rate (for benchmarks and tests). */
    public static CosineSchedule constant(double rate) {
        return new CosineSchedule(rate, 0, 1, rate);
    }

    /** The rate of step {@code step} (0-based). */
    public double rate(int step) {
        if (step < warmupSteps) {
            return peak * (step + 1) / warmupSteps;
        }
        double progress = Math.min(1.0, (step - warmupSteps) / (double) Math.max(1, totalSteps - warmupSteps));
        return floor + (peak - floor) * 0.5 * (1 + Math.cos(Math.PI * progress));
    }
}
