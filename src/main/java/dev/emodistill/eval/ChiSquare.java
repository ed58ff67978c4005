package dev.emodistill.eval;

/** The chi-square distribution with k degrees of freedom, through the regularized incomplete gamma function. */
public final class ChiSquare {
    private ChiSquare() {
    }

    /** P(X ≤ x) for X ~ χ²(df); 0 for x ≤ 0. */
    public static double cdf(double x, double df) {
        checkDf(df);
        if (Double.isNaN(x)) {
            throw new IllegalArgumentException("x is NaN");
        }
        return x <= 0 ? 0 : Gamma.regularizedP(df / 2, x / 2);
    }

    /**
     * The upper tail P(X ≥ x) for X ~ χ²(df), i.e. the p-value of a statistic x; 1 for x ≤ 0. Computed directly
     * rather than as 1 − cdf, so that very small p-values keep their precision.
     */
    public static double survival(double x, double df) {
        checkDf(df);
        if (Double.isNaN(x)) {
            throw new IllegalArgumentException("x is NaN");
        }
        return x <= 0 ? 1 : Gamma.regularizedQ(df / 2, x / 2);
    }

    private static void checkDf(double df) {
        if (!(df > 0) || Double.isInfinite(df)) {
            throw new IllegalArgumentException("degrees of freedom must be finite and > 0, got " + df);
        }
    }
}
