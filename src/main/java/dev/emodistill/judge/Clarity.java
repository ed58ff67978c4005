package dev.emodistill.judge;

import dev.emodistill.corpus.CorpusTurn;
import dev.emodistill.domain.Domain;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.emodistill.judge.Finding.Component.CLARITY;

/**
 * Clarity (DESIGN §6): the message states an offer, is short, and does not repeat the focal side's earlier
 * messages.
 *
 * <ul>
 *   <li>No offer (and no explicit acceptance of a standing offer): {@value #NO_OFFER}.</li>
 *   <li>Length: 1-2 sentences +{@value #CONCISE}; 3 sentences 0; each sentence beyond 3 costs
 *       {@value #PER_EXTRA_SENTENCE}, at most {@value #MAX_LENGTH_PENALTY}; an empty message {@value #EMPTY}.</li>
 *   <li>Repetition, against the focal side's earlier messages only: a near-identical message (word-set
 *       Jaccard &ge; {@value #NEAR_IDENTICAL}, numbers counted as words) {@value #REPEATED_MESSAGE}; otherwise
 *       a sentence of at least {@value #MIN_SENTENCE_WORDS} words that an earlier message already used
 *       (case, spacing and punctuation ignored, and digits masked, so the same frame with a new number counts:
 *       it restates the position without adding anything) {@value #REPEATED_SENTENCE}.</li>
 * </ul>
 */
final class Clarity {
    static final double NO_OFFER = -3.0;
    static final double CONCISE = 0.5;
    static final double PER_EXTRA_SENTENCE = -0.5;
    static final double MAX_LENGTH_PENALTY = -1.5;
    static final double EMPTY = -1.0;
    static final double NEAR_IDENTICAL = 0.8;
    static final double REPEATED_MESSAGE = -2.0;
    static final double REPEATED_SENTENCE = -1.0;
    static final int MIN_SENTENCE_WORDS = 4;

    /** A sentence ends at . ! or ? (plus closing quotes) before a space and a capital, so "p.m. tonight" stays whole. */
    private static final Pattern SENTENCE_BREAK =
            Pattern.compile("(?<=[.!?][\"'\u201d\u2019)]{0,2})\\s+(?=[\"'\u201c\u2018(]?[A-Z0-9])");
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}']+");

    private Clarity() {
    }

    static List<Finding> assess(Domain domain, String utterance, OfferMove move, List<CorpusTurn> history) {
        List<Finding> out = new ArrayList<>();
        String text = utterance == null ? "" : utterance.trim();
        if (!move.hasOffer()) {
            out.add(Finding.fault(CLARITY, NO_OFFER, "states no " + DomainWording.offerNoun(domain)));
        }
        out.addAll(length(text));
        repetition(text, history).ifPresent(out::add);
        return out;
    }

    private static List<Finding> length(String text) {
        int n = sentences(text).size();
        if (n == 0) {
            return List.of(Finding.fault(CLARITY, EMPTY, "empty message"));
        }
        if (n <= 2) {
            return List.of(Finding.strength(CLARITY, CONCISE, "concise"));
        }
        if (n == 3) {
            return List.of();
        }
        double points = Math.max(MAX_LENGTH_PENALTY, PER_EXTRA_SENTENCE * (n - 3));
        return List.of(Finding.fault(CLARITY, points, "too long (" + n + " sentences)"));
    }

    private static Optional<Finding> repetition(String text, List<CorpusTurn> history) {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Set<String> words = words(text);
        Set<String> ownSentences = new HashSet<>();
        for (String s : sentences(text)) {
            String key = sentenceKey(s);
            if (key.split(" ").length >= MIN_SENTENCE_WORDS) {
                ownSentences.add(key);
            }
        }
        boolean sentenceRepeat = false;
        for (CorpusTurn t : history) {
            if (!t.isFocal() || t.text() == null || t.text().isBlank()) {
                continue;
            }
            if (jaccard(words, words(t.text())) >= NEAR_IDENTICAL) {
                return Optional.of(Finding.fault(CLARITY, REPEATED_MESSAGE, "repeats an earlier message"));
            }
            for (String s : sentences(t.text())) {
                sentenceRepeat |= ownSentences.contains(sentenceKey(s));
            }
        }
        return sentenceRepeat
                ? Optional.of(Finding.fault(CLARITY, REPEATED_SENTENCE, "repeats an earlier sentence"))
                : Optional.empty();
    }

    /** The sentences of a message, trimmed; none for a blank message. */
    static List<String> sentences(String text) {
        List<String> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String s : SENTENCE_BREAK.split(text.trim())) {
            if (!WORD.matcher(s).find()) {
                continue;
            }
            out.add(s.trim());
        }
        return out;
    }

    private static String sentenceKey(String sentence) {
        return String.join(" ", wordList(sentence.replaceAll("\\d+", "0")));
    }

    private static List<String> wordList(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT).replace('\u2019', '\''));
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    private static Set<String> words(String text) {
        return new HashSet<>(wordList(text));
    }

    private static double jaccard(Set<String> a, Set<String> b) {
        if (a.isEmpty() && b.isEmpty()) {
            return 1;
        }
        Set<String> union = new HashSet<>(a);
        union.addAll(b);
        Set<String> common = new HashSet<>(a);
        common.retainAll(b);
        return common.size() / (double) union.size();
    }
}
