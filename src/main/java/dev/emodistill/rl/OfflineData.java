package dev.emodistill.rl;

import dev.emodistill.corpus.Transition;
import dev.emodistill.corpus.TransitionDataset;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.io.InputException;

import java.util.List;

/**
 * Logged transitions as flat arrays, ready for minibatch sampling. A timeout is not terminal here (d = 0, DESIGN §7):
 * the episode was cut by the message limit, so its last state still has a future worth bootstrapping from.
 *
 * @param dimension  state size
 * @param states     n x dimension values, row-major
 * @param actions    emotion indices 0..27
 * @param rewards    rewards as logged (normalisation happens in the learner)
 * @param next       next states, row-major
 * @param done       1 where the episode ended by deal or walk-away
 * @param initial    true for a transition at focal turn 0 (the start states FQE averages over)
 * @param labels     episode id and turn of each transition, for error messages
 */
public record OfflineData(int dimension, float[] states, int[] actions, float[] rewards, float[] next, float[] done,
                          boolean[] initial, String[] labels) {

    public int size() {
        return actions.length;
    }

    /** Which of the 28 emotions occur at least once: the policy's action mask. */
    public boolean[] seenActions() {
        boolean[] seen = new boolean[Emotion.COUNT];
        for (int a : actions) {
            seen[a] = true;
        }
        return seen;
    }

    public static OfflineData from(TransitionDataset data) {
        return from(data.transitions(), data.stateSchema().dimension(), data.sourcePath());
    }

    /** Builds and validates: non-empty, finite, consistent dimensions, actions in range. */
    public static OfflineData from(List<Transition> transitions, int dimension, String source) {
        int n = transitions.size();
        if (n == 0) {
            throw new InputException(source + ": the dataset has no transitions to learn from");
        }
        float[] s = new float[n * dimension];
        float[] s2 = new float[n * dimension];
        int[] a = new int[n];
        float[] r = new float[n];
        float[] d = new float[n];
        boolean[] init = new boolean[n];
        String[] labels = new String[n];
        for (int i = 0; i < n; i++) {
            Transition t = transitions.get(i);
            labels[i] = "episode " + t.episodeId() + " t=" + t.t();
            if (t.s().length != dimension || t.s2().length != dimension) {
                throw new InputException(source + ": " + labels[i] + " has a state of " + t.s().length
                        + " values; the schema says " + dimension);
            }
            if (!Double.isFinite(t.r())) {
                throw new InputException(source + ": " + labels[i] + " has a non-finite reward " + t.r());
            }
            if (t.a() < 0 || t.a() >= Emotion.COUNT) {
                throw new InputException(source + ": " + labels[i] + " has action " + t.a() + " outside 0..27");
            }
            for (int j = 0; j < dimension; j++) {
                if (!Float.isFinite(t.s()[j]) || !Float.isFinite(t.s2()[j])) {
                    throw new InputException(source + ": " + labels[i] + " has a non-finite state value at index " + j);
                }
            }
            System.arraycopy(t.s(), 0, s, i * dimension, dimension);
            System.arraycopy(t.s2(), 0, s2, i * dimension, dimension);
            a[i] = t.a();
            r[i] = (float) t.r();
            d[i] = t.done() ? 1 : 0;
            init[i] = t.t() == 0;
        }
        return new OfflineData(dimension, s, a, r, s2, d, init, labels);
    }

    /** The state of transition i (a copy). */
    public float[] state(int i) {
        float[] out = new float[dimension];
        System.arraycopy(states, i * dimension, out, 0, dimension);
        return out;
    }
}
