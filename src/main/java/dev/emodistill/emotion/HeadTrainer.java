package dev.emodistill.emotion;

import java.util.List;
import java.util.Random;

/**
 * Trains a {@link SoftmaxHead} by mini-batch Adam on the cross-entropy between the head's distribution and a
 * target distribution (uniform over an example's gold labels, so multi-label GoEmotions rows train too), plus
 * L2 weight decay. Single-threaded and seeded: the same data and seed give bit-identical weights.
 */
public final class HeadTrainer {
    /** Hyper-parameters; defaults suit a few thousand MiniLM embeddings. */
    public record Config(
            /* passes over the data */
            int epochs,
            /* examples per Adam step */
            int batchSize,
            /* Adam step size */
            double learningRate,
            /* L2 penalty on weights (not biases); keeps the head from over-trusting template wording */
            double l2,
            /* shuffling seed */
            long seed) {
        public static Config defaults(long seed) {
            return new Config(60, 64, 0.01, 1e-4, seed);
        }
    }

    /** One training example: an embedding and its gold label indices. */
    public record Example(float[] embedding, int[] labels) {
    }

    private HeadTrainer() {
    }

    public static SoftmaxHead train(List<Example> data, int dimension, Config config) {
        if (data.isEmpty()) {
            throw new IllegalArgumentException("no training examples");
        }
        int k = Emotion.COUNT;
        int cols = dimension + 1;
        double[][] w = new double[k][cols];
        double[][] m = new double[k][cols];
        double[][] v = new double[k][cols];
        double[][] grad = new double[k][cols];
        int[] order = new int[data.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Random rng = new Random(config.seed());
        final double beta1 = 0.9;
        final double beta2 = 0.999;
        final double eps = 1e-8;
        long step = 0;
        double[] logits = new double[k];
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            shuffle(order, rng);
            for (int start = 0; start < order.length; start += config.batchSize()) {
                int end = Math.min(order.length, start + config.batchSize());
                for (double[] row : grad) {
                    java.util.Arrays.fill(row, 0);
                }
                for (int b = start; b < end; b++) {
                    Example ex = data.get(order[b]);
                    float[] x = ex.embedding();
                    for (int c = 0; c < k; c++) {
                        double z = w[c][dimension];
                        for (int j = 0; j < dimension; j++) {
                            z += w[c][j] * x[j];
                        }
                        logits[c] = z;
                    }
                    double[] p = SoftmaxHead.softmaxInPlace(logits);
                    double share = 1.0 / ex.labels().length;
                    for (int label : ex.labels()) {
                        p[label] -= share;
                    }
                    for (int c = 0; c < k; c++) {
                        double g = p[c];
                        if (g == 0) {
                            continue;
                        }
                        double[] gr = grad[c];
                        for (int j = 0; j < dimension; j++) {
                            gr[j] += g * x[j];
                        }
                        gr[dimension] += g;
                    }
                }
                step++;
                double n = end - start;
                double correction1 = 1 - Math.pow(beta1, step);
                double correction2 = 1 - Math.pow(beta2, step);
                for (int c = 0; c < k; c++) {
                    for (int j = 0; j < cols; j++) {
                        double g = grad[c][j] / n + (j < dimension ? config.l2() * w[c][j] : 0);
                        m[c][j] = beta1 * m[c][j] + (1 - beta1) * g;
                        v[c][j] = beta2 * v[c][j] + (1 - beta2) * g * g;
                        w[c][j] -= config.learningRate() * (m[c][j] / correction1) / (Math.sqrt(v[c][j] / correction2) + eps);
                    }
                }
            }
        }
        float[][] out = new float[k][cols];
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < cols; j++) {
                out[c][j] = (float) w[c][j];
            }
        }
        return new SoftmaxHead(dimension, out);
    }

    private static void shuffle(int[] a, Random rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
