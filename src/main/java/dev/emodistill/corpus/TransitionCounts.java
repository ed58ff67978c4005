package dev.emodistill.corpus;

/**
 * What a transition dataset was made from: how many corpus episodes were read, used and skipped (and why), and
 * how many transitions resulted.
 *
 * @param episodesRead      episodes in the input
 * @param episodesUsed      episodes that produced transitions
 * @param skippedError      error episodes (an agent or backend failed; nothing to learn from)
 * @param skippedNoEmotion  no-emotion control episodes (the control is not one of the 28 actions)
 * @param transitions       transitions written
 */
public record TransitionCounts(int episodesRead, int episodesUsed, int skippedError, int skippedNoEmotion,
                               int transitions) {

    public TransitionCounts {
        if (episodesRead != episodesUsed + skippedError + skippedNoEmotion) {
            throw new IllegalArgumentException("episode counts do not add up: read " + episodesRead + " != used "
                    + episodesUsed + " + skipped " + (skippedError + skippedNoEmotion));
        }
    }

    public int episodesSkipped() {
        return skippedError + skippedNoEmotion;
    }
}
