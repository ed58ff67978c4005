package dev.emodistill.judge;

import java.util.List;

import static dev.emodistill.judge.Finding.Component.THREATS;

/**
 * Empty threats (DESIGN §6): threat language ({@link ThreatCues}) that nothing backs. A threat next to a
 * concession (the focal position drops by more than the tolerance since the previous focal offer) or a threat
 * with no offer at all costs {@value #EMPTY_THREAT}. A threat that comes with a held or opening position is
 * neither rewarded nor penalised: it is a legitimate, if risky, tactic.
 */
final class EmptyThreats {
    static final double EMPTY_THREAT = -2.5;

    private EmptyThreats() {
    }

    static List<Finding> assess(JudgeContext ctx, OfferMove move, String utterance) {
        if (!ThreatCues.present(utterance)) {
            return List.of();
        }
        if (!move.hasOffer()) {
            return List.of(Finding.fault(THREATS, EMPTY_THREAT, "threat with no offer behind it"));
        }
        if (move.previousFocal() != null) {
            double concession = ctx.position(move.previousFocal()) - ctx.position(move.value());
            if (concession > ctx.tolerancePosition()) {
                return List.of(Finding.fault(THREATS, EMPTY_THREAT, "empty threat while conceding"));
            }
        }
        return List.of();
    }
}
