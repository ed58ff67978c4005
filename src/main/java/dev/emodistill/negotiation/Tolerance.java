package dev.emodistill.negotiation;

import dev.emodistill.domain.Scenario;

/**
 * When two standing offers count as agreement (DESIGN §3). The default is relative: max(1, 5 % of
 * |T_c - T_f|) units, so narrow spans (a quarter of the published surgery rows span 7 days) do not close on
 * the first exchange. A fixed tolerance (the paper's 5 units) is available for reproduction.
 *
 * @param fraction share of |span| (used when {@code fixedUnits} is null)
 * @param minimum  lower bound in units for the relative form
 * @param fixedUnits a fixed tolerance in units, or null
 */
public record Tolerance(double fraction, double minimum, Double fixedUnits) {
    public static final Tolerance DEFAULT = new Tolerance(0.05, 1, null);

    public static Tolerance fixed(double units) {
        if (!(units >= 0)) {
            throw new IllegalArgumentException("tolerance must be a non-negative number of units, got " + units);
        }
        return new Tolerance(0, 0, units);
    }

    /** Tolerance in the scenario's units. */
    public double units(Scenario scenario) {
        if (fixedUnits != null) {
            return fixedUnits;
        }
        return Math.max(minimum, fraction * Math.abs(scenario.span()));
    }

    public String describe() {
        return fixedUnits != null ? fixedUnits + " units" : "max(" + minimum + ", " + fraction * 100 + "% of |span|)";
    }
}
