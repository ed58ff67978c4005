package dev.emodistill.corpus;

import dev.emodistill.emotion.Emotion;
import dev.emodistill.io.InputException;
import dev.emodistill.negotiation.Act;
import dev.emodistill.negotiation.Outcome;
import dev.emodistill.negotiation.Role;
import dev.emodistill.rl.StandingOffers;

import java.util.List;

/**
 * Rejects corpus episodes that contradict the protocol (DESIGN §3) before they become transitions, because an
 * offline learner cannot tell a corrupt episode from a surprising one: it would learn from it silently. Every
 * error names the episode and what is wrong.
 *
 * <p>Checked: a non-empty transcript that alternates focal first with consistent index and turn numbers; acts,
 * speakers and perceived distributions present, offers finite; every focal turn labelled with an emotion, the
 * no-emotion control either on all focal turns or on none, and a {@code fixed:E} policy showing E throughout;
 * rounds equal to the focal turns and a horizon at least as large; nothing after a walk-away, an acceptance or
 * offers that met within tolerance; a walk-away outcome ending in a walk-away and a deal ending in an agreement
 * whose value is the accepted offer or the midpoint of the two latest offers; a deal's utility equal to
 * clip(pos(deal value), 0, 1); no deal value and zero utility otherwise. Error episodes are not checked (they
 * are skipped, and may legitimately be cut off anywhere).
 */
final class TransitionChecks {
    /** Slack for comparing logged numbers that were computed by the same formulas. */
    private static final double EPS = 1e-6;

    private TransitionChecks() {
    }

    static void check(CorpusEpisode e) {
        if (e.outcome() == Outcome.ERROR) {
            return;
        }
        List<CorpusTurn> turns = e.turns();
        if (turns.isEmpty()) {
            throw fail(e, "a " + e.outcome().label() + " episode has no messages");
        }
        int focal = 0;
        int controls = 0;
        Emotion fixed = e.fixedEmotion();
        for (int i = 0; i < turns.size(); i++) {
            CorpusTurn t = turns.get(i);
            Role expected = i % 2 == 0 ? Role.FOCAL : Role.COUNTERPARTY;
            if (t.speaker() != expected || t.index() != i || t.turn() != i / 2) {
                throw fail(e, "transcript does not alternate focal first: message " + i + " is "
                        + (t.speaker() == null ? "from nobody" : "from the " + t.speaker().label()) + " with index "
                        + t.index() + " and turn " + t.turn() + ", expected the " + expected.label() + " with index "
                        + i + " and turn " + i / 2);
            }
            if (t.act() == null || t.perceived() == null) {
                throw fail(e, "message " + i + " has no " + (t.act() == null ? "act" : "perceived emotion distribution"));
            }
            if (t.offer() != null && !Double.isFinite(t.offer())) {
                throw fail(e, "message " + i + " has a non-finite offer " + t.offer());
            }
            if (t.isFocal()) {
                if (t.emotion() == null) {
                    throw fail(e, "focal turn " + focal + " has no emotion label");
                }
                if (fixed != null && t.emotion() != fixed) {
                    throw fail(e, "policy " + e.policy() + " but focal turn " + focal + " shows "
                            + t.emotion().label());
                }
                controls += t.emotion().isControl() ? 1 : 0;
                focal++;
            }
        }
        if (controls != 0 && controls != focal) {
            throw fail(e, controls + " of " + focal + " focal turns have no emotion label (no_emotion); the "
                    + "control must be on every focal turn or none");
        }
        if (e.rounds() != focal) {
            throw fail(e, "rounds is " + e.rounds() + " but the transcript has " + focal + " focal turns");
        }
        if (e.horizon() < focal) {
            throw fail(e, "horizon H = " + e.horizon() + " is smaller than the " + focal + " focal turns taken");
        }
        checkEnding(e);
        checkValue(e);
    }

