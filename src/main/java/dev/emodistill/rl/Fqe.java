package dev.emodistill.rl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.io.Json;
import dev.emodistill.rl.nn.Adam;
import dev.emodistill.rl.nn.DenseNet;
import dev.emodistill.rl.nn.Mlp;

import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Fitted Q evaluation (Le, Voloshin and Yue, 2019): the off-policy estimate of a fixed policy's value from logged
 * transitions, DESIGN §7's check of a selector besides rollouts. Starting from Q_0 = 0 it repeats
 * <pre>Q_{k+1} = argmin_Q  mean over the data of (Q(s, a) - r - gamma (1 - d) sum_a' pi(a' | s') Q_k(s', a'))^2</pre>
 * with an MLP, each iteration a fixed number of Adam steps toward the frozen previous iterate. The estimate is the
 * mean over the episodes' first transitions (t = 0) of sum_a pi(a | s0) Q(s0, a), in the dataset's reward units.
 *
 * <p>Q is only ever evaluated in the TD target at the policy's own actions and fitted at logged ones, so the
 * estimate is trustworthy where the policy stays on the data's support; where it does not, FQE extrapolates like
 * any Q function and its value should be read with that in mind.
 */
public final class Fqe {
    private Fqe() {
    }

    /**
     * Hyper-parameters, each named once.
     *
     * @param iterations         outer iterations k (each freezes Q_k and fits Q_{k+1}); the horizon it can see
     *                           grows by one step per iteration
     * @param stepsPerIteration  Adam steps per iteration
     * @param batchSize          transitions per step
     * @param hidden             hidden width
     * @param layers             hidden layers
     * @param gamma              discount
     * @param learningRate       Adam step size
     * @param scaleRewards       divide rewards by the dataset's max |r| while fitting (and multiply back at the
     *                           end), so one learning rate suits every reward definition
     * @param seed               initialisation and sampling
     */
    public record Config(int iterations, int stepsPerIteration, int batchSize, int hidden, int layers, double gamma,
                         double learningRate, boolean scaleRewards, long seed) {

        public static Config defaults(long seed) {
            return new Config(40, 250, 256, 256, 2, 0.99, 3e-4, true, seed);
        }

        public Config {
            if (iterations < 1 || stepsPerIteration < 1 || batchSize < 1 || hidden < 1 || layers < 1) {
                throw new IllegalArgumentException("iterations, steps, batch size, hidden width and layers must be positive");
            }
            if (!(gamma >= 0 && gamma <= 1) || !(learningRate > 0)) {
                throw new IllegalArgumentException("gamma must be in [0, 1] and the learning rate positive");
            }
        }

        public Config withIterations(int value, int steps) {
            return new Config(value, steps, batchSize, hidden, layers, gamma, learningRate, scaleRewards, seed);
        }

        public Config withNetwork(int width, int hiddenLayers) {
            return new Config(iterations, stepsPerIteration, batchSize, width, hiddenLayers, gamma, learningRate,
                    scaleRewards, seed);
        }

        public Config withGamma(double value) {
            return new Config(iterations, stepsPerIteration, batchSize, hidden, layers, value, learningRate,
                    scaleRewards, seed);
        }

        public ObjectNode toJson() {
            ObjectNode o = Json.object();
            o.put("iterations", iterations);
            o.put("steps_per_iteration", stepsPerIteration);
            o.put("batch_size", batchSize);
            o.put("hidden", hidden);
            o.put("layers", layers);
            o.put("gamma", gamma);
            o.put("learning_rate", learningRate);
            o.put("scale_rewards", scaleRewards);
            o.put("seed", seed);
            return o;
        }
    }

    /**
     * @param value         estimated value of the policy from the initial states, in reward units
     * @param perIteration  the estimate after each iteration (it should settle; if it still drifts, iterate more)
     * @param initialStates how many t = 0 transitions it averages over
     * @param q             the final Q function (in scaled reward units when {@code scaleRewards})
     * @param rewardScale   what rewards were divided by
     */
    public record Result(double value, double[] perIteration, int initialStates, DenseNet q, double rewardScale) {
    }

    /**
     * Estimates the value of {@code policy} (state to pi(. | s) over the 28 emotions) on the data.
     *
     * @throws IllegalArgumentException if the data has no initial (t = 0) transition or the policy's output is
     *                                  not a distribution over 28 emotions
     */
    public static Result evaluate(OfflineData data, Function<float[], double[]> policy, Config cfg) {
        int[] starts = data.initialIndices();
        if (starts.length == 0) {
            throw new IllegalArgumentException("no transition starts an episode (t = 0), so there is nothing to "
                    + "average the value over");
        }
        int n = data.size();
        int d = data.dimension();
        int actions = Emotion.COUNT;
        double scale = cfg.scaleRewards() ? RewardScaling.MAX_ABS.fit(data.rewards())[1] : 1;
        float[] rewards = new float[n];
        for (int i = 0; i < n; i++) {
            rewards[i] = (float) (data.rewards()[i] / scale);
        }
        // The policy is fixed, so pi(. | s') is computed once per transition, not once per minibatch row.
        float[] nextPolicy = new float[n * actions];
        for (int i = 0; i < n; i++) {
            double[] p = distribution(policy, data.nextState(i));
            for (int a = 0; a < actions; a++) {
                nextPolicy[i * actions + a] = (float) p[a];
            }
        }
        double[][] startPolicy = new double[starts.length][];
        for (int k = 0; k < starts.length; k++) {
            startPolicy[k] = distribution(policy, data.state(starts[k]));
        }
        SplittableRandom rng = new SplittableRandom(cfg.seed());
        Engine.getEngine("PyTorch").setRandomSeed((int) cfg.seed());
        int[] sizes = IqlConfig.defaults(1, cfg.seed()).withNetwork(cfg.hidden(), cfg.layers()).sizes(d, actions);
        double[] perIteration = new double[cfg.iterations()];
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Mlp q = new Mlp(m, sizes, rng.split());
            Mlp frozen = new Mlp(m, sizes, rng.split());
            Adam adam = new Adam(q.parameters(), (float) cfg.learningRate());
            Iql.Batch b = new Iql.Batch(cfg.batchSize(), d);
            float[] piNext = new float[cfg.batchSize() * actions];
            int batch = cfg.batchSize();
            for (int k = 0; k < cfg.iterations(); k++) {
                frozen.copyFrom(q);
                // Q_0 = 0: the first iteration fits the immediate reward alone.
                float bootstrap = k == 0 ? 0f : (float) cfg.gamma();
                for (int step = 0; step < cfg.stepsPerIteration(); step++) {
                    b.sample(data, rewards, rng);
                    for (int row = 0; row < batch; row++) {
                        System.arraycopy(nextPolicy, b.index[row] * actions, piNext, row * actions, actions);
                    }
                    try (NDManager sm = m.newSubManager()) {
                        NDArray s = sm.create(b.s, new Shape(batch, d));
                        NDArray s2 = sm.create(b.s2, new Shape(batch, d));
                        NDArray a = sm.create(b.a, new Shape(batch, 1));
                        NDArray expected = frozen.forward(s2).mul(sm.create(piNext, new Shape(batch, actions)))
                                .sum(new int[]{1});
                        NDArray y = sm.create(b.r).add(sm.create(b.notDone).mul(bootstrap).mul(expected));
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            gc.backward(q.forward(s).gather(a, 1).reshape(batch).sub(y).square().mean());
                        }
                        adam.step();
                    }
                }
                perIteration[k] = startValue(q.toDense(), data, starts, startPolicy) * scale;
            }
            DenseNet dense = q.toDense();
            return new Result(startValue(dense, data, starts, startPolicy) * scale, perIteration, starts.length, dense,
                    scale);
        }
    }

    private static double startValue(DenseNet q, OfflineData data, int[] starts, double[][] startPolicy) {
        double total = 0;
        for (int k = 0; k < starts.length; k++) {
            double[] values = q.forward(data.state(starts[k]));
            for (int a = 0; a < values.length; a++) {
                total += startPolicy[k][a] * values[a];
            }
        }
        return total / starts.length;
    }

    private static double[] distribution(Function<float[], double[]> policy, float[] state) {
        double[] p = policy.apply(state);
        if (p.length != Emotion.COUNT) {
            throw new IllegalArgumentException("the policy gave " + p.length + " probabilities, expected " + Emotion.COUNT);
        }
        double sum = 0;
        for (double x : p) {
            if (!(x >= 0)) {
                throw new IllegalArgumentException("the policy gave a negative or NaN probability " + x);
            }
            sum += x;
        }
        if (Math.abs(sum - 1) > 1e-4) {
            throw new IllegalArgumentException("the policy's probabilities sum to " + sum + ", not 1");
        }
        return p;
    }
}
