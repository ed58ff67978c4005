package dev.emodistill.rl;

import dev.emodistill.corpus.CorpusEpisode;
import dev.emodistill.corpus.CounterpartyView;
import dev.emodistill.negotiation.Message;
import dev.emodistill.negotiation.Role;
import dev.emodistill.negotiation.TurnContext;

import java.util.ArrayList;
import java.util.List;

/**
 * The counterparty's state input (DESIGN §10, "its state is the mirrored state"): the state the focal learner would
 * see if the counterparty were the focal agent. Its own offers and emotions count as "own", the focal agent's as
 * "other", and the targets swap, so positions become 1 - pos (0 = the focal target, 1 = its own target). The same
 * {@link StateBuilder} formulas then apply unchanged. Offline ({@link #fromEpisode}) and live ({@link #fromTurn}) build
 * the same input from the same transcript, so a counterparty selector acts on exactly the states it was trained on.
 */
public final class MirroredState {
    private MirroredState() {
    }

    /**
     * The input before the counterparty's turn {@code t} of a played counterparty-role episode (every message up to
     * and including the focal agent's turn t); {@code t} equal to its number of turns gives the state after the whole
     * transcript.
     */
    public static StateInput fromEpisode(CorpusEpisode played, int t) {
        return StateInput.fromEpisode(CounterpartyView.mirror(played), t);
    }

    /** The input for a live counterparty turn: the transcript it sees now, mirrored. */
    public static StateInput fromTurn(TurnContext ctx) {
        if (ctx.role() != Role.COUNTERPARTY) {
            throw new IllegalArgumentException("the mirrored state is the counterparty's, not the " + ctx.role().label()
                    + "'s");
        }
        List<StateMessage> messages = new ArrayList<>(ctx.transcript().size());
        for (Message m : ctx.transcript()) {
            messages.add(new StateMessage(m.speaker().other(), m.act(), m.emotion(), m.offer(), m.perceived(),
                    m.text()));
        }
        var s = ctx.scenario();
        return new StateInput(s.domain(), s.counterpartyTarget(), s.focalTarget(), ctx.toleranceUnits(),
                ctx.horizon(), ctx.turn(), messages);
    }
}
