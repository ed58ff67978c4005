package dev.emodistill.emotion;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Memoises sentence embeddings by (digit-masked) sentence. Simulated negotiations repeat a few thousand
 * sentences millions of times, so after warm-up nearly every lookup is a hit. Bounded: past
 * {@link #MAX_ENTRIES} it keeps serving hits but stops adding, so a long LLM run cannot exhaust memory.
 */
public final class EmbeddingCache implements SentenceEmbedder {
    /** About 0.6 GB of 384-float vectors at the bound. */
    public static final int MAX_ENTRIES = 400_000;

    private static final ConcurrentHashMap<String, EmbeddingCache> BY_MODEL = new ConcurrentHashMap<>();

    private final SentenceEmbedder embedder;
    private final ConcurrentHashMap<String, float[]> vectors = new ConcurrentHashMap<>();

    private EmbeddingCache(SentenceEmbedder embedder) {
        this.embedder = embedder;
    }

    /** One cache per embedding model per JVM, shared by every classifier head that uses it. */
    public static EmbeddingCache of(SentenceEmbedder embedder) {
        if (embedder instanceof EmbeddingCache cache) {
            return cache;
        }
        return BY_MODEL.computeIfAbsent(embedder.id(), id -> new EmbeddingCache(embedder));
    }

    @Override
    public int dimension() {
        return embedder.dimension();
    }

    @Override
    public float[] embed(String sentence) {
        float[] v = vectors.get(sentence);
        if (v != null) {
            return v;
        }
        v = embedder.embed(sentence);
        if (vectors.size() < MAX_ENTRIES) {
            float[] previous = vectors.putIfAbsent(sentence, v);
            if (previous != null) {
                return previous;
            }
        }
        return v;
    }

    /** Embeds the sentences not yet cached in one batch (faster warm-up), then serves all from the cache. */
    @Override
    public List<float[]> embedAll(List<String> sentences) {
        List<String> missing = sentences.stream().distinct().filter(s -> !vectors.containsKey(s)).toList();
        if (!missing.isEmpty()) {
            List<float[]> fresh = embedder.embedAll(missing);
            for (int i = 0; i < missing.size(); i++) {
                if (vectors.size() < MAX_ENTRIES) {
                    vectors.putIfAbsent(missing.get(i), fresh.get(i));
                }
            }
        }
        return sentences.stream().map(this::embed).toList();
    }

    @Override
    public String id() {
        return embedder.id();
    }

    /** Number of cached sentences (for diagnostics and benchmarks). */
    public int size() {
        return vectors.size();
    }
}
