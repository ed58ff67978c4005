package dev.emodistill.judge;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds threat language: ultimatums ("or else", "last chance", "final warning"), legal or official
 * escalation ("legal action", "we will report you", "send this to collections"), promised harm ("you will
 * regret this", "you will face the consequences") and a few domain-specific sanctions (confiscating a phone,
 * losing a surgery slot, being left behind).
 *
 * <p>Cues need their threatening form, not a keyword: "I regret how this went", "I dread the consequences
 * if this falls apart" and "happy to report progress" are not threats, and a negation in the few words before a
 * cue, within its clause, cancels it ("we will not take legal action", "we won't leave you behind").
 */
final class ThreatCues {
    private static final Pattern THREAT = Pattern.compile(String.join("|",
            "\\bor else\\b",
            "\\blast chance\\b",
            "\\bfinal warning\\b",
            "\\bultimatum\\b",
            "\\blegal (?:action|proceedings|steps|measures)\\b",
            "\\b(?:take|taking) (?:you|this|the matter|it) to court\\b",
            "\\b(?:we|i)(?:'ll| will| shall| are going to|'re going to| am going to|'m going to) (?:sue|report)\\b",
            "\\breport you\\b",
            "\\blawsuit\\b",
            "\\byou(?:'ll| will| are going to|'re going to) (?:regret|be sorry|pay for)\\b",
            "\\b(?:face|suffer) (?:the |serious |severe )?consequences\\b",
            "\\bthere will be (?:serious |severe )?consequences\\b",
            "\\bconsequences for you\\b",
            "\\b(?:we|i)(?:'ll| will| shall) escalate\\b",
            "\\b(?:send|hand|refer) (?:this|it|you|the account|your account) (?:over )?to (?:collections|a collection agency)\\b",
            "\\b(?:take away|confiscate) your (?:phone|devices?|laptop|console)\\b",
            "\\blose your (?:slot|place|spot|booking)\\b",
            "\\bremove you from the (?:list|waiting list|waitlist)\\b",
            "\\b(?:we|i)(?:'ll| will| shall) (?:abandon you|leave you (?:behind|there|on your own|to fend))\\b"));
    /** A negation shortly before a cue ("we will not take legal action") turns it into a reassurance. */
    private static final Pattern NEGATION = Pattern.compile("\\b(?:not|never|no|without)\\b|n't\\b");
    private static final Pattern CLAUSE_BREAK = Pattern.compile("[,.;:!?]");
    private static final int NEGATION_WINDOW_WORDS = 4;

    private ThreatCues() {
    }

    /** True when the text contains threat language. */
    static boolean present(String text) {
        if (text == null || text.isBlank()) {
            return false;
        }
        String normal = text.toLowerCase(Locale.ROOT).replace('\u2019', '\'').replace('\u2018', '\'')
                .replaceAll("\\s+", " ");
        Matcher m = THREAT.matcher(normal);
        while (m.find()) {
            if (!negatedBefore(normal, m.start())) {
                return true;
            }
        }
        return false;
    }

    private static boolean negatedBefore(String text, int start) {
        String before = text.substring(0, start);
        int clause = 0;
        Matcher b = CLAUSE_BREAK.matcher(before);
        while (b.find()) {
            clause = b.end();
        }
        String[] words = before.substring(clause).trim().split(" ");
        int from = Math.max(0, words.length - NEGATION_WINDOW_WORDS);
        String window = String.join(" ", java.util.Arrays.asList(words).subList(from, words.length));
        return NEGATION.matcher(window).find();
    }
}
