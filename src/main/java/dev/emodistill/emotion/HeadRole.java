package dev.emodistill.emotion;

import java.util.Locale;

/**
 * The two independently trained classifier heads (DESIGN §4.2). Counterparties perceive with
 * {@link #PERCEPTION}; the judge and the fidelity metrics score with {@link #EVALUATION}, trained on a
 * disjoint sentence pool with a different seed, so a policy cannot win by gaming the classifier that scores it.
 */
public enum HeadRole {
    PERCEPTION(TrainingSentences.Pool.PERCEPTION, 1_101L),
    EVALUATION(TrainingSentences.Pool.EVALUATION, 2_203L);

    private final TrainingSentences.Pool pool;
    private final long seed;

    HeadRole(TrainingSentences.Pool pool, long seed) {
        this.pool = pool;
        this.seed = seed;
    }

    public TrainingSentences.Pool pool() {
        return pool;
    }

    /** Seed for sampling the training sentences and shuffling the head's training. */
    public long seed() {
        return seed;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
