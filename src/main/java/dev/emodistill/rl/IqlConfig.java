package dev.emodistill.rl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.io.Json;

/**
 * Hyper-parameters of discrete IQL (DESIGN §7), each named once with its default.
 *
 * @param steps          gradient steps (each updates V, both Q networks, the targets and the policy)
 * @param batchSize      transitions per step (256)
 * @param hidden         width of each hidden layer (256)
 * @param layers         hidden layers per network (2)
 * @param gamma          discount (0.99)
 * @param expectile      tau of the expectile regression of V toward min target Q (0.7; 0.5 would be SARSA)
 * @param beta           inverse temperature of advantage-weighted regression (3)
 * @param weightClip     cap on exp(beta * advantage) (100), so a few large advantages cannot dominate a batch
 * @param polyak         target-network averaging rate (0.005)
 * @param learningRate   Adam step size for every network (3e-4)
 * @param rewardScaling  reward normalisation (max_abs)
 * @param seed           initialisation and minibatch sampling
 * @param logEvery       steps between training-curve points
 */
public record IqlConfig(int steps, int batchSize, int hidden, int layers, double gamma, double expectile, double beta,
                        double weightClip, double polyak, double learningRate, RewardScaling rewardScaling, long seed,
                        int logEvery) {

    public static IqlConfig defaults(int steps, long seed) {
        return new IqlConfig(steps, 256, 256, 2, 0.99, 0.7, 3.0, 100.0, 0.005, 3e-4, RewardScaling.MAX_ABS, seed,
                Math.max(1, steps / 50));
    }

    public IqlConfig {
        if (steps < 1 || batchSize < 1 || hidden < 1 || layers < 1) {
            throw new IllegalArgumentException("steps, batch size, hidden width and layers must be positive");
        }
        if (!(expectile > 0 && expectile < 1) || !(gamma >= 0 && gamma <= 1)) {
            throw new IllegalArgumentException("expectile must be in (0, 1) and gamma in [0, 1]");
        }
        if (!(beta >= 0) || !Double.isFinite(beta) || !(weightClip > 0) || !(polyak >= 0 && polyak <= 1)
                || !(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("beta must be finite and >= 0, the weight clip > 0, polyak in [0, 1] "
                    + "and the learning rate finite and > 0");
        }
        if (logEvery < 1) {
            throw new IllegalArgumentException("log_every must be positive, got " + logEvery);
        }
        if (rewardScaling == null) {
            throw new IllegalArgumentException("reward scaling is required");
        }
    }

    public IqlConfig withGamma(double discount) {
        return new IqlConfig(steps, batchSize, hidden, layers, discount, expectile, beta, weightClip, polyak,
                learningRate, rewardScaling, seed, logEvery);
    }

    public IqlConfig withSeed(long value) {
        return new IqlConfig(steps, batchSize, hidden, layers, gamma, expectile, beta, weightClip, polyak,
                learningRate, rewardScaling, value, logEvery);
    }

    public IqlConfig withRewardScaling(RewardScaling scaling) {
        return new IqlConfig(steps, batchSize, hidden, layers, gamma, expectile, beta, weightClip, polyak,
                learningRate, scaling, seed, logEvery);
    }

    public IqlConfig withNetwork(int hiddenWidth, int hiddenLayers) {
        return new IqlConfig(steps, batchSize, hiddenWidth, hiddenLayers, gamma, expectile, beta, weightClip, polyak,
                learningRate, rewardScaling, seed, logEvery);
    }

    public IqlConfig withBatchSize(int batch) {
        return new IqlConfig(steps, batch, hidden, layers, gamma, expectile, beta, weightClip, polyak, learningRate,
                rewardScaling, seed, logEvery);
    }

    public IqlConfig withLearning(double expectileTau, double awrBeta, RewardScaling scaling) {
        return new IqlConfig(steps, batchSize, hidden, layers, gamma, expectileTau, awrBeta, weightClip, polyak,
                learningRate, scaling, seed, logEvery);
    }

    /** Layer sizes of a network from the state to {@code out} outputs. */
    public int[] sizes(int in, int out) {
        int[] s = new int[layers + 2];
        s[0] = in;
        for (int l = 1; l <= layers; l++) {
            s[l] = hidden;
        }
        s[layers + 1] = out;
        return s;
    }

    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("steps", steps);
        o.put("batch_size", batchSize);
        o.put("hidden", hidden);
        o.put("layers", layers);
        o.put("gamma", gamma);
        o.put("expectile", expectile);
        o.put("beta", beta);
        o.put("weight_clip", weightClip);
        o.put("polyak", polyak);
        o.put("learning_rate", learningRate);
        o.put("reward_scaling", rewardScaling.label());
        o.put("seed", seed);
        o.put("log_every", logEvery);
        return o;
    }

    public static IqlConfig fromJson(JsonNode o) {
        return new IqlConfig(o.path("steps").asInt(), o.path("batch_size").asInt(), o.path("hidden").asInt(),
                o.path("layers").asInt(), o.path("gamma").asDouble(), o.path("expectile").asDouble(),
                o.path("beta").asDouble(), o.path("weight_clip").asDouble(), o.path("polyak").asDouble(),
                o.path("learning_rate").asDouble(), RewardScaling.parse(o.path("reward_scaling").asText("max_abs")),
                o.path("seed").asLong(), o.path("log_every").asInt(1));
    }
}
