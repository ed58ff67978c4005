package dev.emodistill.rl;

import dev.emodistill.corpus.Transition;
import dev.emodistill.corpus.TransitionDataset;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.io.InputException;
import dev.emodistill.io.Provenance;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Offline tabular Q-learning over a {@link StateDiscretiser} (the "tabular Q-learning over a discretised state"
 * baseline of DESIGN §8). Each transition (s, a, r, s', d) becomes (cell(s), a, r / scale, cell(s'), d), and the
 * table is fitted by repeated sweeps in a seeded shuffled order:
 * <pre>
 *   Q[c][a] += lr * (r + gamma * (1 - d) * V(c') - Q[c][a]),   V(c') = max over a' seen in c' of Q[c'][a']
 * </pre>
 * The max runs only over emotions the data actually tried in the next cell (in-sample), never over the zeros of
 * untried pairs: those zeros are not estimates, and letting them into the max would make the bootstrap optimistic
 * whenever rewards are mostly negative (the usual offline-RL overestimation, in its tabular form). A next cell with
 * no data contributes 0. A timeout is not terminal (d = 0), as everywhere in DESIGN §7.
 *
 * <p>The result is deterministic for (transitions, config, seed).
 */
public final class TabularQLearning {
    private TabularQLearning() {
    }

    /** Reads a transitions file, trains on it and records the file's path and SHA-256. */
    public static TabularPolicy train(Path datasetFile, TabularQConfig config, long seed) {
        TransitionDataset data = TransitionDataset.read(datasetFile);
        return train(data.stateSchema(), data.transitions(), config, seed, datasetFile.toString(),
                Provenance.sha256(datasetFile), data);
    }

    /** Trains on an in-memory dataset (its corpus source is recorded, no file hash). */
    public static TabularPolicy train(TransitionDataset data, TabularQConfig config, long seed) {
        return train(data.stateSchema(), data.transitions(), config, seed, null, null, data);
    }

    /** Trains on bare transitions in {@code schema}'s layout (tests, hand-made problems). */
    public static TabularPolicy train(StateSchema schema, List<Transition> transitions, TabularQConfig config,
                                      long seed) {
        return train(schema, transitions, config, seed, null, null, null);
    }

    private static TabularPolicy train(StateSchema schema, List<Transition> transitions, TabularQConfig config,
                                       long seed, String path, String sha256, TransitionDataset source) {
        StateDiscretiser discretiser = new StateDiscretiser(schema, config.phaseBins());
        Encoded data = encode(transitions, discretiser, config);
        double[][] q = new double[discretiser.cellCount()][Emotion.COUNT];
        List<Double> curve = new ArrayList<>(config.sweeps());
        int[] order = new int[data.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int sweep = 0; sweep < config.sweeps(); sweep++) {
            shuffle(order, rng);
            double absTd = 0;
            for (int i : order) {
                double next = data.done[i] ? 0 : value(q, data.visits, data.next[i]);
                double td = data.reward[i] + config.gamma() * next - q[data.cell[i]][data.action[i]];
                q[data.cell[i]][data.action[i]] += config.learningRate() * td;
                absTd += Math.abs(td);
            }
            curve.add(absTd / order.length);
        }
        TabularQTable table = new TabularQTable(q, data.visits);
        int seen = 0;
        for (int c = 0; c < table.cells(); c++) {
            seen += table.visits(c) > 0 ? 1 : 0;
        }
        TabularTraining training = new TabularTraining(seed, path, sha256,
                source == null ? null : source.sourcePath(), source == null ? null : source.sourceSha256(),
                source == null ? null : source.rewardName(), data.size(), data.scale, curve, seen, null);
        return new TabularPolicy(discretiser, table, config, training);
    }

    /** max over emotions seen in the cell, 0 for a cell without data (see the class comment). */
    private static double value(double[][] q, int[][] visits, int cell) {
        double best = Double.NEGATIVE_INFINITY;
        for (int a = 0; a < Emotion.COUNT; a++) {
            if (visits[cell][a] > 0 && q[cell][a] > best) {
                best = q[cell][a];
            }
        }
        return best == Double.NEGATIVE_INFINITY ? 0 : best;
    }

    private static void shuffle(int[] order, SplittableRandom rng) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    /** The dataset in cell form, validated once so the sweeps are plain array arithmetic. */
    private static final class Encoded {
        final int[] cell;
        final int[] action;
        final double[] reward;
        final int[] next;
        final boolean[] done;
        final int[][] visits;
        final double scale;

        Encoded(int n, int cells, double scale) {
            cell = new int[n];
            action = new int[n];
            reward = new double[n];
            next = new int[n];
            done = new boolean[n];
            visits = new int[cells][Emotion.COUNT];
            this.scale = scale;
        }

        int size() {
            return cell.length;
        }
    }

    private static Encoded encode(List<Transition> transitions, StateDiscretiser discretiser, TabularQConfig config) {
        if (transitions.isEmpty()) {
            throw new InputException("the dataset has no transitions; tabular Q-learning needs at least one");
        }
        double maxAbs = 0;
        int dim = discretiser.schema().dimension();
        for (Transition x : transitions) {
            String where = "transition (episode " + x.episodeId() + ", t=" + x.t() + ")";
            if (!Double.isFinite(x.r())) {
                throw new InputException(where + ": reward is " + x.r());
            }
            if (x.a() < 0 || x.a() >= Emotion.COUNT) {
                throw new InputException(where + ": action " + x.a() + " is not an emotion index 0.." + (Emotion.COUNT - 1));
            }
            if (x.s().length != dim || x.s2().length != dim) {
                throw new InputException(where + ": state has " + x.s().length + "/" + x.s2().length
                        + " features, the schema has " + dim);
            }
            maxAbs = Math.max(maxAbs, Math.abs(x.r()));
        }
        // Dividing by max |r| puts rewards in [-1, 1] whatever the reward's units, as IQL does; all-zero rewards
        // leave nothing to scale.
        double scale = config.rewardScaling().equals(TabularQConfig.MAX_ABS) && maxAbs > 0 ? maxAbs : 1;
        Encoded e = new Encoded(transitions.size(), discretiser.cellCount(), scale);
        for (int i = 0; i < transitions.size(); i++) {
            Transition x = transitions.get(i);
            e.cell[i] = discretiser.cell(x.s());
            e.action[i] = x.a();
            e.reward[i] = x.r() / scale;
            e.next[i] = discretiser.cell(x.s2());
            e.done[i] = x.done();
            e.visits[e.cell[i]][x.a()]++;
        }
        return e;
    }
}
