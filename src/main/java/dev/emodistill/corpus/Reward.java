package dev.emodistill.corpus;

/**
 * A per-turn reward for the focal agent (DESIGN §6), computed from a logged episode alone. Rewards are
 * selected by name ({@link Rewards#byName}) and their name and formula are written into every dataset, so a
 * trained policy can always say what it optimised.
 */
public interface Reward {
    /** The name it is selected by, e.g. {@code net} or {@code time_weighted_net+terminal}. */
    String name();

    /** The formula in words and symbols, as written into dataset headers. */
    String formula();

    /**
     * The reward of focal turn {@code t} (0-based among the focal turns) of episode {@code e}.
     *
     * @throws IllegalArgumentException if t is not a focal turn of the episode
     * @throws dev.emodistill.io.InputException if the episode lacks what the reward needs (e.g. judge scores)
     */
    double reward(CorpusEpisode e, int t);
}
