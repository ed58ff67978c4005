package dev.emodistill.rl;

import dev.emodistill.emotion.EmbeddingCache;
import dev.emodistill.emotion.MiniLmEmbedder;
import dev.emodistill.emotion.SentenceEmbedder;
import dev.emodistill.emotion.TextUnits;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The optional reduced sentence embedding of the state (DESIGN §7): the counterparty's last message, digits
 * masked (the numbers are already in the negotiation block, and masking keeps one template with many offers one
 * vector), embedded sentence by sentence with MiniLM, averaged, scaled to unit length, and multiplied by a fixed
 * Gaussian random matrix with {@code k} rows. A random projection keeps distances roughly (Johnson-Lindenstrauss)
 * without fitting anything to a corpus, so the feature means the same for every dataset and checkpoint; its seed is
 * a constant of this build, recorded in the schema and checked when a checkpoint is loaded. Entries are N(0, 1)
 * and the embedding has unit length, so each component is of order 1, like the other state features.
 *
 * <p>Thread-safe: the embedding cache is shared and the projected vectors are memoised by masked text.
 */
public final class TextFeatures {
    /** Seed of the projection matrix; part of the schema's identity (changing it must bump the description). */
    static final long PROJECTION_SEED = 0x5EED_7E57L;
    /** Memo bound, as for the embedding cache: simulated corpora repeat a few thousand texts. */
    private static final int MAX_MEMO = 200_000;
    private static final ConcurrentHashMap<Integer, TextFeatures> SHARED = new ConcurrentHashMap<>();

    private final SentenceEmbedder embedder;
    private final float[][] projection;
    private final ConcurrentHashMap<String, float[]> memo = new ConcurrentHashMap<>();

    /** A projection of {@code embedder}'s vectors to {@code k} components. */
    public TextFeatures(SentenceEmbedder embedder, int k) {
        this.embedder = EmbeddingCache.of(embedder);
        this.projection = gaussian(k, embedder.dimension(), PROJECTION_SEED);
    }

    /** The JVM-wide instance for {@code k} components over the built-in MiniLM model (loaded on first use). */
    public static TextFeatures shared(int k) {
        return SHARED.computeIfAbsent(k, n -> new TextFeatures(MiniLmEmbedder.shared(), n));
    }

    /** What the projection is, stored in the schema so a checkpoint made with another projection is refused. */
    static String describe(int k) {
        return "all-minilm-l6-v2-q sentence mean, digit-masked, unit length, x gaussian(" + k + "x384, seed "
                + PROJECTION_SEED + ")";
    }

    public int dimension() {
        return projection.length;
    }

    /** The k components for a message; zeros for empty text. The returned array must not be modified. */
    public float[] project(String text) {
        String masked = TextUnits.maskDigits(text == null ? "" : text).strip();
        float[] hit = memo.get(masked);
        if (hit != null) {
            return hit;
        }
        float[] out = masked.isEmpty() ? new float[projection.length] : compute(masked);
        if (memo.size() < MAX_MEMO) {
            memo.putIfAbsent(masked, out);
        }
        return out;
    }

    private float[] compute(String masked) {
        List<String> sentences = TextUnits.sentences(masked);
        if (sentences.isEmpty()) {
            sentences = List.of(masked);
        }
        double[] mean = new double[embedder.dimension()];
        for (float[] v : embedder.embedAll(sentences)) {
            for (int i = 0; i < mean.length; i++) {
                mean[i] += v[i];
            }
        }
        double norm = 0;
        for (double m : mean) {
            norm += m * m;
        }
        norm = Math.sqrt(norm);
        float[] out = new float[projection.length];
        for (int r = 0; r < projection.length && norm > 0; r++) {
            double dot = 0;
            for (int i = 0; i < mean.length; i++) {
                dot += projection[r][i] * mean[i];
            }
            out[r] = (float) (dot / norm);
        }
        return out;
    }

    /** Box-Muller normals from a SplittableRandom, so the matrix is identical on every JVM. */
    private static float[][] gaussian(int rows, int cols, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[][] m = new float[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double u = 1 - rng.nextDouble();
                double v = rng.nextDouble();
                m[r][c] = (float) (Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
            }
        }
        return m;
    }
}
