package dev.emodistill.rl;

import dev.emodistill.emotion.Emotion;
import dev.emodistill.rl.nn.DenseNet;

import java.util.SplittableRandom;

/**
 * A trained emotion selector, ready to act: the actor network (policy logits, or Q values for value-based
 * learners), optional critics, the mask of emotions seen in training, and the state schema it expects. Pure Java
 * and immutable, so one instance serves every worker thread.
 *
 * @param algorithm  e.g. {@code iql}, {@code bc}, {@code dqn}, {@code cql}
 * @param schema     the state layout the networks were trained on, or null for synthetic states (tests,
 *                   benchmarks), which can neither be saved nor act in a negotiation
 * @param actorKind  whether the actor outputs policy logits or Q values (greedy = argmax either way)
 * @param actor      the network that picks emotions
 * @param q1         first critic (IQL, DQN, CQL), or null
 * @param q2         second critic (IQL), or null
 * @param v          state value (IQL), or null
 * @param mask       emotions that occur in the training data; the others are never chosen
 */
public record SelectorModel(String algorithm, StateSchema schema, ActorKind actorKind, DenseNet actor, DenseNet q1,
                            DenseNet q2, DenseNet v, boolean[] mask) {

    /** What the actor's 28 outputs mean. */
    public enum ActorKind { POLICY_LOGITS, Q_VALUES }

    public SelectorModel {
        if (schema != null && actor.inputSize() != schema.dimension()) {
            throw new IllegalArgumentException("actor expects " + actor.inputSize() + " features; schema has "
                    + schema.dimension());
        }
        if (actor.outputSize() != Emotion.COUNT || mask.length != Emotion.COUNT) {
            throw new IllegalArgumentException("selector must have " + Emotion.COUNT + " outputs");
        }
        boolean any = false;
        for (boolean m : mask) {
            any |= m;
        }
        if (!any) {
            throw new IllegalArgumentException("the action mask allows no emotion");
        }
        mask = mask.clone();
    }

    /** The greedy emotion index for a state. */
    public int act(float[] state) {
        double[] out = actor.forward(state);
        int best = -1;
        for (int a = 0; a < out.length; a++) {
            if (mask[a] && (best < 0 || out[a] > out[best])) {
                best = a;
            }
        }
        return best;
    }

    /** Samples from softmax(outputs / temperature) over allowed emotions; greedy when temperature is 0. */
    public int sample(float[] state, double temperature, SplittableRandom rng) {
        if (temperature <= 0) {
            return act(state);
        }
        double[] p = probabilities(state, temperature);
        double u = rng.nextDouble();
        for (int a = 0; a < p.length; a++) {
            u -= p[a];
            if (u < 0) {
                return a;
            }
        }
        return act(state);
    }

    /** Softmax of the actor outputs at a temperature, zero on masked emotions. */
    public double[] probabilities(float[] state, double temperature) {
        double[] out = actor.forward(state);
        double max = Double.NEGATIVE_INFINITY;
        for (int a = 0; a < out.length; a++) {
            if (mask[a]) {
                max = Math.max(max, out[a]);
            }
        }
        double[] p = new double[out.length];
        double sum = 0;
        for (int a = 0; a < out.length; a++) {
            if (mask[a]) {
                p[a] = Math.exp((out[a] - max) / temperature);
                sum += p[a];
            }
        }
        for (int a = 0; a < p.length; a++) {
            p[a] /= sum;
        }
        return p;
    }

    /**
     * pi(. | s), zero on masked emotions: the softmax of the policy's logits, or for a Q-valued actor the one-hot of
     * its greedy choice (the policy it actually follows when acting).
     */
    public double[] actionProbabilities(float[] state) {
        if (actorKind == ActorKind.POLICY_LOGITS) {
            return probabilities(state, 1);
        }
        double[] p = new double[Emotion.COUNT];
        p[act(state)] = 1;
        return p;
    }

    /** Critic values min(Q1, Q2)(s, .) (or Q1 alone), in normalised reward units; null without critics. */
    public double[] q(float[] state) {
        if (q1 == null) {
            return null;
        }
        double[] a = q1.forward(state);
        if (q2 != null) {
            double[] b = q2.forward(state);
            for (int i = 0; i < a.length; i++) {
                a[i] = Math.min(a[i], b[i]);
            }
        }
        return a;
    }

    /** V(s), or NaN without a value network. */
    public double v(float[] state) {
        return v == null ? Double.NaN : v.forward(state)[0];
    }

    @Override
    public boolean[] mask() {
        return mask.clone();
    }
}
