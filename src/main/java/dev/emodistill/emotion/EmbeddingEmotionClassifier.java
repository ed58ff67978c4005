package dev.emodistill.emotion;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The default {@link EmotionClassifier}: sentence embeddings (MiniLM) and a {@link SoftmaxHead}.
 *
 * <p>A message is classified sentence by sentence and the sentence distributions are averaged with weight
 * {@code 1 - p(neutral) + 0.05}, so a plain offer sentence ("We need payment within 14 days.") does not drown
 * the emotional sentence next to it, while an all-neutral message stays neutral. Results are cached by the
 * digit-masked text (DESIGN §4.2), and the embeddings by digit-masked sentence.
 */
public final class EmbeddingEmotionClassifier implements EmotionClassifier {
    /** Floor on each sentence's weight so a message of neutral sentences still averages them. */
    private static final double NEUTRAL_FLOOR = 0.05;
    private static final int MAX_CACHED_TEXTS = 400_000;

    private final String name;
    private final EmbeddingCache embeddings;
    private final SoftmaxHead head;
    private final String provenance;
    private final ConcurrentHashMap<String, EmotionDistribution> cache = new ConcurrentHashMap<>();

    public EmbeddingEmotionClassifier(String name, SentenceEmbedder embedder, SoftmaxHead head, String provenance) {
        if (embedder.dimension() != head.dimension()) {
            throw new IllegalArgumentException("head expects " + head.dimension() + "-dim embeddings, model gives "
                    + embedder.dimension());
        }
        this.name = name;
        this.embeddings = EmbeddingCache.of(embedder);
        this.head = head;
        this.provenance = provenance;
    }

    @Override
    public EmotionDistribution classify(String text) {
        String masked = TextUnits.maskDigits(text == null ? "" : text);
        if (masked.isEmpty()) {
            return EmotionDistribution.pure(Emotion.NEUTRAL);
        }
        EmotionDistribution hit = cache.get(masked);
        if (hit != null) {
            return hit;
        }
        EmotionDistribution d = compute(masked);
        if (cache.size() < MAX_CACHED_TEXTS) {
            EmotionDistribution previous = cache.putIfAbsent(masked, d);
            if (previous != null) {
                return previous;
            }
        }
        return d;
    }

    private EmotionDistribution compute(String masked) {
        List<String> sentences = TextUnits.sentences(masked);
        List<EmotionDistribution> parts = new ArrayList<>(sentences.size());
        double[] weights = new double[sentences.size()];
        for (int i = 0; i < sentences.size(); i++) {
            double[] p = head.probabilities(embeddings.embed(sentences.get(i)));
            parts.add(EmotionDistribution.of(p));
            weights[i] = 1 - p[Emotion.NEUTRAL.index()] + NEUTRAL_FLOOR;
        }
        return parts.size() == 1 ? parts.get(0) : EmotionDistribution.mix(parts, weights);
    }

    /** Classifies one sentence without splitting (used for accuracy measurement on labelled sentences). */
    public EmotionDistribution classifySentence(String sentence) {
        return EmotionDistribution.of(head.probabilities(embeddings.embed(TextUnits.maskDigits(sentence))));
    }

    /** Warms the embedding cache for many sentences at once (batched inference). */
    public void warm(List<String> sentences) {
        embeddings.embedAll(sentences.stream().map(TextUnits::maskDigits).toList());
    }

    public SoftmaxHead head() {
        return head;
    }

    public String name() {
        return name;
    }

    public EmbeddingCache embeddings() {
        return embeddings;
    }

    @Override
    public String describe() {
        return name + ": " + provenance;
    }
}
