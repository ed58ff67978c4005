package dev.emodistill.rl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.io.Json;

/**
 * Hyper-parameters shared by the value-based offline baselines (DESIGN §8), each named once.
 *
 * @param steps         gradient steps
 * @param batchSize     transitions per step (256)
 * @param hidden        hidden width (256)
 * @param layers        hidden layers (2)
 * @param gamma         discount (0.99)
 * @param polyak        target averaging rate (0.005)
 * @param learningRate  Adam step size (3e-4)
 * @param cqlAlpha      weight of the conservative penalty logsumexp_a Q(s, a) - Q(s, a_data); 0 is plain DQN
 * @param rewardScaling reward normalisation (max_abs)
 * @param seed          initialisation and sampling
 */
public record QLearningConfig(int steps, int batchSize, int hidden, int layers, double gamma, double polyak,
                              double learningRate, double cqlAlpha, RewardScaling rewardScaling, long seed) {

    public static QLearningConfig dqn(int steps, long seed) {
        return new QLearningConfig(steps, 256, 256, 2, 0.99, 0.005, 3e-4, 0.0, RewardScaling.MAX_ABS, seed);
    }

    public static QLearningConfig cql(int steps, long seed) {
        return new QLearningConfig(steps, 256, 256, 2, 0.99, 0.005, 3e-4, 1.0, RewardScaling.MAX_ABS, seed);
    }

    public QLearningConfig withNetwork(int hiddenWidth, int hiddenLayers) {
        return new QLearningConfig(steps, batchSize, hiddenWidth, hiddenLayers, gamma, polyak, learningRate, cqlAlpha,
                rewardScaling, seed);
    }

    public QLearningConfig withGamma(double discount) {
        return new QLearningConfig(steps, batchSize, hidden, layers, discount, polyak, learningRate, cqlAlpha,
                rewardScaling, seed);
    }

    int[] sizes(int in, int out) {
        return IqlConfig.defaults(1, seed).withNetwork(hidden, layers).sizes(in, out);
    }

    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("steps", steps);
        o.put("batch_size", batchSize);
        o.put("hidden", hidden);
        o.put("layers", layers);
        o.put("gamma", gamma);
        o.put("polyak", polyak);
        o.put("learning_rate", learningRate);
        o.put("cql_alpha", cqlAlpha);
        o.put("reward_scaling", rewardScaling.label());
        o.put("seed", seed);
        return o;
    }
}
