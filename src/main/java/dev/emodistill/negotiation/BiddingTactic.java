package dev.emodistill.negotiation;

import java.util.SplittableRandom;

/**
 * The number: what to offer, or whether to accept or walk away, given the time and how the other side's
 * displayed emotions have moved this agent ({@link EmotionResponseProfile}).
 */
public interface BiddingTactic {
    Decision decide(TurnContext context, EmotionResponseProfile response, SplittableRandom rng);
}
