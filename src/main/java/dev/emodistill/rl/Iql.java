package dev.emodistill.rl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.io.Json;
import dev.emodistill.rl.nn.Adam;
import dev.emodistill.rl.nn.FlatParameters;
import dev.emodistill.rl.nn.Mlp;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;

/**
 * Discrete Implicit Q-Learning (Kostrikov et al., 2022) for the emotion selector, as DESIGN §7 specifies. Each step
 * samples a minibatch of logged transitions and
 *
 * <ol>
 *   <li>fits V(s) by expectile regression (tau) toward min over the target pair of Q'(s, a) — an in-sample upper
 *       expectile, so V never looks at emotions the data did not try;</li>
 *   <li>fits both Q networks by MSE toward r + gamma (1 - d) V(s');</li>
 *   <li>moves the target networks toward Q by Polyak averaging;</li>
 *   <li>fits the policy by advantage-weighted regression: maximise exp(beta (Q'(s, a) - V(s))) log pi(a | s), with
 *       the weight clipped, over a softmax restricted to the emotions present in the data.</li>
 * </ol>
 *
 * <p>As in the CORL reference implementation, the three losses of a step all use the parameters at the step's
 * start: V(s') in the Q target and V(s) in the advantage are read before V moves. The losses then touch disjoint
 * parameters, so one backward pass of their sum yields exactly the three separate gradients. All four trained
 * networks live in one flat tensor ({@link FlatParameters}) and the target pair in another, so Adam and the Polyak
 * average are one operation each per step: the engine's per-call overhead, not arithmetic, was what these
 * fusions removed (see {@link IqlBench}).
 *
 * <p>Emotions absent from the data get a logit offset of {@value #MASKED_LOGIT} in training (probability 0 in
 * float) and are excluded at inference. Training runs on DJL with the PyTorch engine; the same data, config and
 * seed give bit-identical weights (seeded Java initialisation and sampling, one engine thread).
 */
public final class Iql {
    /** Logit offset of emotions never seen in the data: exp of it underflows to 0, so they get no probability. */
    static final float MASKED_LOGIT = -1e9f;
    /** Positions of the networks in the trained parameter block. */
    private static final int Q1 = 0;
    private static final int Q2 = 1;
    private static final int V = 2;
    private static final int PI = 3;

    private Iql() {
    }

    /**
     * Trains for {@code cfg.steps()} steps.
     *
     * @param schema the state schema of the data (recorded in the model), or null for synthetic states
     * @param onStep called after every step with its 1-based number (progress display)
     */
    public static TrainingRun train(OfflineData data, StateSchema schema, IqlConfig cfg, IntConsumer onStep) {
        if (schema != null && data.dimension() != schema.dimension()) {
            throw new IllegalArgumentException("data has " + data.dimension() + " features; schema has " + schema.dimension());
        }
        long started = System.nanoTime();
        try (Trainer trainer = new Trainer(data, cfg)) {
            for (int step = 1; step <= cfg.steps(); step++) {
                trainer.step();
                onStep.accept(step);
            }
            return trainer.finish(schema, (System.nanoTime() - started) / 1e9);
        }
    }

    /**
     * One IQL run's networks, optimiser and sampler, advanced a step at a time (the benchmark times {@link #step}).
     * Holds native memory: close it.
     */
    public static final class Trainer implements AutoCloseable {
        private final OfflineData data;
        private final IqlConfig cfg;
        private final double[] norm;
        private final float[] rewards;
        private final boolean[] mask;
        private final SplittableRandom rng;
        private final NDManager manager;
        private final FlatParameters trained;
        private final FlatParameters targets;
        private final NDArray onlineQ;
        private final List<List<NDArray>> targetNets;
        private final List<List<NDArray>> frozenViews;
        private final Adam adam;
        private final NDArray maskBias;
        private final Batch batch;
        private final ArrayNode curves = Json.array();
        private final double[] window = new double[4];
        private int inWindow;
        private int step;

        public Trainer(OfflineData data, IqlConfig cfg) {
            this.data = data;
            this.cfg = cfg;
            this.norm = cfg.rewardScaling().fit(data.rewards());
            this.rewards = new float[data.size()];
            for (int i = 0; i < rewards.length; i++) {
                rewards[i] = (float) ((data.rewards()[i] - norm[0]) / norm[1]);
            }
            this.mask = data.seenActions();
            this.rng = new SplittableRandom(cfg.seed());
            // Nothing here draws from the engine's generator, but seeding it keeps any future engine-side
            // randomness (dropout, say) reproducible too.
            Engine.getEngine("PyTorch").setRandomSeed((int) cfg.seed());
            this.manager = NDManager.newBaseManager("PyTorch");
            int d = data.dimension();
            int[] critic = cfg.sizes(d, Emotion.COUNT);
            List<int[]> layouts = List.of(critic, critic, cfg.sizes(d, 1), critic);
            // Each network draws its initial weights from its own stream split off the seeded generator.
            float[] values = new float[FlatParameters.size(layouts)];
            int offset = 0;
            for (int[] layout : layouts) {
                float[] init = Mlp.initialValues(layout, rng.split());
                System.arraycopy(init, 0, values, offset, init.length);
                offset += init.length;
            }
            trained = new FlatParameters(manager, layouts, values, true);
            // Q1 and Q2 come first, so the target pair is a copy of one contiguous range.
            int twin = 2 * Mlp.parameterCount(critic);
            targets = new FlatParameters(manager, List.of(critic, critic), Arrays.copyOf(values, twin), false);
            onlineQ = trained.range(Q1, Q2 + 1);
            targetNets = targets.slices(manager);
            // Views made outside the tape carry no gradient but follow every in-place optimiser update: V(s')
            // reads them.
            frozenViews = trained.slices(manager);
            adam = new Adam(List.of(trained.flat()), (float) cfg.learningRate());
            float[] bias = new float[Emotion.COUNT];
            for (int a = 0; a < bias.length; a++) {
                bias[a] = mask[a] ? 0 : MASKED_LOGIT;
            }
            maskBias = manager.create(bias, new Shape(1, Emotion.COUNT));
            batch = new Batch(cfg.batchSize(), d);
        }

