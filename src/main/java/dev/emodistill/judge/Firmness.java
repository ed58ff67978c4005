package dev.emodistill.judge;

import dev.emodistill.domain.Domain;

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
        Domain d = ctx.domain();
        double p = ctx.position(move.value());
        double tol = ctx.tolerancePosition();
        String offer = DomainWording.quantity(d, move.value());
        String who = DomainWording.counterparty(d);
        if (p > OVERREACH_FROM) {
            double points = -OVERREACH_MAX * Math.min(1, (p - OVERREACH_FROM) / (2 - OVERREACH_FROM));
            out.add(Finding.fault(FIRMNESS, points, "unrealistic demand beyond own target of "
                    + DomainWording.quantity(d, ctx.focalTarget())));
        }
        Double pc = move.counterpartyStanding() == null ? null : ctx.position(move.counterpartyStanding());
        double floor = pc == null ? 0 : pc;
        if (p < floor - tol) {
            String asked = pc == null ? "the " + who + "'s own target of " + DomainWording.quantity(d, ctx.counterpartyTarget())
                    : "the " + who + "'s standing " + DomainWording.quantity(d, move.counterpartyStanding());
            out.add(Finding.fault(FIRMNESS, BEYOND_COUNTERPARTY, "capitulates past " + asked));
            return out;
        }
        boolean meetsCounterparty = pc != null && Math.abs(p - pc) <= tol;
        if (meetsCounterparty && ctx.deadlineProgress() >= CLOSING_PHASE) {
            out.add(Finding.strength(FIRMNESS, CLOSE, "closes near the deadline at the " + who + "'s "
                    + DomainWording.quantity(d, move.counterpartyStanding())));
            return out;
        }
        if (move.previousFocal() == null) {
            out.add(anchor(p, offer));
            return out;
        }
        double pPrev = ctx.position(move.previousFocal());
        String from = DomainWording.quantity(d, move.previousFocal());
        double step = pPrev - p;
        if (step < -tol && !meetsCounterparty) {
            out.add(Finding.fault(FIRMNESS, RETRACTION, "retracts from " + from + " back toward own target"));
        } else if (step <= tol) {
            if (meetsCounterparty) {
                out.add(Finding.strength(FIRMNESS, CALIBRATED, "takes the " + who + "'s " + offer));
            } else if (ctx.deadlineProgress() >= CLOSING_PHASE) {
                out.add(Finding.fault(FIRMNESS, STALL, "stalls at " + offer + " near the deadline"));
            } else {
                out.add(Finding.strength(FIRMNESS, HOLD, "holds firm at " + offer));
            }
        } else {
            double allowed = allowedStep(ctx, pPrev, floor, tol);
            if (step <= allowed) {
                out.add(Finding.strength(FIRMNESS, CALIBRATED, "calibrated concession from " + from));
            } else {
                double points = -(1 + 2 * Math.min(1, (step - allowed) / allowed));
                out.add(Finding.fault(FIRMNESS, points, "capitulates: jumps from " + from + " in one turn"));
            }
        }
        return out;
    }

    /** The largest concession that is still calibrated to the gap left and the turns left. */
    static double allowedStep(JudgeContext ctx, double pPrev, double pCounterparty, double tol) {
        double gap = Math.max(0, pPrev - pCounterparty);
        return Math.max(Math.max(tol, MIN_STEP), Math.min(MAX_STEP, STEP_FACTOR * gap / ctx.remainingTurns()));
    }

    private static Finding anchor(double p, String offer) {
        double strength = Math.max(0, Math.min(1, (p - 0.5) / 0.4));
        double points = ANCHOR * strength;
        return strength >= 0.5
                ? Finding.strength(FIRMNESS, points, "anchors near own target with " + offer)
                : Finding.fault(FIRMNESS, points, "weak opening anchor of " + offer);
    }
}
