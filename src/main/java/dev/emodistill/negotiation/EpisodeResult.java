package dev.emodistill.negotiation;

import dev.emodistill.domain.Scenario;

import java.util.List;

/**
 * The outcome of one negotiation.
 *
 * @param scenario   the case negotiated
 * @param outcome    deal, walk-away, timeout or error
 * @param dealValue  the agreed value in the domain unit (deals only, else null)
 * @param utility    focal utility: u(dealValue) for a deal, 0 otherwise
 * @param rounds     focal turns taken
 * @param endedBy    the side whose message ended the episode (null on timeout)
 * @param messages   the full transcript
 * @param error      what went wrong (errors only, else null)
 */
public record EpisodeResult(Scenario scenario, Outcome outcome, Double dealValue, double utility, int rounds,
                            Role endedBy, List<Message> messages, String error) {
    public EpisodeResult {
        messages = List.copyOf(messages);
    }

    public boolean isDeal() {
        return outcome == Outcome.DEAL;
    }
}