    /** Replays the transcript: whatever ended the negotiation must be its last message. */
    private static void checkEnding(CorpusEpisode e) {
        List<CorpusTurn> turns = e.turns();
        StandingOffers standing = new StandingOffers();
        for (int i = 0; i < turns.size(); i++) {
            CorpusTurn t = turns.get(i);
            boolean last = i == turns.size() - 1;
            Double theirs = standing.standing(t.speaker().other());
            standing.apply(t.speaker(), t.act(), t.offer());
            String ended = null;
            boolean agreed = false;
            if (t.act() == Act.WALK_AWAY) {
                ended = "a walk-away";
            } else if (t.act() == Act.ACCEPT && theirs != null) {
                ended = "an acceptance";
                agreed = true;
            } else if (within(e, standing, -EPS)) {
                ended = "offers within tolerance";
                agreed = true;
            }
            if (ended != null && !last) {
                throw fail(e, "message " + i + " ends the negotiation (" + ended + ") but " + (turns.size() - 1 - i)
                        + " more message(s) follow");
            }
            if (last) {
                if ((e.outcome() == Outcome.WALKAWAY) != (t.act() == Act.WALK_AWAY)) {
                    throw fail(e, "outcome is " + e.outcome().label() + " but the last message is "
                            + (t.act() == Act.WALK_AWAY ? "" : "not ") + "a walk-away");
                }
                if (e.outcome() == Outcome.DEAL && !agreed && !within(e, standing, EPS)) {
                    throw fail(e, "outcome is deal but the last message neither accepts nor brings the offers "
                            + "within tolerance " + e.tolerance());
                }
                if (e.outcome() == Outcome.TIMEOUT && agreed) {
                    throw fail(e, "outcome is timeout but the last message ends it with " + ended);
                }
            }
        }
    }

    private static boolean within(CorpusEpisode e, StandingOffers s, double slack) {
        Double f = s.standing(Role.FOCAL);
        Double c = s.standing(Role.COUNTERPARTY);
        return f != null && c != null && Math.abs(f - c) <= e.tolerance() + slack;
    }

    private static void checkValue(CorpusEpisode e) {
        if (e.outcome() != Outcome.DEAL) {
            if (e.dealValue() != null || e.utility() != 0) {
                throw fail(e, "a " + e.outcome().label() + " has no deal value and utility 0, got deal value "
                        + e.dealValue() + " and utility " + e.utility());
            }
            return;
        }
        if (e.dealValue() == null || !Double.isFinite(e.dealValue())) {
            throw fail(e, "a deal needs a finite deal value, got " + e.dealValue());
        }
        double expectedUtility = Math.max(0, Math.min(1, e.position(e.dealValue())));
        if (Math.abs(e.utility() - expectedUtility) > EPS) {
            throw fail(e, "utility " + e.utility() + " does not match deal value " + e.dealValue()
                    + " under targets T_f = " + e.focalTarget() + ", T_c = " + e.counterpartyTarget()
                    + " (expected " + expectedUtility + ")");
        }
        double expectedValue = closingValue(e);
        if (Math.abs(e.dealValue() - expectedValue) > EPS * Math.max(1, Math.abs(expectedValue))) {
            throw fail(e, "deal value " + e.dealValue() + " is not what the transcript agreed (" + expectedValue
                    + ": the accepted offer or the midpoint of the two latest offers)");
        }
    }

    /** The protocol's deal value: the accepted standing offer, else the midpoint of the two latest offers. */
    private static double closingValue(CorpusEpisode e) {
        List<CorpusTurn> turns = e.turns();
        StandingOffers standing = new StandingOffers();
        for (int i = 0; i < turns.size() - 1; i++) {
            standing.apply(turns.get(i).speaker(), turns.get(i).act(), turns.get(i).offer());
        }
        CorpusTurn last = turns.get(turns.size() - 1);
        Double theirs = standing.standing(last.speaker().other());
        if (last.act() == Act.ACCEPT && theirs != null) {
            return theirs;
        }
        standing.apply(last.speaker(), last.act(), last.offer());
        return (standing.standing(Role.FOCAL) + standing.standing(Role.COUNTERPARTY)) / 2;
    }

    private static InputException fail(CorpusEpisode e, String reason) {
        return new InputException("episode " + e.episodeId() + ": " + reason);
    }
}
