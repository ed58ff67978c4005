package dev.emodistill.emotion;

/**
 * Text to a distribution over the 28 GoEmotions labels. Implementations must be thread-safe and
 * deterministic: the same text always yields the same distribution, whatever thread asks or in what order,
 * because simulated episodes and their seeds must reproduce exactly.
 */
public interface EmotionClassifier {
    EmotionDistribution classify(String text);

    /** A short description for provenance records (model, head, training data hash). */
    String describe();
}
