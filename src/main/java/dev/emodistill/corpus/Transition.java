package dev.emodistill.corpus;

import java.util.Arrays;
import java.util.Objects;

/**
 * One offline RL transition (DESIGN §7): the state before focal turn t, the emotion shown (GoEmotions index
 * 0..27), the reward, the state before the next focal turn, and how the episode ended there.
 *
 * <p>{@code done} is 1 on the last transition of a deal or walk-away (true terminal states, so no bootstrap);
 * {@code timeout} is 1 on the last transition of a timeout, where the episode was cut off by the message
 * limit rather than ended, so learners must still bootstrap (done stays 0). Arrays are compared by content.
 *
 * @param s         state before focal turn t
 * @param a         emotion index 0..27
 * @param r         reward of turn t
 * @param s2        state before focal turn t + 1 (after the whole transcript on the last transition)
 * @param done      a deal or walk-away ended the episode at this transition
 * @param timeout   a timeout cut the episode off at this transition
 * @param episodeId the source episode
 * @param t         0-based focal turn
 */
public record Transition(float[] s, int a, double r, float[] s2, boolean done, boolean timeout, String episodeId,
                         int t) {

    public Transition {
        Objects.requireNonNull(s, "s");
        Objects.requireNonNull(s2, "s2");
        Objects.requireNonNull(episodeId, "episodeId");
        if (done && timeout) {
            throw new IllegalArgumentException("a transition is either terminal or a timeout, not both");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Transition x && a == x.a && Double.compare(r, x.r) == 0 && done == x.done
                && timeout == x.timeout && t == x.t && episodeId.equals(x.episodeId) && Arrays.equals(s, x.s)
                && Arrays.equals(s2, x.s2);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(s), a, r, Arrays.hashCode(s2), done, timeout, episodeId, t);
    }

    @Override
    public String toString() {
        return "Transition{" + episodeId + " t=" + t + " a=" + a + " r=" + r + " done=" + done + " timeout="
                + timeout + " |s|=" + s.length + "}";
    }
}
