package dev.emodistill.sim;

import dev.emodistill.emotion.Emotion;
import dev.emodistill.emotion.EmotionDistribution;

/**
 * The social signals a simulated counterparty reads from the emotion it perceives, derived from each label's
 * valence (V), arousal (A) and dominance (D) weighted by the perceived probabilities, plus two per-emotion
 * cues (apology, inquiry) that VAD alone does not separate. Each channel lies in [0, 1]. These are modelling
 * choices of the simulator, grounded in the EASI view of emotions as social information (van Kleef, 2009),
 * not claims about people. Each channel is divided by its largest value over the 28 pure emotions, so a
 * prototypical, perfectly perceived display scores 1 on its channel and a persona's sensitivity reads as "concession
 * per turn at full signal":
 *
 * <ul>
 *   <li>{@code hostile} = E[max(0, -V) * max(0, D + 0.2)]: anger, annoyance, disgust, disapproval.</li>
 *   <li>{@code plaintive} = E[max(0, -V) * max(0, -D) * (1 - A) / 2]: low-arousal distress — sadness, grief,
 *       disappointment, remorse — which can elicit sympathy.</li>
 *   <li>{@code anxious} = E[max(0, -V) * max(0, -D) * (1 + A) / 2]: high-arousal distress — fear, nervousness,
 *       embarrassment — which signals a weak position.</li>
 *   <li>{@code warm} = E[max(0, V) * (1 - A) / 2] + 0.3 E[affiliative]: calm positive affect (gratitude, caring,
 *       approval, relief), with gratitude, caring and love counted as affiliative.</li>
 *   <li>{@code elated} = E[max(0, V) * max(0, A)]: excited happiness, which signals satisfaction.</li>
 *   <li>{@code confident} = E[max(0, V) * max(0, D)]: positive, dominant composure (pride, optimism, approval).</li>
 *   <li>{@code apology} = p(remorse) + 0.5 p(embarrassment); {@code inquiry} = p(curiosity) + 0.5 p(confusion)
 *       + 0.5 p(surprise) + 0.5 p(realization).</li>
 * </ul>
 */
public record EmotionSignals(double hostile, double plaintive, double anxious, double warm, double elated,
                             double confident, double apology, double inquiry) {

    /** Channel maxima over pure single-emotion distributions, computed once. */
    private static final EmotionSignals SCALE = scale();

    public static EmotionSignals of(EmotionDistribution p) {
        EmotionSignals raw = raw(p);
        return new EmotionSignals(raw.hostile / SCALE.hostile, raw.plaintive / SCALE.plaintive,
                raw.anxious / SCALE.anxious, raw.warm / SCALE.warm, raw.elated / SCALE.elated,
                raw.confident / SCALE.confident, raw.apology / SCALE.apology, raw.inquiry / SCALE.inquiry);
    }

    private static EmotionSignals scale() {
        double[] max = new double[8];
        for (Emotion e : Emotion.GOEMOTIONS) {
            EmotionSignals s = raw(EmotionDistribution.pure(e));
            double[] v = {s.hostile, s.plaintive, s.anxious, s.warm, s.elated, s.confident, s.apology, s.inquiry};
            for (int i = 0; i < max.length; i++) {
                max[i] = Math.max(max[i], v[i]);
            }
        }
        return new EmotionSignals(max[0], max[1], max[2], max[3], max[4], max[5], max[6], max[7]);
    }

    private static EmotionSignals raw(EmotionDistribution p) {
        double hostile = 0, plaintive = 0, anxious = 0, warm = 0, elated = 0, confident = 0;
        for (Emotion e : Emotion.GOEMOTIONS) {
            double w = p.probability(e);
            if (w == 0) {
                continue;
            }
            double v = e.valence();
            double a = e.arousal();
            double d = e.dominance();
            double neg = Math.max(0, -v);
            double pos = Math.max(0, v);
            hostile += w * neg * Math.max(0, d + 0.2);
            plaintive += w * neg * Math.max(0, -d) * (1 - a) / 2;
            anxious += w * neg * Math.max(0, -d) * (1 + a) / 2;
            warm += w * pos * (1 - a) / 2;
            elated += w * pos * Math.max(0, a);
            confident += w * pos * Math.max(0, d);
        }
        warm += 0.3 * (p.probability(Emotion.GRATITUDE) + p.probability(Emotion.CARING) + p.probability(Emotion.LOVE));
        double apology = p.probability(Emotion.REMORSE) + 0.5 * p.probability(Emotion.EMBARRASSMENT);
        double inquiry = p.probability(Emotion.CURIOSITY) + 0.5 * (p.probability(Emotion.CONFUSION)
                + p.probability(Emotion.SURPRISE) + p.probability(Emotion.REALIZATION));
        return new EmotionSignals(hostile, plaintive, anxious, warm, elated, confident, apology, inquiry);
    }
}
