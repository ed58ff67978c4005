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
 * Behaviour cloning, a baseline of DESIGN §8: a softmax policy trained by cross-entropy to predict the logged
 * emotion from the state. On a uniformly random sweep it can only learn "random"; it is meaningful on corpora whose
 * behaviour policy was already good (e.g. filtered to successful episodes).
 */
public final class BehaviourCloning {
    private BehaviourCloning() {
    }

    /**
     * @param steps        gradient steps
     * @param hidden       hidden width
     * @param layers       hidden layers
     * @param batchSize    transitions per step
     * @param learningRate Adam step size
     * @param seed         initialisation and sampling
     */
    public record Config(int steps, int hidden, int layers, int batchSize, double learningRate, long seed) {
        public static Config defaults(int steps, long seed) {
            return new Config(steps, 256, 2, 256, 3e-4, seed);
        }

        public com.fasterxml.jackson.databind.node.ObjectNode toJson() {
            var o = Json.object();
            o.put("steps", steps);
            o.put("hidden", hidden);
            o.put("layers", layers);
            o.put("batch_size", batchSize);
            o.put("learning_rate", learningRate);
            o.put("seed", seed);
            return o;
        }
    }

    public static TrainingRun train(OfflineData data, StateSchema schema, Config cfg, IntConsumer onStep) {
        long started = System.nanoTime();
        int d = data.dimension();
        int batch = cfg.batchSize();
        SplittableRandom rng = new SplittableRandom(cfg.seed());
        Engine.getEngine("PyTorch").setRandomSeed((int) cfg.seed());
        var curves = Json.array();
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Mlp pi = new Mlp(m, IqlConfig.defaults(1, cfg.seed()).withNetwork(cfg.hidden(), cfg.layers())
                    .sizes(d, Emotion.COUNT), rng.split());
            Adam opt = new Adam(pi.parameters(), (float) cfg.learningRate());
            Iql.Batch b = new Iql.Batch(batch, d);
            double loss = 0;
            int window = 0;
            int logEvery = Math.max(1, cfg.steps() / 50);
            for (int step = 1; step <= cfg.steps(); step++) {
                b.sample(data, data.rewards(), rng);
                try (NDManager sm = m.newSubManager()) {
                    NDArray s = sm.create(b.s, new Shape(batch, d));
                    NDArray a = sm.create(b.a).reshape(batch, 1);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray l = pi.forward(s).logSoftmax(1).gather(a, 1).mean().neg();
                        gc.backward(l);
                        loss += l.getFloat();
                        window++;
                    }
                    opt.step();
                }
                if (step % logEvery == 0 || step == cfg.steps()) {
                    curves.addObject().put("step", step).put("cross_entropy", Json.round(loss / window, 6));
                    loss = 0;
                    window = 0;
                }
                onStep.accept(step);
            }
            SelectorModel model = new SelectorModel("bc", schema, SelectorModel.ActorKind.POLICY_LOGITS, pi.toDense(),
                    null, null, null, data.seenActions());
            return new TrainingRun(model, curves, 0, 1, (System.nanoTime() - started) / 1e9);
        }
    }
}
