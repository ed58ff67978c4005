package dev.emodistill.negotiation;

import dev.emodistill.emotion.Emotion;

import java.util.SplittableRandom;

/**
 * Which emotion to display this turn: the "selection" half of EmoDistill. Implementations range from a fixed
 * emotion to the learned IQL selector; a policy may keep per-episode state, so create one per episode.
 */
public interface EmotionPolicy {
    Emotion choose(TurnContext context, SplittableRandom rng);

    /** Name used in reports, e.g. {@code fixed:anger}, {@code random}, {@code no-emotion}. */
    String name();
}
