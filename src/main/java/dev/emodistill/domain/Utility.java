package dev.emodistill.domain;

/**
 * The focal agent's utility of a deal (DESIGN §2).
 *
 * <pre>
 *   span = T_c - T_f, with |span| forced to at least 1 (keeping its sign)
 *   u(x) = clip((T_c - x) / span, 0, 1);   no deal: u = 0
 * </pre>
 *
 * Keeping the sign makes one formula correct for both polarities: in {@code debt} T_f &lt; T_c (fewer days
 * is better), in {@code disaster} T_f &gt; T_c (more minutes is better); either way x = T_f scores 1 and
 * x = T_c scores 0.
 */
public final class Utility {
    private Utility() {
    }

    /** Signed span T_c - T_f with magnitude at least 1; a zero span counts as +1. */
    public static double signedSpan(double focalTarget, double counterpartyTarget) {
        double span = counterpartyTarget - focalTarget;
        if (Math.abs(span) >= 1) {
            return span;
        }
        return span < 0 ? -1 : 1;
    }

    /** u(x) = clip((T_c - x) / span, 0, 1). */
    public static double of(double focalTarget, double counterpartyTarget, double value) {
        double u = (counterpartyTarget - value) / signedSpan(focalTarget, counterpartyTarget);
        return Math.max(0, Math.min(1, u));
    }
}
