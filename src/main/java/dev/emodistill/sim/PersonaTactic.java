package dev.emodistill.sim;

import dev.emodistill.negotiation.Decision;
import dev.emodistill.negotiation.BiddingTactic;
import dev.emodistill.negotiation.EmotionResponseProfile;
import dev.emodistill.negotiation.TimeDependentTactic;
import dev.emodistill.negotiation.TurnContext;

import java.util.SplittableRandom;

/**
 * A counterparty's bidding: a time-dependent concession from its own target (position 0) toward a hidden
 * reservation r, shifted by the emotional concession E of its {@link EmotionResponseProfile}:
 *
 * <pre>
 *   cap = clip(r + E, 0.02, 0.97)            emotion moves how far it will ever go
 *   aim = min(cap, r * tau^(1/e) + E) + noise,   tau = t / (H - 1); never retracts a concession
 * </pre>
 *
 * Each turn it first draws whether to walk away (with the profile's hazard), then accepts the focal agent's
 * standing offer if that is within {@code aim + acceptanceMargin}, else counter-offers at {@code aim}. It draws
 * the same number of random numbers every turn, so its random stream stays aligned across emotion conditions.
 */
public final class PersonaTactic implements BiddingTactic {
    private final double reservation;
    private final double exponent;
    private final double noise;
    private final double granularity;

    public PersonaTactic(double reservation, double exponent, double noise, double granularity) {
        this.reservation = reservation;
        this.exponent = exponent;
        this.noise = noise;
        this.granularity = granularity;
    }

    /** Draws this episode's hidden reservation and concession shape from the persona's ranges. */
    public static PersonaTactic draw(Persona persona, double granularity, SplittableRandom rng) {
        double r = persona.reservationLow() + rng.nextDouble() * (persona.reservationHigh() - persona.reservationLow());
        double e = persona.exponentLow() + rng.nextDouble() * (persona.exponentHigh() - persona.exponentLow());
        return new PersonaTactic(r, e, persona.noise(), granularity);
    }

    @Override
    public Decision decide(TurnContext ctx, EmotionResponseProfile response, SplittableRandom rng) {
        return concede(ctx, response, rng, reservation, exponent, noise, granularity, false);
    }

    /**
     * The concession rule above, shared with the focal side's mirror image ({@link RespondingFocalTactic}): with
     * {@code mirrored} the scale it concedes along is the give-away 1 - pos instead of the position pos.
     */
    static Decision concede(TurnContext ctx, EmotionResponseProfile response, SplittableRandom rng, double reservation,
                            double exponent, double noise, double granularity, boolean mirrored) {
        double walkDraw = rng.nextDouble();
        double gaussian = TimeDependentTactic.gaussian(rng);
        if (walkDraw < response.walkAwayHazard(ctx)) {
            return Decision.walkAway();
        }
        double tau = ctx.deadlineProgress();
        double e = response.concession();
        double cap = Math.max(0.02, Math.min(0.97, reservation + e));
        double aim = Math.min(cap, reservation * Math.pow(tau, 1 / exponent) + e) + noise * gaussian;
        aim = Math.max(0, Math.min(cap, aim));
        Double own = ctx.ownStandingOffer();
        if (own != null) {
            aim = Math.max(aim, along(ctx.position(own), mirrored));
        }
        Double theirs = ctx.otherStandingOffer();
        if (theirs != null && along(ctx.position(theirs), mirrored) <= aim + response.acceptanceMargin(ctx)) {
            return Decision.accept(theirs);
        }
        return Decision.offer(Math.round(ctx.value(along(aim, mirrored)) / granularity) * granularity);
    }

    /** A position on the scale conceded along (its own inverse). */
    private static double along(double position, boolean mirrored) {
        return mirrored ? 1 - position : position;
    }

    public double reservation() {
        return reservation;
    }

    public double exponent() {
        return exponent;
    }
}
