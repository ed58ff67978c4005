package dev.emodistill.judge;

import dev.emodistill.corpus.CorpusTurn;
import dev.emodistill.negotiation.IntentCues;
import dev.emodistill.negotiation.OfferParser;
import dev.emodistill.negotiation.Role;

import java.util.List;
import java.util.OptionalDouble;

/**
 * The bargaining facts of one focal utterance, read from its text and the history: the offer it states (in
 * the domain's unit), whether it explicitly accepts, the focal side's previous offer and the counterparty's
 * standing offer.
 *
 * <p>History turns are read through their logged {@code offer} only, never their text, so nothing a
 * counterparty writes can reach the score except the number it offered.
 *
 * @param value                the utterance's offer, or null when it states none
 * @param accepted             whether the utterance explicitly accepts the counterparty's standing offer
 * @param previousFocal        the focal side's latest earlier offer, or null
 * @param counterpartyStanding the counterparty's latest offer, or null
 */
record OfferMove(Double value, boolean accepted, Double previousFocal, Double counterpartyStanding) {

    static OfferMove read(JudgeContext ctx, String utterance) {
        Double previousFocal = latestOffer(ctx.history(), Role.FOCAL);
        Double standing = latestOffer(ctx.history(), Role.COUNTERPARTY);
        OptionalDouble parsed = OfferParser.parse(ctx.domain(), utterance);
        boolean accepts = standing != null && IntentCues.detect(utterance) == IntentCues.Intent.ACCEPT;
        Double value = parsed.isPresent() ? Double.valueOf(parsed.getAsDouble()) : null;
        if (value == null && accepts) {
            // "Deal." names no number, but it takes the standing offer, which is a stated position.
            value = standing;
        }
        return new OfferMove(value, accepts, previousFocal, standing);
    }

    boolean hasOffer() {
        return value != null;
    }

    private static Double latestOffer(List<CorpusTurn> history, Role speaker) {
        for (int i = history.size() - 1; i >= 0; i--) {
            CorpusTurn t = history.get(i);
            if (t.speaker() == speaker && t.offer() != null && Double.isFinite(t.offer())) {
                return t.offer();
            }
        }
        return null;
    }
}
