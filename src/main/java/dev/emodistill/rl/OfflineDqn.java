package dev.emodistill.rl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.io.Json;
import dev.emodistill.rl.nn.Adam;
import dev.emodistill.rl.nn.Mlp;

import java.util.SplittableRandom;
import java.util.function.IntConsumer;

/**
 * Offline DQN, the baseline without conservatism (DESIGN §8): Q(s, a) regressed toward r + gamma (1 - d)
 * max_a' Q'(s', a') over ALL 28 emotions, including ones the data never tried in s'. That max is what makes naive
 * offline Q-learning overestimate unseen actions; {@link DiscreteCql} adds the penalty that counters it. The
 * acting policy is greedy in Q over emotions seen in the data.
 */
public final class OfflineDqn {
    private OfflineDqn() {
    }

    public static TrainingRun train(OfflineData data, StateSchema schema, QLearningConfig cfg, IntConsumer onStep) {
        return train("dqn", data, schema, cfg, onStep);
    }

    /** The shared loop; {@code cfg.cqlAlpha()} > 0 adds CQL's conservative term. */
    static TrainingRun train(String algorithm, OfflineData data, StateSchema schema, QLearningConfig cfg,
                             IntConsumer onStep) {
        long started = System.nanoTime();
        int d = data.dimension();
        int batch = cfg.batchSize();
        double[] norm = cfg.rewardScaling().fit(data.rewards());
        float[] rewards = new float[data.size()];
        for (int i = 0; i < rewards.length; i++) {
            rewards[i] = (float) ((data.rewards()[i] - norm[0]) / norm[1]);
        }
        SplittableRandom rng = new SplittableRandom(cfg.seed());
        Engine.getEngine("PyTorch").setRandomSeed((int) cfg.seed());
        var curves = Json.array();
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Mlp q = new Mlp(m, cfg.sizes(d, Emotion.COUNT), rng.split());
            Mlp target = new Mlp(m, cfg.sizes(d, Emotion.COUNT), rng.split());
            target.copyFrom(q);
            Adam opt = new Adam(q.parameters(), (float) cfg.learningRate());
            Iql.Batch b = new Iql.Batch(batch, d);
            double loss = 0;
            int window = 0;
            int logEvery = Math.max(1, cfg.steps() / 50);
            for (int step = 1; step <= cfg.steps(); step++) {
                b.sample(data, rewards, rng);
                try (NDManager sm = m.newSubManager()) {
                    NDArray s = sm.create(b.s, new Shape(batch, d));
                    NDArray s2 = sm.create(b.s2, new Shape(batch, d));
                    NDArray a = sm.create(b.a).reshape(batch, 1);
                    NDArray y = sm.create(b.r).add(sm.create(b.notDone).mul((float) cfg.gamma())
                            .mul(target.forward(s2).max(new int[]{1}))).stopGradient();
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray all = q.forward(s);
                        NDArray taken = all.gather(a, 1).reshape(batch);
                        NDArray l = taken.sub(y).square().mean();
                        if (cfg.cqlAlpha() > 0) {
                            NDArray logSumExp = all.exp().sum(new int[]{1}).log();
                            l = l.add(logSumExp.sub(taken).mean().mul((float) cfg.cqlAlpha()));
                        }
                        gc.backward(l);
                        loss += l.getFloat();
                        window++;
                    }
                    opt.step();
                    target.softUpdate(q, (float) cfg.polyak());
                }
                if (step % logEvery == 0 || step == cfg.steps()) {
                    curves.addObject().put("step", step).put("loss", Json.round(loss / window, 6));
                    loss = 0;
                    window = 0;
                }
                onStep.accept(step);
            }
            var dense = q.toDense();
            SelectorModel model = new SelectorModel(algorithm, schema, SelectorModel.ActorKind.Q_VALUES, dense, dense,
                    null, null, data.seenActions());
            return new TrainingRun(model, curves, norm[0], norm[1], (System.nanoTime() - started) / 1e9);
        }
    }
}
