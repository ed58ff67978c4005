package dev.emodistill.negotiation;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Detects an explicit acceptance or walk-away in free text (LLM messages). Deliberately conservative: a false
 * ACCEPT closes a negotiation at a value nobody agreed to and a false WALK_AWAY ends it, so anything short of a
 * plain, unconditional statement is NONE.
 *
 * <p>Per sentence: questions ("Deal?") and sentences with a condition or hedge ("if", "unless", "as long as",
 * "maybe") are skipped; a cue is dropped when a negation or hedge precedes it in its own clause ("I can't
 * accept that") or when "but"/"however"/"except" follows it ("Deal, but ..."). Cues need their own form, not a
 * keyword: "I agree with your point" and "I accept that you're upset" are not acceptances, and "walk away" only
 * counts in the first person present ("I'm walking away"), not as a threat ("I'll walk away"). A message with
 * both an acceptance and a walk-away cue is NONE.
 */
public final class IntentCues {
    /** What a message says about ending the negotiation. */
    public enum Intent { ACCEPT, WALK_AWAY, NONE }

    /** Interjections that may open an accepting sentence ("Okay, deal."). */
    private static final String LEAD = "^(?:(?:ok(?:ay)?|alright|all right|fine|great|good|yes|yeah|yep|sure|"
            + "perfect|excellent|wonderful|then|well|so|very well|thanks|thank you|right|understood|in that case"
            + "|that's it)[\\s,!.\\-]*)*";
    /** What may follow an accepting phrase: the end, punctuation, or the agreed terms. */
    private static final String TAIL = "(?=\\s*$|\\s*[,;:!.\\-]|\\s+(?:then|now|gladly|happily|at|for|on)\\b)";
    /** An offer named right after a verb: a number, a number word or a clock time. */
    private static final String QUANTITY = "(?:\\d|(?:an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven"
            + "|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|half|midnight"
            + "|a couple)\\b)";
    private static final String THING = "(?:it|that|this|the (?:offer|deal|proposal|terms)|your (?:last |final )?"
            + "(?:offer|proposal|terms|counter-?offer)|those terms|these terms)";

    private static final List<Pattern> ACCEPT = List.of(
            Pattern.compile(LEAD + "(?:deal|it's a deal|it is a deal|that's a deal|that is a deal|done deal|agreed"
                    + "|accepted|you've got (?:yourself )?a deal|you got (?:yourself )?a deal)" + TAIL),
            Pattern.compile("\\b(?:you|we) (?:have|'ve got|have got|got) (?:a|yourself a|ourselves a) deal\\b"
                    + TAIL),
            Pattern.compile("\\b(?:it's|it is|that's|that is) a deal\\b" + TAIL),
            Pattern.compile("\\b(?:i|we)(?:'ll| will| hereby| happily| gladly| gratefully| fully| do| shall)*"
                    + " accept(?:\\s+" + THING + ")?" + TAIL),
            Pattern.compile("\\b(?:i|we)(?:'ll| will| hereby| happily| gladly| fully| do| shall)* accept\\s+"
                    + QUANTITY),
            Pattern.compile("\\b(?:i|we)(?:'ll| will| hereby| happily| gladly| fully| do| shall)* accept (?:your|the)"
                    + " (?:last |final )?(?:offer|proposal|counter-?offer) of\\s+" + QUANTITY),
            Pattern.compile("\\b(?:i'm|i am|we're|we are) (?:happy|glad|pleased|delighted) to accept(?:\\s+"
                    + THING + ")?" + TAIL),
            Pattern.compile("\\b(?:i|we)(?: do| hereby| fully)? agree(?:\\s+to\\s+" + THING + ")?" + TAIL),
            Pattern.compile("\\b(?:i|we)(?: do| hereby| fully)? agree\\s+to\\s+" + QUANTITY),
            Pattern.compile("\\b(?:that|this|it) works (?:perfectly |great |fine |well )?for (?:me|us)" + TAIL),
            Pattern.compile("\\blet's (?:do it|do that|do this|shake on it|make it official|lock it in"
                    + "|seal (?:it|the deal)|go with (?:it|that|this))" + TAIL),
            Pattern.compile("\\b(?:your )?(?:offer|terms|proposal) (?:is|are) accepted" + TAIL),
            Pattern.compile("\\bi(?:'ll| will) take (?:it|that|the deal|the offer|your offer)" + TAIL));

    private static final List<Pattern> WALK_AWAY = List.of(
            Pattern.compile("\\b(?:i'm|i am|we're|we are) (?:now )?(?:walking away|walking out|done here"
                    + "|done negotiating|done talking|hanging up|out of here|leaving the table"
                    + "|(?:ending|terminating|closing) (?:this|the|our) (?:conversation|negotiation|discussion|talks?"
                    + "|call|chat))\\b"),
            Pattern.compile("\\b(?:i'm|i am|we're|we are) (?:leaving|done|out)" + TAIL),
            Pattern.compile("\\bi (?:walk away|end (?:this|the|our) (?:conversation|negotiation|discussion|talks?))\\b"),
            Pattern.compile("\\b(?:i|we)(?:'ll| will) now (?:walk away|leave|end (?:this|the|our) (?:conversation"
                    + "|negotiation|discussion|talks?))\\b"),
            Pattern.compile("\\b(?:this|the|our) (?:conversation|negotiation|discussion|call|talks?) (?:is|are) "
                    + "(?:over|finished|ended)\\b"),
            Pattern.compile(LEAD + "walking away\\b"));

    /** Rejection plus farewell, judged over the whole message: "No deal, goodbye." */
    private static final Pattern REJECTION = Pattern.compile(
            "\\b(?:no deal|forget it|no thanks|no thank you|not interested)\\b");
    private static final Pattern FAREWELL = Pattern.compile("\\b(?:good-?bye|bye|farewell)\\b");

    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?;])\\s+|\\n+");
    private static final Pattern CONDITION = Pattern.compile(
            "\\b(?:if|unless|provided|providing|as long as|assuming|only when|on (?:the )?condition|whether"
                    + "|in case|maybe|perhaps|might|could|would)\\b");
    private static final Pattern NEGATION = Pattern.compile(
            "\\b(?:not|never|no(?!\\s*(?:[,.!]|problem|worries|doubt))|nor|neither|cannot|refuse|hardly)\\b"
                    + "|n't\\b");
    private static final Pattern QUALIFIER_AFTER = Pattern.compile("\\b(?:but|however|except|although|though)\\b");
    private static final Pattern CLAUSE_BREAK = Pattern.compile("[,:\\-]");

    private IntentCues() {
    }

    /** The explicit intent stated in {@code text}; NONE when there is none or it is in doubt. */
    public static Intent detect(String text) {
        if (text == null || text.isBlank()) {
            return Intent.NONE;
        }
        String normal = OfferTokens.normalise(text).replaceAll("[ \\t]+", " ").trim();
        boolean accept = false;
        boolean walk = false;
        for (String sentence : sentences(normal)) {
            accept |= anyCue(sentence, ACCEPT);
            walk |= anyCue(sentence, WALK_AWAY);
        }
        walk |= REJECTION.matcher(normal).find() && FAREWELL.matcher(normal).find()
                && !CONDITION.matcher(normal).find();
        if (accept == walk) {
            return Intent.NONE;
        }
        return accept ? Intent.ACCEPT : Intent.WALK_AWAY;
    }

    private static List<String> sentences(String text) {
        List<String> out = new ArrayList<>();
        for (String s : SENTENCE_END.split(text)) {
            String trimmed = s.trim();
            if (!trimmed.isEmpty()) {
                out.add(trimmed);
            }
        }
        return out;
    }

    private static boolean anyCue(String sentence, List<Pattern> cues) {
        if (sentence.endsWith("?") || CONDITION.matcher(sentence).find()) {
            return false;
        }
        // Strip the closing punctuation so that "Deal." and "deal" read alike.
        String body = sentence.replaceAll("[.!;]+$", "").trim();
        for (Pattern cue : cues) {
            Matcher m = cue.matcher(body);
            while (m.find()) {
                if (!negatedBefore(body, m.start()) && !QUALIFIER_AFTER.matcher(body.substring(m.end())).find()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A negation or hedge earlier in the cue's own clause (after the last comma, colon or dash). */
    private static boolean negatedBefore(String body, int start) {
        String before = body.substring(0, start);
        int clauseStart = 0;
        Matcher b = CLAUSE_BREAK.matcher(before);
        while (b.find()) {
            clauseStart = b.end();
        }
        return NEGATION.matcher(before.substring(clauseStart)).find();
    }
}
