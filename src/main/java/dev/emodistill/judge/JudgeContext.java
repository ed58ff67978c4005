package dev.emodistill.judge;

import dev.emodistill.corpus.CorpusEpisode;
import dev.emodistill.corpus.CorpusTurn;
import dev.emodistill.domain.Domain;
import dev.emodistill.domain.Scenario;
import dev.emodistill.domain.Utility;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The negotiation state a judge sees just before a focal utterance: the domain, both targets, the agreement
 * tolerance, the horizon H, the focal turn index t (0-based, as in DESIGN §3) and the transcript so far.
 *
 * <p>The history holds both speakers' turns in order. Judges read the counterparty's turns only through their
 * logged {@code offer}; the counterparty's text is untrusted and plays no part in a score.
 *
 * @param domain             negotiation domain (sets the unit and the rationale's wording)
 * @param focalTarget        T_f
 * @param counterpartyTarget T_c
 * @param tolerance          agreement tolerance in units
 * @param horizon            H, the number of focal turns allowed (at least 1)
 * @param turn               t, the 0-based index of the focal turn being judged
 * @param history            the messages before the utterance, oldest first
 */
public record JudgeContext(Domain domain, double focalTarget, double counterpartyTarget, double tolerance,
                           int horizon, int turn, List<CorpusTurn> history) {

    public JudgeContext {
        Objects.requireNonNull(domain, "domain");
        if (!Double.isFinite(focalTarget) || !Double.isFinite(counterpartyTarget)) {
            throw new IllegalArgumentException("targets must be finite, got " + focalTarget + " and "
                    + counterpartyTarget);
        }
        if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
            throw new IllegalArgumentException("tolerance must be a finite non-negative number, got " + tolerance);
        }
        if (horizon < 1) {
            throw new IllegalArgumentException("horizon must be at least 1, got " + horizon);
        }
        if (turn < 0) {
            throw new IllegalArgumentException("turn must be non-negative, got " + turn);
        }
        history = List.copyOf(history);
    }

    /** The state before a scenario's focal turn {@code turn}. */
    public static JudgeContext of(Scenario scenario, double tolerance, int horizon, int turn,
                                  List<CorpusTurn> history) {
        return new JudgeContext(scenario.domain(), scenario.focalTarget(), scenario.counterpartyTarget(), tolerance,
                horizon, turn, history);
    }

    /**
     * The state before the focal message at transcript position {@code messageIndex} (its
     * {@link CorpusTurn#index()}) of a logged episode; the history is every message before it.
     *
     * @throws IllegalArgumentException when there is no such message or it is the counterparty's
     */
    public static JudgeContext at(CorpusEpisode episode, int messageIndex) {
        List<CorpusTurn> before = new ArrayList<>();
        for (CorpusTurn t : episode.turns()) {
            if (t.index() == messageIndex) {
                if (!t.isFocal()) {
                    throw new IllegalArgumentException("episode " + episode.episodeId() + ": message " + messageIndex
                            + " is the counterparty's; only focal messages are judged");
                }
                return new JudgeContext(episode.domain(), episode.focalTarget(), episode.counterpartyTarget(),
                        episode.tolerance(), episode.horizon(), t.turn(), before);
            }
            before.add(t);
        }
        throw new IllegalArgumentException("episode " + episode.episodeId() + " has no message " + messageIndex);
    }

    /** T_c - T_f with magnitude at least 1 (DESIGN §2). */
    public double span() {
        return Utility.signedSpan(focalTarget, counterpartyTarget);
    }

    /** Focal-utility position of a value, unclipped: 1 = T_f (own target), 0 = T_c. */
    public double position(double value) {
        return (counterpartyTarget - value) / span();
    }

    /** The tolerance on the position scale. */
    public double tolerancePosition() {
        return tolerance / Math.abs(span());
    }

    /** t / (H - 1): 0 on the first focal turn, 1 on the last. */
    public double deadlineProgress() {
        return horizon <= 1 ? 1 : Math.min(1, turn / (double) (horizon - 1));
    }

    /** Focal turns left including this one, at least 1. */
    public int remainingTurns() {
        return Math.max(1, horizon - turn);
    }
}
