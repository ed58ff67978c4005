package dev.emodistill.llm;

import dev.emodistill.domain.Domain;
import dev.emodistill.domain.Scenario;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.negotiation.Act;
import dev.emodistill.negotiation.Message;
import dev.emodistill.negotiation.OfferFormat;
import dev.emodistill.negotiation.Role;
import dev.emodistill.negotiation.TurnContext;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The placeholder values prompts share: the domain's wording from {@code domains.json}, targets rendered in the
 * domain's unit, the label list, and the transcript as QUOTED lines seen from one side. Numbers are rendered by
 * {@link OfferFormat}, the same form the deterministic parser reads back.
 */
final class PromptFacts {
    private PromptFacts() {
    }

    /** Domain wording plus both targets and the 28 labels. */
    static Map<String, String> of(Prompts prompts, Domain d, double focalTarget, double counterpartyTarget) {
        Map<String, String> v = new HashMap<>();
        for (String k : List.of("setting", "focal_role", "counterparty_role", "issue", "unit", "offer_kind", "unit_example",
                "focal_wants", "counterparty_wants", "judge_firmness")) {
            v.put(k, prompts.domain(d, k));
        }
        v.put("focal_target", OfferFormat.render(d, focalTarget));
        v.put("counterparty_target", OfferFormat.render(d, counterpartyTarget));
        v.put("emotion_labels", Emotion.labelsForHelp());
        return v;
    }

    static Map<String, String> of(Prompts prompts, Scenario s) {
        return of(prompts, s.domain(), s.focalTarget(), s.counterpartyTarget());
    }

    /** The transcript, oldest first, one line per message: who, which turn, the QUOTED words and the parsed move. */
    static String history(List<Message> transcript, Role viewer, Domain d) {
        if (transcript.isEmpty()) {
            return viewer == Role.FOCAL ? "(nothing yet: you speak first)" : "(nothing yet)";
        }
        StringBuilder sb = new StringBuilder();
        for (Message m : transcript) {
            boolean mine = m.speaker() == viewer;
            sb.append("- ").append(mine ? "you" : "them").append(" (turn ").append(m.turn() + 1).append("): ")
                    .append(Quoting.quoted(m.text())).append(' ').append(move(m.act(), m.offer(), mine, d)).append('\n');
        }
        return sb.toString().stripTrailing();
    }

    /** "[their offer: 40 days]", "[you accepted]", "[they walked away]", "[no offer]". */
    static String move(Act act, Double offer, boolean mine, Domain d) {
        String who = mine ? "you" : "they";
        return switch (act) {
            case WALK_AWAY -> "[" + who + " walked away]";
            case ACCEPT -> "[" + who + " accepted" + (offer == null ? "" : " " + OfferFormat.render(d, offer)) + "]";
            case OFFER -> offer == null ? "[no offer]" : "[" + (mine ? "your" : "their") + " offer: "
                    + OfferFormat.render(d, offer) + "]";
        };
    }

    /** "Their latest offer is 40 days; yours is 14 days." */
    static String standing(TurnContext ctx) {
        Domain d = ctx.scenario().domain();
        Double theirs = ctx.otherStandingOffer();
        Double mine = ctx.ownStandingOffer();
        String a = theirs == null ? "They have made no offer yet." : "Their latest offer is "
                + OfferFormat.render(d, theirs) + ".";
        String b = mine == null ? "" : " Your latest offer is " + OfferFormat.render(d, mine) + ".";
        return a + b;
    }

    /** An amount (not a point in time) in the domain's unit: "3 days", "12 minutes" (bedtimes differ in minutes). */
    static String amount(Domain d, double units) {
        String v = units == Math.rint(units) ? Long.toString((long) units)
                : String.format(java.util.Locale.ROOT, "%.1f", units);
        return v + switch (d.unit()) {
            case DAYS -> " days";
            case MINUTES, MINUTES_PAST_9PM -> " minutes";
        };
    }

    /** The first characters of a reply, on one line, for messages. */
    static String excerpt(String text) {
        String one = text == null ? "" : text.replaceAll("\\s+", " ").trim();
        if (one.isEmpty()) {
            return "(empty reply)";
        }
        return "\"" + (one.length() <= 160 ? one : one.substring(0, 160) + "...") + "\"";
    }

    /** A reply's message with surrounding whitespace and one pair of wrapping quotes removed. */
    static String cleanMessage(String reply) {
        String t = reply == null ? "" : reply.strip();
        if (t.length() >= 2 && (t.startsWith("\"") && t.endsWith("\"") || t.startsWith("“") && t.endsWith("”"))) {
            t = t.substring(1, t.length() - 1).strip();
        }
        return t;
    }
}
