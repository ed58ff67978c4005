package dev.emodistill.emotion;

import java.util.List;

/** Maps sentences to fixed-size embedding vectors. Thread-safe and deterministic. */
public interface SentenceEmbedder {
    int dimension();

    float[] embed(String sentence);

    /** Embeds many sentences; the default loops, implementations may batch. */
    default List<float[]> embedAll(List<String> sentences) {
        return sentences.stream().map(this::embed).toList();
    }

    /** Identifies the model for cache keys and provenance. */
    String id();
}