        /** One full update of V, both Q networks, the targets and the policy. */
        public void step() {
            int n = cfg.batchSize();
            float tau = (float) cfg.expectile();
            float polyak = (float) cfg.polyak();
            batch.sample(data, rewards, rng);
            step++;
            try (NDManager sm = manager.newSubManager()) {
                NDArray s = sm.create(batch.s, new Shape(n, data.dimension()));
                NDArray s2 = sm.create(batch.s2, new Shape(n, data.dimension()));
                NDArray a = sm.create(batch.a, new Shape(n, 1));
                // Regression targets, computed outside the tape (the engine's grad mode is off there).
                NDArray targetQ = Mlp.forward(s, targetNets.get(0)).minimum(Mlp.forward(s, targetNets.get(1)))
                        .gather(a, 1).reshape(n);
                NDArray y = sm.create(batch.r).add(sm.create(batch.notDone).mul((float) cfg.gamma())
                        .mul(Mlp.forward(s2, frozenViews.get(V)).reshape(n)));
                NDArray losses;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    List<List<NDArray>> nets = trained.slices(sm);
                    NDArray u = targetQ.sub(Mlp.forward(s, nets.get(V)).reshape(n));
                    // Expectile weight |tau - 1(u < 0)|: tau where Q is above V, 1 - tau below.
                    NDArray weight = u.gt(0).toType(DataType.FLOAT32, false).mul(2 * tau - 1).add(1 - tau);
                    NDArray vLoss = weight.mul(u.square()).mean();
                    NDArray qLoss = Mlp.forward(s, nets.get(Q1)).gather(a, 1).reshape(n).sub(y).square().mean()
                            .add(Mlp.forward(s, nets.get(Q2)).gather(a, 1).reshape(n).sub(y).square().mean());
                    NDArray advantage = u.stopGradient();
                    NDArray awr = advantage.mul((float) cfg.beta()).exp().minimum((float) cfg.weightClip());
                    NDArray logp = Mlp.forward(s, nets.get(PI)).add(maskBias).logSoftmax(1).gather(a, 1).reshape(n);
                    NDArray piLoss = awr.mul(logp).mean().neg();
                    gc.backward(vLoss.add(qLoss).add(piLoss));
                    losses = NDArrays.stack(new NDList(vLoss, qLoss, piLoss, advantage.mean())).stopGradient();
                }
                adam.step();
                // Polyak: target <- (target - q) (1 - polyak) + q, in place on both targets at once.
                targets.flat().subi(onlineQ).muli(1 - polyak).addi(onlineQ);
                record(losses.toFloatArray());
            }
        }

        private void record(float[] losses) {
            for (int i = 0; i < window.length; i++) {
                window[i] += losses[i];
            }
            inWindow++;
            if (step % cfg.logEvery() == 0 || step == cfg.steps()) {
                curves.addObject().put("step", step)
                        .put("v_loss", Json.round(window[0] / inWindow, 6))
                        .put("q_loss", Json.round(window[1] / inWindow, 6))
                        .put("policy_loss", Json.round(window[2] / inWindow, 6))
                        .put("mean_advantage", Json.round(window[3] / inWindow, 6));
                java.util.Arrays.fill(window, 0);
                inWindow = 0;
            }
        }

        public int steps() {
            return step;
        }

        /** The selector as trained so far, copied out of the engine into plain Java. */
        public SelectorModel model(StateSchema schema) {
            return new SelectorModel("iql", schema, SelectorModel.ActorKind.POLICY_LOGITS, trained.dense(PI),
                    trained.dense(Q1), trained.dense(Q2), trained.dense(V), mask);
        }

        TrainingRun finish(StateSchema schema, double seconds) {
            return new TrainingRun(model(schema), curves.deepCopy(), norm[0], norm[1], seconds);
        }

        @Override
        public void close() {
            manager.close();
        }
    }

    /** A reusable minibatch buffer, filled by seeded sampling with replacement. */
    static final class Batch {
        final float[] s;
        final float[] s2;
        final float[] r;
        final float[] notDone;
        final long[] a;
        /** The transitions drawn, in batch order. */
        final int[] index;
        private final int size;
        private final int d;

        Batch(int size, int d) {
            this.size = size;
            this.d = d;
            s = new float[size * d];
            s2 = new float[size * d];
            r = new float[size];
            notDone = new float[size];
            a = new long[size];
            index = new int[size];
        }

        void sample(OfflineData data, float[] rewards, SplittableRandom rng) {
            int n = data.size();
            for (int k = 0; k < size; k++) {
                int i = rng.nextInt(n);
                index[k] = i;
                System.arraycopy(data.states(), i * d, s, k * d, d);
                System.arraycopy(data.next(), i * d, s2, k * d, d);
                r[k] = rewards[i];
                notDone[k] = 1 - data.done()[i];
                a[k] = data.actions()[i];
            }
        }
    }
}
