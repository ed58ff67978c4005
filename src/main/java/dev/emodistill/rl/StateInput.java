package dev.emodistill.rl;

import dev.emodistill.corpus.CorpusEpisode;
import dev.emodistill.corpus.CorpusTurn;
import dev.emodistill.domain.Domain;
import dev.emodistill.domain.Utility;
import dev.emodistill.negotiation.Message;
import dev.emodistill.negotiation.Role;
import dev.emodistill.negotiation.TurnContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything the state before focal turn t is computed from (DESIGN §7): the scenario's targets, the
 * tolerance, the horizon H, t, and the messages said so far. It is deliberately small so that the same
 * {@link StateBuilder} serves offline datasets ({@link #fromEpisode}) and live acting ({@link #fromTurn}).
 *
 * @param domain             negotiation domain
 * @param focalTarget        T_f
 * @param counterpartyTarget T_c
 * @param tolerance          agreement tolerance in units
 * @param horizon            H, the number of focal turns (at least 1)
 * @param t                  the 0-based focal turn about to be taken (may equal the number of focal turns taken
 *                           for the state after the last one)
 * @param messages           the transcript before focal turn t, in order
 */
public record StateInput(Domain domain, double focalTarget, double counterpartyTarget, double tolerance,
                         int horizon, int t, List<StateMessage> messages) {

    public StateInput {
        Objects.requireNonNull(domain, "domain");
        if (horizon < 1) {
            throw new IllegalArgumentException("horizon must be at least 1, got " + horizon);
        }
        if (t < 0) {
            throw new IllegalArgumentException("turn t must be non-negative, got " + t);
        }
        messages = List.copyOf(messages);
    }

    /**
     * The state input before focal turn {@code t} of a logged episode: every message before that focal turn.
     * {@code t} equal to the number of focal turns gives the state after the whole transcript (the next state
     * of the last transition).
     */
    public static StateInput fromEpisode(CorpusEpisode e, int t) {
        List<CorpusTurn> turns = e.turns();
        int focalSeen = 0;
        int end = turns.size();
        for (int i = 0; i < turns.size(); i++) {
            if (turns.get(i).isFocal()) {
                if (focalSeen == t) {
                    end = i;
                    break;
                }
                focalSeen++;
            }
        }
        if (end == turns.size() && focalSeen != t) {
            throw new IllegalArgumentException("episode " + e.episodeId() + " has " + focalSeen
                    + " focal turns; no state before focal turn " + t);
        }
        List<StateMessage> prefix = new ArrayList<>(end);
        for (int i = 0; i < end; i++) {
            prefix.add(StateMessage.of(turns.get(i)));
        }
        return new StateInput(e.domain(), e.focalTarget(), e.counterpartyTarget(), e.tolerance(), e.horizon(), t,
                prefix);
    }

    /** The state input for a live focal turn: the transcript the focal agent sees now. */
    public static StateInput fromTurn(TurnContext ctx) {
        if (ctx.role() != Role.FOCAL) {
            throw new IllegalArgumentException("states are built for the focal agent, not the "
                    + ctx.role().label());
        }
        List<StateMessage> messages = new ArrayList<>(ctx.transcript().size());
        for (Message m : ctx.transcript()) {
            messages.add(StateMessage.of(m));
        }
        var s = ctx.scenario();
        return new StateInput(s.domain(), s.focalTarget(), s.counterpartyTarget(), ctx.toleranceUnits(),
                ctx.horizon(), ctx.turn(), messages);
    }

    /** T_c - T_f with magnitude at least 1, as in the utility formula. */
    public double span() {
        return Utility.signedSpan(focalTarget, counterpartyTarget);
    }

    /** Focal-utility position of a value, unclipped: 0 = T_c, 1 = T_f. */
    public double position(double value) {
        return (counterpartyTarget - value) / span();
    }
}
