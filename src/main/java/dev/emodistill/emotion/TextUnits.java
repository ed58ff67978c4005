package dev.emodistill.emotion;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How the classifier cuts and normalises text. Digits are masked before anything is embedded or cached:
 * "within 14 days" and "within 21 days" carry the same emotion, so they share one cache entry, and the
 * cached value never depends on which of them happened to be seen first (which keeps parallel runs
 * deterministic).
 */
public final class TextUnits {
    private static final Pattern DIGIT = Pattern.compile("\\d");
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?][\"'”’)]{0,3})\\s+");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private TextUnits() {
    }

    /** Every digit replaced by {@code 0}, whitespace collapsed, trimmed. */
    public static String maskDigits(String text) {
        return SPACES.matcher(DIGIT.matcher(text).replaceAll("0")).replaceAll(" ").trim();
    }

    /** Sentences of a message, in order; a text without sentence punctuation is one sentence. */
    public static List<String> sentences(String text) {
        List<String> out = new ArrayList<>();
        for (String s : SENTENCE_END.split(text.trim())) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        if (out.isEmpty()) {
            out.add(text.trim());
        }
        return out;
    }
}
