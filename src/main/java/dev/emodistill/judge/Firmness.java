package dev.emodistill.judge;

import java.util.ArrayList;
import java.util.List;

import static dev.emodistill.judge.Finding.Component.FIRMNESS;

/**
 * Firmness versus realism (DESIGN §6), on the focal-utility position scale pos(x) = (T_c - x) / (T_c - T_f)
 * (1 = own target, 0 = the counterparty's target), so one rule serves every domain and polarity. With p the
 * utterance's position, p_prev the focal side's previous offer, p_c the counterparty's standing offer (0 when
 * it has made none), tol the tolerance on this scale, t / (H - 1) the deadline progress and R = H - t the focal
 * turns left, exactly one of these applies:
 *
 * <ol>
 *   <li><b>capitulation past the counterparty</b>: p &lt; p_c - tol (giving more than was asked):
 *       {@value #BEYOND_COUNTERPARTY};</li>
 *   <li><b>closing</b>: in the last {@value #CLOSING_PHASE_PERCENT} % of turns (progress &ge;
 *       {@value #CLOSING_PHASE}), within tol of the counterparty's standing offer: +{@value #CLOSE};</li>
 *   <li><b>opening anchor</b> (no earlier focal offer): +{@value #ANCHOR} * clip((p - 0.5) / 0.4, 0, 1),
 *       full marks from p = 0.9;</li>
 *   <li><b>retraction</b> (moving back toward the own target by more than tol after an earlier offer, unless
 *       meeting the counterparty's offer): {@value #RETRACTION};</li>
 *   <li><b>holding</b> (a move of at most tol): +{@value #HOLD}, but {@value #STALL} in the closing phase, where
 *       standing still runs the clock out to a timeout (utility 0);</li>
 *   <li><b>concession</b> of size d = p_prev - p against the time-calibrated step
 *       a = max(tol, {@value #MIN_STEP}, min({@value #MAX_STEP}, {@value #STEP_FACTOR} * (p_prev - p_c) / R)):
 *       +{@value #CALIBRATED} when d &le; a, else -(1 + 2 * min(1, (d - a) / a)), i.e. -1 to -3
 *       (capitulation by an outsized jump). The floor {@value #MIN_STEP} keeps a small move from counting as
 *       capitulation when little is left between the sides: without it, closing a gap of a few units in one
 *       turn would be "3x the calibrated step" whenever more than three turns remain.</li>
 * </ol>
 *
 * Independently, an unrealistic demand beyond the own target, p &gt; {@value #OVERREACH_FROM}, costs up to
 * {@value #OVERREACH_MAX} (linear, full at p = 2). An utterance without an offer earns no firmness points
 * (clarity penalises it).
 */
final class Firmness {
    static final double BEYOND_COUNTERPARTY = -3.5;
    static final double CLOSE = 2.0;
    static final double CLOSING_PHASE = 0.8;
    static final int CLOSING_PHASE_PERCENT = 20;
    static final double ANCHOR = 2.0;
    static final double RETRACTION = -0.75;
    static final double HOLD = 1.0;
    static final double STALL = 0.0;
    static final double CALIBRATED = 1.5;
    static final double MAX_STEP = 0.35;
    static final double MIN_STEP = 0.1;
    static final double STEP_FACTOR = 3.0;
    static final double OVERREACH_FROM = 1.25;
    static final double OVERREACH_MAX = 2.0;

    private Firmness() {
    }

