package dev.emodistill.rl;

import dev.emodistill.emotion.Emotion;
import dev.emodistill.negotiation.EmotionPolicy;
import dev.emodistill.negotiation.Message;
import dev.emodistill.negotiation.TurnContext;

import java.util.SplittableRandom;

/**
 * Follows an emotion {@link MarkovChain} (the evolutionary baseline of DESIGN §8): the first focal turn draws from
 * the initial distribution, every later turn from the row of the emotion this agent showed last, read from the
 * transcript. Reading the transcript instead of remembering keeps the policy stateless, so one instance may serve
 * many episodes. Sampled by default (the chain is a stochastic policy); {@code greedy} follows the most likely
 * transition instead.
 *
 * <p>It is an <em>online</em> baseline: its chain was evolved by playing the simulator, not learned from the
 * offline corpus, and its {@link #name()} says so in every report.
 */
public final class MarkovChainPolicy implements EmotionPolicy {
    /** The name in reports. */
    public static final String NAME = "evo-markov (online)";

    private final MarkovChain chain;
    private final boolean greedy;

    public MarkovChainPolicy(MarkovChain chain, boolean greedy) {
        this.chain = chain;
        this.greedy = greedy;
    }

    @Override
    public Emotion choose(TurnContext context, SplittableRandom rng) {
        Message last = context.lastOwn();
        Emotion previous = last == null ? null : last.emotion();
        return greedy ? chain.mostLikely(previous) : chain.sample(previous, rng);
    }

    /** {@link #NAME}, or {@code evo-markov-greedy (online)} when following the chain greedily. */
    @Override
    public String name() {
        return greedy ? "evo-markov-greedy (online)" : NAME;
    }

    public MarkovChain chain() {
        return chain;
    }

    public boolean greedy() {
        return greedy;
    }
}
