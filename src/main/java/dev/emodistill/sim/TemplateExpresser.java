package dev.emodistill.sim;

import dev.emodistill.domain.Domain;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.negotiation.Act;
import dev.emodistill.negotiation.Expresser;
import dev.emodistill.negotiation.OfferFormat;
import dev.emodistill.negotiation.TurnContext;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Words a message from a combinatorial phrase bank (DESIGN §4.4): an opener in the chosen emotion, the act's
 * sentence for the domain with the number rendered in its unit, and sometimes a closer in the same emotion.
 * With a dozen openers, a dozen offer frames, eight closers and several topics per emotion and domain, one
 * emotion has thousands of surface forms; it stands in for "an API LLM under affective prompting".
 *
 * <p>Every call draws exactly five random numbers whatever the act or emotion, so the expresser's random
 * stream stays aligned across conditions.
 */
public final class TemplateExpresser implements Expresser {
    /** Probability of adding a closer sentence. */
    private static final double CLOSER_RATE = 0.5;
    private static final String FALLBACK_WALK_AWAY = "We cannot reach an agreement, so I am ending this negotiation.";

    private final PhraseBank bank;
    private final PhraseBank topicsFrom;

    private TemplateExpresser(PhraseBank bank, PhraseBank topicsFrom) {
        this.bank = bank;
        this.topicsFrom = topicsFrom;
    }

    /** The focal agent's expresser (collection agent, rescue coordinator, sleep assistant, scheduler). */
    public static TemplateExpresser focal() {
        return new TemplateExpresser(PhraseBank.focal(), PhraseBank.focal());
    }

    /** The simulated counterparty's expresser (debtor, survivor, teenager, patient). */
    public static TemplateExpresser counterparty() {
        return new TemplateExpresser(PhraseBank.counterparty(), PhraseBank.focal());
    }

    @Override
    public String express(Act act, Emotion emotion, Double value, TurnContext ctx, SplittableRandom rng) {
        double openerDraw = rng.nextDouble();
        double bodyDraw = rng.nextDouble();
        double closerCoin = rng.nextDouble();
        double closerDraw = rng.nextDouble();
        double topicDraw = rng.nextDouble();
        Domain domain = ctx.scenario().domain();
        String topic = pick(topicsFrom.topics(domain), topicDraw);
        StringBuilder text = new StringBuilder();
        List<String> openers = bank.openers(emotion);
        if (!openers.isEmpty()) {
            text.append(pick(openers, openerDraw)).append(' ');
        }
        String body = switch (act) {
            case OFFER -> pick(bank.offers(domain), bodyDraw);
            case ACCEPT -> pick(bank.accepts(domain), bodyDraw);
            case WALK_AWAY -> bank.walkaways(domain).isEmpty() ? FALLBACK_WALK_AWAY : pick(bank.walkaways(domain), bodyDraw);
        };
        text.append(body);
        List<String> closers = bank.closers(emotion);
        if (act == Act.OFFER && !closers.isEmpty() && closerCoin < CLOSER_RATE) {
            text.append(' ').append(pick(closers, closerDraw));
        }
        String rendered = value == null ? "" : OfferFormat.render(domain, value);
        return text.toString().replace("{offer}", rendered).replace("{topic}", topic);
    }

    private static String pick(List<String> options, double draw) {
        return options.get(Math.min(options.size() - 1, (int) (draw * options.size())));
    }
}