    static List<Finding> assess(JudgeContext ctx, OfferMove move) {
        List<Finding> out = new ArrayList<>();
        if (!move.hasOffer()) {
            return out;
        }
        double p = ctx.position(move.value());
        if (p > OVERREACH_FROM) {
            out.add(overreach(ctx, p));
        }
        Double pc = move.counterpartyStanding() == null ? null : ctx.position(move.counterpartyStanding());
        double tol = ctx.tolerancePosition();
        boolean meetsCounterparty = pc != null && Math.abs(p - pc) <= tol;
        if (p < (pc == null ? 0 : pc) - tol) {
            out.add(pastCounterparty(ctx, move));
        } else if (meetsCounterparty && ctx.deadlineProgress() >= CLOSING_PHASE) {
            out.add(Finding.strength(FIRMNESS, CLOSE, "closes near the deadline at the " + who(ctx) + "'s "
                    + DomainWording.quantity(ctx.domain(), move.counterpartyStanding())));
        } else if (move.previousFocal() == null) {
            out.add(anchor(p, DomainWording.quantity(ctx.domain(), move.value())));
        } else {
            out.add(step(ctx, move, p, pc == null ? 0 : pc, meetsCounterparty));
        }
        return out;
    }

    private static Finding overreach(JudgeContext ctx, double p) {
        double points = -OVERREACH_MAX * Math.min(1, (p - OVERREACH_FROM) / (2 - OVERREACH_FROM));
        return Finding.fault(FIRMNESS, points, "unrealistic demand beyond own target of "
                + DomainWording.quantity(ctx.domain(), ctx.focalTarget()));
    }

    private static Finding pastCounterparty(JudgeContext ctx, OfferMove move) {
        String asked = move.counterpartyStanding() == null
                ? "own target of " + DomainWording.quantity(ctx.domain(), ctx.counterpartyTarget())
                : "standing " + DomainWording.quantity(ctx.domain(), move.counterpartyStanding());
        return Finding.fault(FIRMNESS, BEYOND_COUNTERPARTY, "capitulates past the " + who(ctx) + "'s " + asked);
    }

    /** A move after an earlier focal offer: retraction, holding, or a concession judged by its size. */
    private static Finding step(JudgeContext ctx, OfferMove move, double p, double pc, boolean meetsCounterparty) {
        double tol = ctx.tolerancePosition();
        double pPrev = ctx.position(move.previousFocal());
        String offer = DomainWording.quantity(ctx.domain(), move.value());
        String from = DomainWording.quantity(ctx.domain(), move.previousFocal());
        double step = pPrev - p;
        if (meetsCounterparty && step <= tol) {
            // Taking an offer at least as good as the own last one is never a retraction.
            return Finding.strength(FIRMNESS, CALIBRATED, "takes the " + who(ctx) + "'s " + offer);
        }
        if (step < -tol) {
            return Finding.fault(FIRMNESS, RETRACTION, "retracts from " + from + " back toward own target");
        }
        if (step <= tol) {
            return ctx.deadlineProgress() >= CLOSING_PHASE
                    ? Finding.fault(FIRMNESS, STALL, "stalls at " + offer + " near the deadline")
                    : Finding.strength(FIRMNESS, HOLD, "holds firm at " + offer);
        }
        double allowed = allowedStep(ctx, pPrev, pc, tol);
        if (step <= allowed) {
            return Finding.strength(FIRMNESS, CALIBRATED, "calibrated concession from " + from);
        }
        double points = -(1 + 2 * Math.min(1, (step - allowed) / allowed));
        return Finding.fault(FIRMNESS, points, "capitulates: jumps from " + from + " in one turn");
    }

    /** The largest concession that is still calibrated to the gap left and the turns left. */
    static double allowedStep(JudgeContext ctx, double pPrev, double pCounterparty, double tol) {
        double gap = Math.max(0, pPrev - pCounterparty);
        return Math.max(Math.max(tol, MIN_STEP), Math.min(MAX_STEP, STEP_FACTOR * gap / ctx.remainingTurns()));
    }

    private static String who(JudgeContext ctx) {
        return DomainWording.counterparty(ctx.domain());
    }

    private static Finding anchor(double p, String offer) {
        double strength = Math.max(0, Math.min(1, (p - 0.5) / 0.4));
        double points = ANCHOR * strength;
        return strength >= 0.5
                ? Finding.strength(FIRMNESS, points, "anchors near own target with " + offer)
                : Finding.fault(FIRMNESS, points, "weak opening anchor of " + offer);
    }
}
