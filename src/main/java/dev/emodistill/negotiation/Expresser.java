package dev.emodistill.negotiation;

import dev.emodistill.emotion.Emotion;

import java.util.SplittableRandom;

/**
 * The words: renders an act (with its number, for offers and acceptances) in the chosen emotion. In the
 * embedded world the number comes from the bidding tactic and the expresser must state it so the offer
 * parser reads it back exactly.
 */
public interface Expresser {
    String express(Act act, Emotion emotion, Double value, TurnContext context, SplittableRandom rng);
}
