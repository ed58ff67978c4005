package dev.emodistill.rl;

import dev.emodistill.io.InputException;

import java.util.Locale;

/**
 * How rewards are normalised before learning (DESIGN §7): {@code max_abs} divides by the dataset's largest |r|
 * (the default; keeps the scale of advantages comparable across reward definitions), {@code standardize} subtracts
 * the mean and divides by the standard deviation, {@code none} leaves them.
 */
public enum RewardScaling {
    MAX_ABS, STANDARDIZE, NONE;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RewardScaling parse(String text) {
        for (RewardScaling s : values()) {
            if (s.label().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new InputException("unknown reward normalisation '" + text + "' (expected max_abs, standardize or none)");
    }

    /** The affine map (shift, scale) applied as (r - shift) / scale. */
    public double[] fit(float[] rewards) {
        return switch (this) {
            case NONE -> new double[]{0, 1};
            case MAX_ABS -> {
                double m = 0;
                for (float r : rewards) {
                    m = Math.max(m, Math.abs(r));
                }
                yield new double[]{0, m > 0 ? m : 1};
            }
            case STANDARDIZE -> {
                double mean = 0;
                for (float r : rewards) {
                    mean += r;
                }
                mean /= rewards.length;
                double var = 0;
                for (float r : rewards) {
                    var += (r - mean) * (r - mean);
                }
                double sd = Math.sqrt(var / rewards.length);
                yield new double[]{mean, sd > 0 ? sd : 1};
            }
        };
    }
}
