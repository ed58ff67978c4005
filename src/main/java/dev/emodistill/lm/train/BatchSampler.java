package dev.emodistill.lm.train;

import java.util.SplittableRandom;

/**
 * Seeded epochs of shuffled indices: every example is used once per pass before any is used again, which on small
 * data beats sampling with replacement, and the order is identical for a given seed.
 */
final class BatchSampler {
    private final int[] order;
    private final SplittableRandom rng;
    private int next;

    BatchSampler(int size, long seed) {
        if (size <= 0) {
            throw new IllegalArgumentException("no training examples");
        }
        this.order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        this.rng = new SplittableRandom(seed);
        shuffle();
    }

    int[] next(int count) {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            if (next == order.length) {
                shuffle();
            }
            out[i] = order[next++];
        }
        return out;
    }

    private void shuffle() {
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        next = 0;
    }
}
