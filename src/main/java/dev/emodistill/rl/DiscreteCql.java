package dev.emodistill.rl;

import java.util.function.IntConsumer;

/**
 * Discrete Conservative Q-Learning (Kumar et al., 2020), a baseline of DESIGN §8: the offline DQN loss plus
 * alpha * (logsumexp_a Q(s, a) - Q(s, a_data)), which pushes down the values of emotions the data did not choose
 * and so removes the optimism that breaks naive offline Q-learning.
 */
public final class DiscreteCql {
    private DiscreteCql() {
    }

    public static TrainingRun train(OfflineData data, StateSchema schema, QLearningConfig cfg, IntConsumer onStep) {
        if (!(cfg.cqlAlpha() > 0)) {
            throw new IllegalArgumentException("CQL needs a positive alpha, got " + cfg.cqlAlpha());
        }
        return OfflineDqn.train("cql", data, schema, cfg, onStep);
    }
}
