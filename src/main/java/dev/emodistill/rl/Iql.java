package dev.emodistill.rl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.io.Json;
import dev.emodistill.rl.nn.Adam;
import dev.emodistill.rl.nn.Mlp;

import java.util.ArrayList;
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
 *       the weight clipped, over a 28-way softmax.</li>
 * </ol>
 *
 * Emotions absent from the data are masked out at inference. Training runs on DJL with the PyTorch engine; the
 * same data, config and seed give bit-identical weights (seeded initialisation and sampling, one engine thread).
 */
public final class Iql {
    private Iql() {
    }

    public static TrainingRun train(OfflineData data, StateSchema schema, IqlConfig cfg, IntConsumer onStep) {
        if (data.dimension() != schema.dimension()) {
            throw new IllegalArgumentException("data has " + data.dimension() + " features; schema has " + schema.dimension());
        }
        long started = System.nanoTime();
        int d = data.dimension();
        int n = data.size();
        int batch = cfg.batchSize();
        int actions = Emotion.COUNT;
        double[] norm = cfg.rewardScaling().fit(data.rewards());
        float[] rewards = new float[n];
        for (int i = 0; i < n; i++) {
            rewards[i] = (float) ((data.rewards()[i] - norm[0]) / norm[1]);
        }
        SplittableRandom rng = new SplittableRandom(cfg.seed());
        Engine.getEngine("PyTorch").setRandomSeed((int) cfg.seed());
        ArrayNode curves = Json.array();
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Mlp q1 = new Mlp(m, cfg.sizes(d, actions), rng.split());
            Mlp q2 = new Mlp(m, cfg.sizes(d, actions), rng.split());
            Mlp t1 = new Mlp(m, cfg.sizes(d, actions), rng.split());
            Mlp t2 = new Mlp(m, cfg.sizes(d, actions), rng.split());
            Mlp v = new Mlp(m, cfg.sizes(d, 1), rng.split());
            Mlp pi = new Mlp(m, cfg.sizes(d, actions), rng.split());
            t1.copyFrom(q1);
            t2.copyFrom(q2);
            List<NDArray> qParams = new ArrayList<>(q1.parameters());
            qParams.addAll(q2.parameters());
            Adam qOpt = new Adam(qParams, (float) cfg.learningRate());
            Adam vOpt = new Adam(v.parameters(), (float) cfg.learningRate());
            Adam piOpt = new Adam(pi.parameters(), (float) cfg.learningRate());
            Batch b = new Batch(batch, d);
            double[] window = new double[4];
            int inWindow = 0;
            float tau = (float) cfg.expectile();
            for (int step = 1; step <= cfg.steps(); step++) {
                b.sample(data, rewards, rng);
                try (NDManager sm = m.newSubManager()) {
                    NDArray s = sm.create(b.s, new Shape(batch, d));
                    NDArray s2 = sm.create(b.s2, new Shape(batch, d));
                    NDArray r = sm.create(b.r);
                    NDArray notDone = sm.create(b.notDone);
                    NDArray a = sm.create(b.a).reshape(batch, 1);
                    NDArray targetQ = t1.forward(s).minimum(t2.forward(s)).gather(a, 1).reshape(batch).stopGradient();

                    NDArray vLoss;
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray u = targetQ.sub(v.forward(s).reshape(batch));
                        NDArray weight = u.gt(0).toType(DataType.FLOAT32, false).mul(2 * tau - 1).add(1 - tau);
                        vLoss = weight.mul(u.square()).mean();
                        gc.backward(vLoss);
                    }
                    vOpt.step();

                    NDArray y = r.add(notDone.mul((float) cfg.gamma()).mul(v.forward(s2).reshape(batch))).stopGradient();
                    NDArray qLoss;
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray l1 = q1.forward(s).gather(a, 1).reshape(batch).sub(y).square().mean();
                        NDArray l2 = q2.forward(s).gather(a, 1).reshape(batch).sub(y).square().mean();
                        qLoss = l1.add(l2);
                        gc.backward(qLoss);
                    }
                    qOpt.step();
                    t1.softUpdate(q1, (float) cfg.polyak());
                    t2.softUpdate(q2, (float) cfg.polyak());

                    NDArray advantage = targetQ.sub(v.forward(s).reshape(batch)).stopGradient();
                    NDArray weights = advantage.mul((float) cfg.beta()).exp().minimum((float) cfg.weightClip());
                    NDArray piLoss;
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray logp = pi.forward(s).logSoftmax(1).gather(a, 1).reshape(batch);
                        piLoss = weights.mul(logp).mean().neg();
                        gc.backward(piLoss);
                    }
                    piOpt.step();
                    if (cfg.logEvery() > 0) {
                        window[0] += vLoss.getFloat();
                        window[1] += qLoss.getFloat();
                        window[2] += piLoss.getFloat();
                        window[3] += advantage.mean().getFloat();
                        inWindow++;
                        if (step % cfg.logEvery() == 0 || step == cfg.steps()) {
                            curves.addObject().put("step", step)
                                    .put("v_loss", Json.round(window[0] / inWindow, 6))
                                    .put("q_loss", Json.round(window[1] / inWindow, 6))
                                    .put("policy_loss", Json.round(window[2] / inWindow, 6))
                                    .put("mean_advantage", Json.round(window[3] / inWindow, 6));
                            window = new double[4];
                            inWindow = 0;
                        }
                    }
                }
                onStep.accept(step);
            }
            SelectorModel model = new SelectorModel("iql", schema, SelectorModel.ActorKind.POLICY_LOGITS, pi.toDense(),
                    q1.toDense(), q2.toDense(), v.toDense(), data.seenActions());
            return new TrainingRun(model, curves, norm[0], norm[1], (System.nanoTime() - started) / 1e9);
        }
    }

    /** A reusable minibatch buffer, filled by seeded sampling with replacement. */
    static final class Batch {
        final float[] s;
        final float[] s2;
        final float[] r;
        final float[] notDone;
        final long[] a;
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
        }

        void sample(OfflineData data, float[] rewards, SplittableRandom rng) {
            int n = data.size();
            for (int k = 0; k < size; k++) {
                int i = rng.nextInt(n);
                System.arraycopy(data.states(), i * d, s, k * d, d);
                System.arraycopy(data.next(), i * d, s2, k * d, d);
                r[k] = rewards[i];
                notDone[k] = 1 - data.done()[i];
                a[k] = data.actions()[i];
            }
        }
    }
}
