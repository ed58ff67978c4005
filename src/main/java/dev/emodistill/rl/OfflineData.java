package dev.emodistill.rl;

import dev.emodistill.corpus.Transition;
import dev.emodistill.corpus.TransitionDataset;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.io.InputException;
import dev.emodistill.io.Provenance;

import java.nio.file.Path;
import java.util.List;

/**
 * Logged transitions as flat arrays, ready for minibatch sampling. A timeout is not terminal here (d = 0, DESIGN §7):
 * the episode was cut by the message limit, so its last state still has a future worth bootstrapping from.
 *
 * @param dimension state size
 * @param states    n x dimension values, row-major
 * @param actions   emotion indices 0..27
 * @param rewards   rewards as logged (normalisation happens in the learner)
 * @param next      next states, row-major
 * @param done      1 where the episode ended by deal or walk-away
 * @param initial   true for a transition at focal turn 0 (the start states FQE averages over)
 * @param labels    episode id and turn of each transition, for error messages
 * @param schema    the state schema the states follow, or null for synthetic states (tests, benchmarks)
 * @param origin    where the transitions came from, or null when built in memory
 */
public record OfflineData(int dimension, float[] states, int[] actions, float[] rewards, float[] next, float[] done,
                          boolean[] initial, String[] labels, StateSchema schema, DatasetRef origin) {

    /**
     * Where a dataset came from, for checkpoint provenance.
     *
     * @param path         the transitions file
     * @param sha256       SHA-256 of that file
     * @param corpusPath   the corpus it was built from (its header's source)
     * @param corpusSha256 that corpus's SHA-256
     * @param rewardName   the reward the transitions carry
     */
    public record DatasetRef(String path, String sha256, String corpusPath, String corpusSha256, String rewardName) {
    }

    public OfflineData {
        int n = actions.length;
        if (states.length != n * dimension || next.length != n * dimension || rewards.length != n
                || done.length != n || initial.length != n || labels.length != n) {
            throw new IllegalArgumentException("offline data arrays disagree on the number of transitions (" + n + ")");
        }
        if (schema != null && schema.dimension() != dimension) {
            throw new IllegalArgumentException("schema has " + schema.dimension() + " features, data " + dimension);
        }
    }

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

    /** Reads a transitions file, recording its path and SHA-256 as the origin. */
    public static OfflineData read(Path file) {
        TransitionDataset data = TransitionDataset.read(file);
        DatasetRef ref = new DatasetRef(file.toString(), Provenance.sha256(file), data.sourcePath(),
                data.sourceSha256(), data.rewardName());
        return from(data.transitions(), data.stateSchema().dimension(), data.stateSchema(), ref);
    }

    /** The transitions of an in-memory dataset; the origin records its corpus but no file of its own. */
    public static OfflineData from(TransitionDataset data) {
        DatasetRef ref = new DatasetRef(null, null, data.sourcePath(), data.sourceSha256(), data.rewardName());
        return from(data.transitions(), data.stateSchema().dimension(), data.stateSchema(), ref);
    }

    /** Synthetic transitions of any dimension (no schema, no origin). */
    public static OfflineData from(List<Transition> transitions, int dimension) {
        return from(transitions, dimension, null, null);
    }

    /**
     * Builds and validates: non-empty, finite, consistent dimensions, actions in range. Errors name the source
     * file when known and the transition by episode id and turn.
     */
    public static OfflineData from(List<Transition> transitions, int dimension, StateSchema schema, DatasetRef origin) {
        String source = origin == null ? "dataset" : origin.path() != null ? origin.path() : "dataset of " + origin.corpusPath();
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
                throw new InputException(source + ": " + labels[i] + " has a state of "
                        + (t.s().length != dimension ? t.s().length : t.s2().length)
                        + " values; expected " + dimension);
            }
            if (!Double.isFinite(t.r()) || !Float.isFinite((float) t.r())) {
                throw new InputException(source + ": " + labels[i] + " has a non-finite reward " + t.r());
            }
            if (t.a() < 0 || t.a() >= Emotion.COUNT) {
                throw new InputException(source + ": " + labels[i] + " has action " + t.a() + " outside 0..27");
            }
            for (int j = 0; j < dimension; j++) {
                if (!Float.isFinite(t.s()[j]) || !Float.isFinite(t.s2()[j])) {
                    throw new InputException(source + ": " + labels[i] + " has a non-finite "
                            + (Float.isFinite(t.s()[j]) ? "next-state" : "state") + " value at index " + j);
                }
            }
            System.arraycopy(t.s(), 0, s, i * dimension, dimension);
            System.arraycopy(t.s2(), 0, s2, i * dimension, dimension);
            a[i] = t.a();
            r[i] = (float) t.r();
            d[i] = t.done() ? 1 : 0;
            init[i] = t.t() == 0;
        }
        return new OfflineData(dimension, s, a, r, s2, d, init, labels, schema, origin);
    }

    /** The state of transition i (a copy). */
    public float[] state(int i) {
        float[] out = new float[dimension];
        System.arraycopy(states, i * dimension, out, 0, dimension);
        return out;
    }

    /** The next state of transition i (a copy). */
    public float[] nextState(int i) {
        float[] out = new float[dimension];
        System.arraycopy(next, i * dimension, out, 0, dimension);
        return out;
    }

    /** Indices of the transitions that start an episode (t = 0). */
    public int[] initialIndices() {
        int count = 0;
        for (boolean b : initial) {
            count += b ? 1 : 0;
        }
        int[] out = new int[count];
        for (int i = 0, k = 0; i < initial.length; i++) {
            if (initial[i]) {
                out[k++] = i;
            }
        }
        return out;
    }
}
