package dev.emodistill.emotion;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The head trainer on problems with known answers: separable clusters and a multi-label target. */
class HeadTrainerTest {
    private static List<HeadTrainer.Example> clusters(int dimension, int perLabel, double noise, long seed) {
        Random rng = new Random(seed);
        List<HeadTrainer.Example> data = new ArrayList<>();
        for (int label = 0; label < Emotion.COUNT; label++) {
            for (int i = 0; i < perLabel; i++) {
                float[] x = new float[dimension];
                x[label % dimension] = 1;
                x[(label * 7 + 3) % dimension] += 0.5f;
                for (int j = 0; j < dimension; j++) {
                    x[j] += (float) (noise * rng.nextGaussian());
                }
                data.add(new HeadTrainer.Example(x, new int[]{label}));
            }
        }
        return data;
    }

    @Test
    void learnsSeparableClustersPerfectly() {
        List<HeadTrainer.Example> train = clusters(32, 20, 0.05, 1);
        List<HeadTrainer.Example> test = clusters(32, 10, 0.05, 2);
        SoftmaxHead head = HeadTrainer.train(train, 32, new HeadTrainer.Config(40, 32, 0.05, 1e-5, 7));
        int correct = 0;
        for (HeadTrainer.Example ex : test) {
            double[] p = head.probabilities(ex.embedding());
            int best = 0;
            for (int k = 1; k < p.length; k++) {
                if (p[k] > p[best]) {
                    best = k;
                }
            }
            correct += best == ex.labels()[0] ? 1 : 0;
        }
        assertEquals(test.size(), correct);
    }

    @Test
    void multiLabelExamplesSplitProbabilityBetweenTheirLabels() {
        float[] x = new float[4];
        x[0] = 1;
        List<HeadTrainer.Example> data = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            data.add(new HeadTrainer.Example(x, new int[]{Emotion.JOY.index(), Emotion.RELIEF.index()}));
        }
        SoftmaxHead head = HeadTrainer.train(data, 4, new HeadTrainer.Config(200, 50, 0.05, 0, 1));
        double[] p = head.probabilities(x);
        assertEquals(0.5, p[Emotion.JOY.index()], 0.05);
        assertEquals(0.5, p[Emotion.RELIEF.index()], 0.05);
    }

    @Test
    void sameSeedGivesIdenticalWeights() {
        List<HeadTrainer.Example> train = clusters(16, 5, 0.2, 3);
        SoftmaxHead a = HeadTrainer.train(train, 16, HeadTrainer.Config.defaults(9));
        SoftmaxHead b = HeadTrainer.train(train, 16, HeadTrainer.Config.defaults(9));
        for (int k = 0; k < Emotion.COUNT; k++) {
            assertArrayEquals(a.weights()[k], b.weights()[k]);
        }
        SoftmaxHead c = HeadTrainer.train(train, 16, HeadTrainer.Config.defaults(10));
        assertTrue(!java.util.Arrays.equals(a.weights()[0], c.weights()[0]), "another seed shuffles differently");
    }

    @Test
    void headSurvivesAJsonRoundTrip() {
        SoftmaxHead head = HeadTrainer.train(clusters(8, 3, 0.1, 4), 8, new HeadTrainer.Config(5, 16, 0.01, 0, 1));
        SoftmaxHead back = SoftmaxHead.fromJson(head.toJson());
        for (int k = 0; k < Emotion.COUNT; k++) {
            assertArrayEquals(head.weights()[k], back.weights()[k]);
        }
    }
}
