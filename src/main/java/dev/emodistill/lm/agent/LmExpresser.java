package dev.emodistill.lm.agent;

import dev.emodistill.domain.Domain;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.lm.text.GrammarLine;
import dev.emodistill.lm.text.Move;
import dev.emodistill.lm.text.NeutralGrammar;
import dev.emodistill.lm.text.PromptParts;
import dev.emodistill.negotiation.Act;
import dev.emodistill.negotiation.Expresser;
import dev.emodistill.negotiation.IntentCues;
import dev.emodistill.negotiation.OfferParser;
import dev.emodistill.negotiation.TurnContext;

import java.util.OptionalDouble;
import java.util.SplittableRandom;

/**
 * Words a focal act with the language model (DESIGN §9). The bidding tactic decides the act and the number; the
 * prompt asks the model to state that number, with the chosen emotion in its emotion slot — or "none" when the
 * expresser is emotion-free (the vanilla SLM and the ablation). The answer is checked: the number the offer parser
 * reads from an offer must be exactly the tactic's, an acceptance must not state another number, a walk-away none. A failed check is resampled with a fresh seed a few times, then replaced by a plain neutral sentence from
 * the built-in grammar (counted, so a report can say how often the model needed help).
 */
public final class LmExpresser implements Expresser {
    /** Samples tried before the neutral fallback. */
    public static final int ATTEMPTS = 3;

    private final LmService service;
    private final boolean emotionConditioned;

    public LmExpresser(LmService service, boolean emotionConditioned) {
        this.service = service;
        this.emotionConditioned = emotionConditioned;
    }

    @Override
    public String express(Act act, Emotion emotion, Double value, TurnContext context, SplittableRandom rng) {
        PromptParts parts = Prompts.live(context, act, value, emotionConditioned ? emotion : null);
        int[] prompt = service.promptThatFits(parts);
        Domain domain = context.scenario().domain();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            String text = service.respond(prompt, rng.nextLong());
            if (valid(domain, act, value, text)) {
                return text;
            }
            service.countRetry();
        }
        service.countFallback();
        return fallback(domain, context, act, value, rng);
    }

    /** Whether generated text carries out the act with the right number. */
    static boolean valid(Domain domain, Act act, Double value, String text) {
        if (text == null || text.isBlank()) {
            return false;
        }
        // The protocol reads the last stated number (DESIGN §3), so that is the one that must be right; an earlier
        // mention such as "instead of 50 days, I propose 35 days" is fine.
        OptionalDouble stated = OfferParser.parse(domain, text);
        return switch (act) {
            case OFFER -> value != null && stated.isPresent() && same(stated.getAsDouble(), value);
            case ACCEPT -> (stated.isEmpty() || value != null && same(stated.getAsDouble(), value))
                    && IntentCues.detect(text) != IntentCues.Intent.WALK_AWAY;
            case WALK_AWAY -> stated.isEmpty();
        };
    }

    private static boolean same(double a, double b) {
        return Math.abs(a - b) < 1e-6;
    }

    private static String fallback(Domain domain, TurnContext context, Act act, Double value, SplittableRandom rng) {
        Move move = switch (act) {
            case OFFER -> Move.OFFER;
            case ACCEPT -> Move.ACCEPT;
            case WALK_AWAY -> Move.WALK_AWAY;
        };
        Double their = context.lastFromOther() == null ? null : context.lastFromOther().offer();
        GrammarLine line = NeutralGrammar.line(domain, context.role(), move, value, their, rng);
        return line.text();
    }
}
