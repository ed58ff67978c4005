package dev.emodistill.sim;

import dev.emodistill.negotiation.BiddingTactic;
import dev.emodistill.negotiation.Decision;
import dev.emodistill.negotiation.EmotionResponseProfile;
import dev.emodistill.negotiation.TimeDependentTactic;
import dev.emodistill.negotiation.TurnContext;

import java.util.SplittableRandom;

/**
 * The focal agent's bidding when the world gives it a persona's emotion-response profile ({@code --focal-response}):
 * the counterparty's own rule ({@link PersonaTactic}) mirrored onto the focal side. Written in give-away terms,
 * g = 1 - pos (0 at the focal target T_f, 1 at the counterparty target T_c), with the focal tactic's drawn floor f,
 * exponent e and noise, and E the profile's accumulated emotional concession (positive: the counterparty's displays
 * have moved it to give more):
 *
 * <pre>
 *   r   = 1 - f                                     how far it gives before emotion (its reservation)
 *   cap = clip(r + E, 0.02, 0.97)                   emotion moves how far it will ever go
 *   g   = min(cap, r * tau^(1/e) + E) + noise,      tau = t / (H - 1), clipped to [0, cap], never retracted
 * </pre>
 *
 * Each turn it first draws whether to walk away (with the profile's hazard), then accepts the counterparty's standing
 * offer when that offer's give-away is within {@code g + acceptanceMargin}, else offers the value at pos = 1 - g.
 * With E = 0, no margin and no hazard this is the default focal path ({@link TimeDependentTactic} from 1 down to f),
 * but it draws one more uniform per turn (the walk-away draw); the world therefore uses it only when the option is
 * on, which keeps the default world's episodes bit-identical.
 */
public final class RespondingFocalTactic implements BiddingTactic {
    private final double reservation;
    private final double exponent;
    private final double noise;
    private final double granularity;

    /**
     * @param floor       the focal tactic's floor on the position scale (its reservation)
     * @param exponent    concession shape e
     * @param noise       per-turn noise on the position scale
     * @param granularity offer rounding step in domain units
     */
    public RespondingFocalTactic(double floor, double exponent, double noise, double granularity) {
        if (!(exponent > 0) || !(granularity > 0)) {
            throw new IllegalArgumentException("exponent and granularity must be positive");
        }
        this.reservation = 1 - floor;
        this.exponent = exponent;
        this.noise = noise;
        this.granularity = granularity;
    }

    @Override
    public Decision decide(TurnContext ctx, EmotionResponseProfile response, SplittableRandom rng) {
        return PersonaTactic.concede(ctx, response, rng, reservation, exponent, noise, granularity, true);
    }

    /** r = 1 - floor: the give-away it reaches at the deadline before emotion. */
    public double reservation() {
        return reservation;
    }
}
