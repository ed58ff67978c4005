package dev.emodistill.judge;

import dev.emodistill.emotion.Emotion;
import dev.emodistill.emotion.EmotionDistribution;

import java.util.List;

import static dev.emodistill.judge.Finding.Component.FIDELITY;

/**
 * Emotion fidelity (DESIGN §6): does the text show the emotion the speaker intended, as read by the
 * <em>evaluation</em> head? A match m in [0, 1] becomes {@value #WEIGHT} * m - {@value #WEIGHT} / 2 points,
 * i.e. -1.5 to +1.5.
 *
 * <ul>
 *   <li>An emotion X: m = 1 when X is the head's top label, {@value #TOP3} when it is second or third, and
 *       otherwise min({@value #MISS_CAP}, {@value #MISS_SLOPE} * p(X)) (low, with a little credit for a
 *       visible trace).</li>
 *   <li>The control (no emotion): the intended display is calm. m = 1 when neutral is the top label; otherwise
 *       it falls linearly with the intensity i = the largest non-neutral probability, from 1 at
 *       i &le; {@value #CALM_UNTIL} to 0 at i &ge; {@value #AROUSED_FROM}. Intensity is the peak rather than
 *       1 - p(neutral) because the head spreads plain offer sentences thinly over many labels (p(neutral)
 *       is often only 0.1-0.4 for "We can reach you in 90 minutes."), while a displayed emotion shows as one
 *       label with 0.5 or more.</li>
 * </ul>
 */
final class EmotionFidelity {
    static final double WEIGHT = 3.0;
    static final double TOP3 = 0.6;
    static final double MISS_CAP = 0.25;
    static final double MISS_SLOPE = 2.5;
    static final double CALM_UNTIL = 0.3;
    static final double AROUSED_FROM = 0.55;

    private EmotionFidelity() {
    }

    static List<Finding> assess(EmotionDistribution seen, Emotion intended) {
        Emotion want = intended == null ? Emotion.NO_EMOTION : intended;
        return List.of(want.isControl() ? calm(seen) : emotion(seen, want));
    }

    private static Finding emotion(EmotionDistribution seen, Emotion want) {
        Emotion[] top3 = seen.topK(3);
        Emotion top = top3[0];
        if (top == want) {
            return Finding.strength(FIDELITY, points(1), "shows " + want.label() + " as intended");
        }
        if (top3[1] == want || top3[2] == want) {
            return Finding.strength(FIDELITY, points(TOP3), want.label() + " visible but reads mostly as "
                    + top.label());
        }
        double match = Math.min(MISS_CAP, MISS_SLOPE * seen.probability(want));
        return Finding.fault(FIDELITY, points(match), "reads as " + top.label() + ", not the intended "
                + want.label());
    }

    private static Finding calm(EmotionDistribution seen) {
        Emotion top = seen.top();
        if (top == Emotion.NEUTRAL) {
            return Finding.strength(FIDELITY, points(1), "calm, as intended");
        }
        double intensity = seen.probability(top);
        double match = Math.max(0, Math.min(1, (AROUSED_FROM - intensity) / (AROUSED_FROM - CALM_UNTIL)));
        if (match >= 1) {
            return Finding.strength(FIDELITY, points(1), "calm, as intended");
        }
        return match >= 0.5 ? Finding.strength(FIDELITY, points(match), "mostly calm, slight " + top.label())
                : Finding.fault(FIDELITY, points(match), "reads as " + top.label() + ", not calm");
    }

    private static double points(double match) {
        return WEIGHT * match - WEIGHT / 2;
    }
}
