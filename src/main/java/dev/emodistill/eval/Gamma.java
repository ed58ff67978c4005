package dev.emodistill.eval;

/**
 * The log-gamma function and the regularized incomplete gamma functions P(a, x) and Q(a, x) = 1 − P(a, x),
 * which give the chi-square distribution (see {@link ChiSquare}).
 *
 * <p>P is summed as a power series where it converges fast (x &lt; a + 1); there Q = 1 − P loses nothing that
 * matters. Otherwise Q is evaluated as a continued fraction (modified Lentz), so that tiny upper tails keep
 * their relative accuracy instead of being lost in 1 − P.
 */
public final class Gamma {
    private static final int MAX_ITERATIONS = 10_000;
    private static final double EPSILON = 1e-16;
    /** Stands in for zero in Lentz's method, where a zero denominator would stop the recurrence. */
    private static final double TINY = 1e-300;
    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

    private Gamma() {
    }

    /**
     * ln Γ(x) for x &gt; 0. Small arguments are shifted up with Γ(x) = Γ(x + 1)/x until x ≥ 15, where the
     * Stirling series, cut after its x⁻⁹ term, is accurate to about machine precision (the first term left out
     * is below 3e-16 there).
     */
    public static double logGamma(double x) {
        if (!(x > 0) || Double.isInfinite(x)) {
            throw new IllegalArgumentException("logGamma needs a finite x > 0, got " + x);
        }
        // One log of the product rather than a sum of logs: fewer roundings. The product stays far from
        // overflow (at most about 15!) and from underflow unless x itself is subnormal.
        double product = 1;
        while (x < 15) {
            product *= x;
            x += 1;
        }
        double shift = Math.log(product);
        double inv = 1 / x;
        double inv2 = inv * inv;
        // Stirling: B_2k / (2k (2k-1) x^(2k-1)) for k = 1..5
        double series = inv * (1.0 / 12 + inv2 * (-1.0 / 360 + inv2 * (1.0 / 1260
                + inv2 * (-1.0 / 1680 + inv2 * (1.0 / 1188)))));
        return (x - 0.5) * Math.log(x) - x + HALF_LOG_TWO_PI + series - shift;
    }

    /** The lower regularized incomplete gamma P(a, x) = γ(a, x)/Γ(a), for a &gt; 0 and x ≥ 0. */
    public static double regularizedP(double a, double x) {
        check(a, x);
        if (x == 0) {
            return 0;
        }
        if (x == Double.POSITIVE_INFINITY) {
            return 1;
        }
        return x < a + 1 ? lowerSeries(a, x) : 1 - upperContinuedFraction(a, x);
    }

    /** The upper regularized incomplete gamma Q(a, x) = Γ(a, x)/Γ(a) = 1 − P(a, x), for a &gt; 0 and x ≥ 0. */
    public static double regularizedQ(double a, double x) {
        check(a, x);
        if (x == 0) {
            return 1;
        }
        if (x == Double.POSITIVE_INFINITY) {
            return 0;
        }
        return x < a + 1 ? 1 - lowerSeries(a, x) : upperContinuedFraction(a, x);
    }

    private static void check(double a, double x) {
        if (!(a > 0) || Double.isInfinite(a)) {
            throw new IllegalArgumentException("the shape a must be finite and > 0, got " + a);
        }
        if (!(x >= 0)) {
            throw new IllegalArgumentException("x must be >= 0, got " + x);
        }
    }

    /** e^(a ln x − x − ln Γ(a)): the factor shared by the series and the continued fraction. */
    private static double prefactor(double a, double x) {
        return Math.exp(a * Math.log(x) - x - logGamma(a));
    }

    /** P(a, x) = x^a e^−x / Γ(a) · Σ_n x^n / (a (a+1) … (a+n)). */
    private static double lowerSeries(double a, double x) {
        double denominator = a;
        double term = 1 / a;
        double sum = term;
        for (int n = 1; n < MAX_ITERATIONS; n++) {
            denominator += 1;
            term *= x / denominator;
            sum += term;
            if (Math.abs(term) < Math.abs(sum) * EPSILON) {
                return Math.min(1, sum * prefactor(a, x));
            }
        }
        throw new ArithmeticException("incomplete gamma series did not converge for a=" + a + ", x=" + x);
    }

    /**
     * Q(a, x) = x^a e^−x / Γ(a) · 1/(x + 1 − a − 1·(1 − a)/(x + 3 − a − 2·(2 − a)/(x + 5 − a − …))),
     * evaluated front to back with the modified Lentz method.
     */
    private static double upperContinuedFraction(double a, double x) {
        double b = x + 1 - a;
        double c = 1 / TINY;
        double d = 1 / b;
        double fraction = d;
        for (int n = 1; n < MAX_ITERATIONS; n++) {
            double an = -n * (n - a);
            b += 2;
            d = an * d + b;
            if (Math.abs(d) < TINY) {
                d = TINY;
            }
            c = b + an / c;
            if (Math.abs(c) < TINY) {
                c = TINY;
            }
            d = 1 / d;
            double delta = d * c;
            fraction *= delta;
            if (Math.abs(delta - 1) < EPSILON) {
                return Math.max(0, fraction * prefactor(a, x));
            }
        }
        throw new ArithmeticException("incomplete gamma continued fraction did not converge for a=" + a + ", x=" + x);
    }
}
