package dev.emodistill.llm;

import dev.emodistill.domain.Domain;
import dev.emodistill.llm.StubLlmServer.Call;
import dev.emodistill.llm.StubLlmServer.Reply;
import dev.emodistill.negotiation.OfferFormat;
import dev.emodistill.negotiation.OfferParser;

import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scripted "model" for the stub server that plays every role sensibly enough for whole episodes: the focal
 * expresser states the offer its instruction names, the counterparty concedes halfway toward the focal offer each
 * turn, the judge scores 7, the classifier answers a fixed distribution and the extractor says NONE. It reads
 * only what our prompts put in plain words, the way a model would.
 */
public final class NegotiationStub {
    private static final Pattern EXACT = Pattern.compile("exactly as \"([^\"]+)\"");
    private static final Pattern OWN_TARGET = Pattern.compile("Your own target is (.+?)\\.(?:\\s|$)");
    private static final Pattern THEIRS = Pattern.compile("Their latest offer is (.+?)\\.(?:\\s|$)");
    private static final Pattern MINE = Pattern.compile("Your latest offer is (.+?)\\.(?:\\s|$)");
    private static final Pattern RESERVATION = Pattern.compile("worse for you than (.+?)\\.(?:\\s|$)");

    private NegotiationStub() {
    }

    /** Which role a request is for, from the wording of our prompts. */
    public static LlmRole roleOf(Call call) {
        String system = call.system();
        if (system.contains("Rules you always follow")) {
            return LlmRole.EXPRESSER;
        }
        if (system.contains("Reply in exactly three lines")) {
            return LlmRole.COUNTERPARTY;
        }
        if (system.contains("impartial judge")) {
            return LlmRole.JUDGE;
        }
        if (system.contains("You read which emotion")) {
            return LlmRole.CLASSIFIER;
        }
        if (system.contains("You extract offers")) {
            return LlmRole.EXTRACTOR;
        }
        throw new AssertionError("unknown prompt: " + system);
    }

    public static Domain domainOf(Call call) {
        String s = call.system();
        if (s.contains("collection agent")) {
            return Domain.DEBT;
        }
        if (s.contains("rescue coordinator")) {
            return Domain.DISASTER;
        }
        if (s.contains("sleep-health")) {
            return Domain.STUDENT;
        }
        if (s.contains("hospital scheduler")) {
            return Domain.MEDICAL;
        }
        throw new AssertionError("no domain in: " + s);
    }

    public static Reply respond(Call call) {
        return switch (roleOf(call)) {
            case EXPRESSER -> Reply.content(expresser(call), 120, 20);
            case COUNTERPARTY -> Reply.content(counterparty(call), 150, 30);
            case JUDGE -> Reply.content("The message is firm and states its offer.\nSCORE: 7", 200, 12);
            case CLASSIFIER -> Reply.content("{\"neutral\": 0.5, \"annoyance\": 0.3, \"curiosity\": 0.2}", 80, 15);
            case EXTRACTOR -> Reply.content("NONE", 40, 1);
        };
    }

    static String expresser(Call call) {
        String user = call.lastUser();
        Domain d = domainOf(call);
        Matcher m = EXACT.matcher(user);
        if (user.contains("walking away")) {
            return "We are too far apart, so I am ending this negotiation.";
        }
        if (m.find()) {
            return "I hear you, and my position is clear: " + m.group(1) + ".";
        }
        // --llm-offers: open at the own target, then move halfway toward the reservation.
        OptionalDouble target = value(d, OWN_TARGET, call.system());
        OptionalDouble mine = value(d, MINE, user);
        OptionalDouble floor = value(d, RESERVATION, user);
        double offer = mine.isEmpty() ? target.getAsDouble()
                : mine.getAsDouble() + (floor.getAsDouble() - mine.getAsDouble()) / 3;
        return "Let me propose " + OfferFormat.render(d, offer) + ".";
    }

    static String counterparty(Call call) {
        Domain d = domainOf(call);
        OptionalDouble target = value(d, OWN_TARGET, call.system());
        OptionalDouble theirs = value(d, THEIRS, call.lastUser());
        OptionalDouble mine = value(d, MINE, call.lastUser());
        double from = mine.isPresent() ? mine.getAsDouble() : target.getAsDouble();
        double offer = theirs.isPresent() ? from + (theirs.getAsDouble() - from) / 2 : from;
        return "ACTION: offer\nEMOTION: nervousness\nMESSAGE: That is hard for me. I could manage "
                + OfferFormat.render(d, offer) + ".";
    }

    private static OptionalDouble value(Domain d, Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? OfferParser.parse(d, m.group(1)) : OptionalDouble.empty();
    }
}
