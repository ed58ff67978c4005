package dev.emodistill.negotiation;

import java.util.SplittableRandom;

/**
 * The classic time-dependent concession tactic (Faratin et al., 1998) on the focal-utility position scale:
 *
 * <pre>
 *   aim(t) = start - (start - floor) * tau^(1/e) + concession,   tau = t / (H - 1)
 * </pre>
 *
 * where e &lt; 1 is Boulware (concede late), e = 1 linear, e &gt; 1 Conceder. For the focal side positions run
 * from 1 (its own target) down to {@code floor}; for the counterparty they run up from 0 (its target) to its
 * reservation, so the tactic is written for either direction by the sign of {@code floor - start}. Gaussian
 * noise of scale {@code noise} is added, but a side never retracts a concession. It accepts the other side's
 * standing offer when that is at least as good for it as what it would offer now (the "AC-next" rule).
 *
 * @param start    the position of the opening offer
 * @param floor    the last position it will concede to (its reservation)
 * @param exponent concession shape e
 * @param noise    standard deviation of per-turn noise on the position scale
 * @param granularity rounding step for offers in domain units (e.g. 1 day, 5 minutes)
 */
public record TimeDependentTactic(double start, double floor, double exponent, double noise, double granularity)
        implements BiddingTactic {

    public TimeDependentTactic {
        if (!(exponent > 0)) {
            throw new IllegalArgumentException("exponent must be positive, got " + exponent);
        }
        if (!(granularity > 0)) {
            throw new IllegalArgumentException("granularity must be positive, got " + granularity);
        }
    }

    @Override
    public Decision decide(TurnContext ctx, EmotionResponseProfile response, SplittableRandom rng) {
        double aim = aim(ctx, response, rng);
        Double theirs = ctx.otherStandingOffer();
        if (theirs != null && better(ctx.position(theirs), aim)) {
            return Decision.accept(theirs);
        }
        return Decision.offer(round(ctx.value(aim)));
    }

    /** The position this side aims to offer now (noise drawn once per turn, concessions never retracted). */
    public double aim(TurnContext ctx, EmotionResponseProfile response, SplittableRandom rng) {
        double tau = ctx.deadlineProgress();
        double gaussian = gaussian(rng);
        double path = start + (floor - start) * Math.pow(tau, 1 / exponent);
        double direction = Math.signum(floor - start);
        double aim = path + direction * response.concession() + noise * gaussian;
        Double own = ctx.ownStandingOffer();
        if (own != null) {
            double previous = ctx.position(own);
            // Never move back toward the own target once conceded.
            aim = direction < 0 ? Math.min(aim, previous) : Math.max(aim, previous);
        }
        double lo = Math.min(start, floor);
        double hi = Math.max(start, floor);
        return Math.max(lo, Math.min(hi, aim));
    }

    /** True when {@code offered} is at least as good for this side as {@code aim}. */
    private boolean better(double offered, double aim) {
        return start >= floor ? offered >= aim : offered <= aim;
    }

    private double round(double value) {
        return Math.round(value / granularity) * granularity;
    }

    /**
     * A standard normal draw by Box-Muller from exactly two uniforms, so every turn consumes the same number of
     * random numbers and random streams stay aligned across conditions.
     */
    public static double gaussian(SplittableRandom rng) {
        double u1 = Math.max(1e-12, rng.nextDouble());
        double u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
