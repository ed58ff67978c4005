package dev.emodistill.corpus;

import dev.emodistill.domain.Domain;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.negotiation.EpisodeResult;
import dev.emodistill.negotiation.Message;
import dev.emodistill.negotiation.Outcome;
import dev.emodistill.negotiation.Role;

import java.util.ArrayList;
import java.util.List;

/**
 * One logged negotiation of an offline corpus (DESIGN §5): what was played (scenario, persona, behaviour
 * policy, seeds), how it ended, and every message. It carries the scenario's targets and the tolerance so that
 * rewards and states can be computed from the corpus alone.
 *
 * @param episodeId          unique within the corpus; stable across runs and resumes
 * @param scenarioId         the scenario's id
 * @param domain             negotiation domain
 * @param persona            counterparty persona name
 * @param policy             the focal behaviour policy, e.g. {@code random} or {@code fixed:anger}
 * @param seedIndex          which of the sweep's seeds (0-based)
 * @param seed               the episode seed all its random streams derive from
 * @param focalTarget        T_f
 * @param counterpartyTarget T_c
 * @param tolerance          agreement tolerance in units
 * @param horizon            H, the number of focal turns allowed
 * @param outcome            deal, walkaway, timeout or error
 * @param dealValue          the agreed value for deals, else null
 * @param utility            focal utility (0 without a deal)
 * @param rounds             focal turns taken
 * @param endedBy            who sent the last message (null on timeout)
 * @param error              the failure for error episodes, else null
 * @param turns              the messages in order
 */
public record CorpusEpisode(String episodeId, String scenarioId, Domain domain, String persona, String policy,
                            int seedIndex, long seed, double focalTarget, double counterpartyTarget, double tolerance,
                            int horizon, Outcome outcome, Double dealValue, double utility, int rounds, Role endedBy,
                            String error, List<CorpusTurn> turns) {

    public CorpusEpisode {
        turns = List.copyOf(turns);
    }

    /** Records a played episode. */
    public static CorpusEpisode of(String episodeId, String persona, String policy, int seedIndex, long seed,
                                   int horizon, double tolerance, EpisodeResult r) {
        List<CorpusTurn> turns = new ArrayList<>(r.messages().size());
        for (Message m : r.messages()) {
            turns.add(new CorpusTurn(m.index(), m.speaker(), m.turn(), m.act(),
                    m.emotion() == null ? Emotion.NO_EMOTION : m.emotion(), m.text(), m.offer(), m.perceived(),
                    null, null));
        }
        var s = r.scenario();
        return new CorpusEpisode(episodeId, s.id(), s.domain(), persona, policy, seedIndex, seed, s.focalTarget(),
                s.counterpartyTarget(), tolerance, horizon, r.outcome(), r.dealValue(), r.utility(), r.rounds(),
                r.endedBy(), r.error(), turns);
    }

    /** The same episode with other turns (used by the judge to attach scores). */
    public CorpusEpisode withTurns(List<CorpusTurn> newTurns) {
        return new CorpusEpisode(episodeId, scenarioId, domain, persona, policy, seedIndex, seed, focalTarget,
                counterpartyTarget, tolerance, horizon, outcome, dealValue, utility, rounds, endedBy, error, newTurns);
    }

    /** T_c - T_f with magnitude at least 1 (the utility formula's span). */
    public double span() {
        return dev.emodistill.domain.Utility.signedSpan(focalTarget, counterpartyTarget);
    }

    /** Focal-utility position of a value, unclipped: 0 = T_c, 1 = T_f. */
    public double position(double value) {
        return (counterpartyTarget - value) / span();
    }

    /** The focal turns in order. */
    public List<CorpusTurn> focalTurns() {
        return turns.stream().filter(CorpusTurn::isFocal).toList();
    }

    /** The fixed emotion of a {@code fixed:*} or {@code no-emotion} policy, or null for other policies. */
    public Emotion fixedEmotion() {
        if (policy.equals("no-emotion")) {
            return Emotion.NO_EMOTION;
        }
        if (policy.startsWith("fixed:")) {
            return Emotion.parse(policy.substring("fixed:".length())).orElse(null);
        }
        return null;
    }
}
