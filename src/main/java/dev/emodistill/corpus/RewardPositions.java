package dev.emodistill.corpus;

import dev.emodistill.negotiation.Role;
import dev.emodistill.rl.StandingOffers;

import java.util.List;

/**
 * Where both sides stand around one focal turn, on the unclipped position scale pos(x) = (T_c - x) / span,
 * replayed with the {@link StandingOffers} rule the state uses. A side without a standing offer sits at its own
 * target: the focal agent at 1, the counterparty at 0.
 *
 * @param ownBefore pos of the focal standing offer before focal turn t
 * @param ownAfter  pos of the focal standing offer after focal turn t
 * @param cpBefore  pos of the counterparty standing offer before focal turn t
 * @param cpAfter   pos of the counterparty standing offer after its reply to turn t (= cpBefore without a reply)
 */
record RewardPositions(double ownBefore, double ownAfter, double cpBefore, double cpAfter) {

    static RewardPositions at(CorpusEpisode e, int t) {
        List<CorpusTurn> turns = e.turns();
        int index = focalIndex(e, t);
        StandingOffers standing = new StandingOffers();
        for (int i = 0; i < index; i++) {
            apply(standing, turns.get(i));
        }
        double ownBefore = own(e, standing);
        double cpBefore = cp(e, standing);
        apply(standing, turns.get(index));
        double ownAfter = own(e, standing);
        if (index + 1 < turns.size() && !turns.get(index + 1).isFocal()) {
            apply(standing, turns.get(index + 1));
        }
        return new RewardPositions(ownBefore, ownAfter, cpBefore, cp(e, standing));
    }

    /** The transcript index of focal turn t (the t-th focal message, 0-based). */
    static int focalIndex(CorpusEpisode e, int t) {
        int seen = 0;
        List<CorpusTurn> turns = e.turns();
        for (int i = 0; i < turns.size(); i++) {
            if (turns.get(i).isFocal()) {
                if (seen == t) {
                    return i;
                }
                seen++;
            }
        }
        throw new IllegalArgumentException("episode " + e.episodeId() + " has " + seen + " focal turns; no focal turn "
                + t);
    }

    private static void apply(StandingOffers standing, CorpusTurn turn) {
        standing.apply(turn.speaker(), turn.act(), turn.offer());
    }

    private static double own(CorpusEpisode e, StandingOffers s) {
        Double offer = s.standing(Role.FOCAL);
        return offer == null ? 1 : e.position(offer);
    }

    private static double cp(CorpusEpisode e, StandingOffers s) {
        Double offer = s.standing(Role.COUNTERPARTY);
        return offer == null ? 0 : e.position(offer);
    }
}
