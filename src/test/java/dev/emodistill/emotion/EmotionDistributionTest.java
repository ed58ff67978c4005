package dev.emodistill.emotion;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EmotionDistributionTest {
    @Test
    void normalisesAndRanks() {
        double[] w = new double[28];
        w[Emotion.ANGER.index()] = 3;
        w[Emotion.FEAR.index()] = 1;
        EmotionDistribution d = EmotionDistribution.of(w);
        assertEquals(0.75, d.probability(Emotion.ANGER), 1e-12);
        assertEquals(Emotion.ANGER, d.top());
        assertArrayEquals(new Emotion[]{Emotion.ANGER, Emotion.FEAR}, java.util.Arrays.copyOf(d.topK(3), 2));
        assertEquals(0.75, d.ekman().get(EkmanGroup.ANGER), 1e-12);
        assertEquals(0.25, d.ekman().get(EkmanGroup.FEAR), 1e-12);
        assertEquals(0.75 * Emotion.ANGER.valence() + 0.25 * Emotion.FEAR.valence(), d.expect(Emotion::valence), 1e-12);
    }

    @Test
    void mixesWithWeights() {
        EmotionDistribution a = EmotionDistribution.pure(Emotion.JOY);
        EmotionDistribution b = EmotionDistribution.pure(Emotion.SADNESS);
        EmotionDistribution m = EmotionDistribution.mix(java.util.List.of(a, b), new double[]{3, 1});
        assertEquals(0.75, m.probability(Emotion.JOY), 1e-12);
        assertEquals(1.0, EmotionDistribution.pure(Emotion.NO_EMOTION).probability(Emotion.NEUTRAL), 1e-12);
    }

    @Test
    void rejectsBadWeights() {
        assertThrows(IllegalArgumentException.class, () -> EmotionDistribution.of(new double[27]));
        assertThrows(IllegalArgumentException.class, () -> EmotionDistribution.of(new double[28]));
        double[] negative = new double[28];
        negative[0] = -1;
        negative[1] = 2;
        assertThrows(IllegalArgumentException.class, () -> EmotionDistribution.of(negative));
    }
}
