package dev.emodistill.negotiation;

import java.util.Map;

/**
 * Reads one number phrase from {@link OfferTokens}: digits ("45", "1.5", "5,000"), number words ("forty-five",
 * "one hundred and twenty", "a hundred", "two dozen"), halves ("two and a half", "half a", "a half"), the
 * article "a"/"an" as one, "a couple (of)" as two, and vague amounts ("a few", "several") that are
 * recognised only so that the caller can skip them. Stateless.
 */
final class NumberWords {
    /** How the number was written; the caller's idiom rules depend on it ("not a day sooner"). */
    enum Form { DIGITS, WORDS, ARTICLE, VAGUE }

    /** A number phrase: its value (NaN when vague) and the index just past its last token. */
    record NumberPhrase(double value, int end, Form form) {
    }

    private static final Map<String, Integer> SMALL = Map.ofEntries(
            Map.entry("zero", 0), Map.entry("one", 1), Map.entry("two", 2), Map.entry("three", 3),
            Map.entry("four", 4), Map.entry("five", 5), Map.entry("six", 6), Map.entry("seven", 7),
            Map.entry("eight", 8), Map.entry("nine", 9), Map.entry("ten", 10), Map.entry("eleven", 11),
            Map.entry("twelve", 12), Map.entry("thirteen", 13), Map.entry("fourteen", 14),
            Map.entry("fifteen", 15), Map.entry("sixteen", 16), Map.entry("seventeen", 17),
            Map.entry("eighteen", 18), Map.entry("nineteen", 19));
    private static final Map<String, Integer> TENS = Map.of(
            "twenty", 20, "thirty", 30, "forty", 40, "fifty", 50, "sixty", 60, "seventy", 70, "eighty", 80,
            "ninety", 90);

    private NumberWords() {
    }

    /** The number phrase starting at {@code i}, or null when none starts there. */
    static NumberPhrase parse(OfferTokens t, int i) {
        if (!t.isCountable(i)) {
            return null;
        }
        if (t.isNumber(i)) {
            return withHalf(t, t.number(i), i + 1, Form.DIGITS);
        }
        switch (t.word(i)) {
            case "a", "an":
                return afterArticle(t, i);
            case "couple":
                return couple(t, i + 1);
            case "few", "several":
                return new NumberPhrase(Double.NaN, i + 1, Form.VAGUE);
            case "half":
                // "half an hour", "half a day"; a bare "half hour" works too.
                return new NumberPhrase(0.5, t.isWord(i + 1, "a", "an") ? i + 2 : i + 1, Form.WORDS);
            default:
                NumberPhrase words = words(t, i);
                return words == null ? null : withHalf(t, words.value(), words.end(), Form.WORDS);
        }
    }

    /** The value of a single number word below one hundred ("seven", "forty"), or -1. */
    static int smallWord(String word) {
        Integer v = SMALL.get(word);
        if (v == null) {
            v = TENS.get(word);
        }
        return v == null ? -1 : v;
    }

    private static NumberPhrase afterArticle(OfferTokens t, int i) {
        String next = t.word(i + 1);
        switch (next) {
            case "couple":
                return couple(t, i + 2);
            case "few":
                return new NumberPhrase(Double.NaN, i + 2, Form.VAGUE);
            case "half":
                return new NumberPhrase(0.5, i + 2, Form.WORDS);
            case "quarter":
                // "a quarter of an hour" as well as "a quarter hour"
                int end = t.isWord(i + 2, "of") && t.isWord(i + 3, "a", "an") ? i + 4 : i + 2;
                return new NumberPhrase(0.25, end, Form.WORDS);
            case "hundred", "thousand", "dozen":
                NumberPhrase words = words(t, i + 1);
                return words == null ? null : withHalf(t, words.value(), words.end(), Form.WORDS);
            case "single":
                return new NumberPhrase(1, i + 2, Form.ARTICLE);
            default:
                return new NumberPhrase(1, i + 1, Form.ARTICLE);
        }
    }

    private static NumberPhrase couple(OfferTokens t, int next) {
        return new NumberPhrase(2, t.isWord(next, "of") ? next + 1 : next, Form.WORDS);
    }

    /**
     * Compound number words. A small state machine rather than "sum every number word in a row", so that
     * "thirty forty" or "five six" are not merged into one number, while "one hundred and twenty" is.
     */
    private static NumberPhrase words(OfferTokens t, int i) {
        long total = 0;
        long current = 0;
        boolean any = false;
        boolean hundredInSegment = false;
        // May the next token add a tens/units word? False right after a units word ("five six").
        boolean openForDigits = true;
        int j = i;
        while (true) {
            String w = t.word(j);
            if (openForDigits && TENS.containsKey(w)) {
                current += TENS.get(w);
                any = true;
                j++;
                int k = t.isSymbol(j, "-") ? j + 1 : j;
                Integer unit = SMALL.get(t.word(k));
                if (unit != null && unit >= 1 && unit <= 9) {
                    current += unit;
                    j = k + 1;
                }
                openForDigits = false;
            } else if (openForDigits && SMALL.containsKey(w)) {
                current += SMALL.get(w);
                any = true;
                j++;
                openForDigits = false;
            } else if (w.equals("hundred") && !hundredInSegment && current < 100) {
                current = (current == 0 ? 1 : current) * 100;
                any = true;
                hundredInSegment = true;
                j++;
                openForDigits = true;
                if (t.isWord(j, "and") && smallWord(t.word(j + 1)) > 0) {
                    j++;
                }
            } else if (w.equals("thousand") && total == 0) {
                total = (current == 0 ? 1 : current) * 1000;
                current = 0;
                any = true;
                hundredInSegment = false;
                j++;
                openForDigits = true;
                if (t.isWord(j, "and") && smallWord(t.word(j + 1)) > 0) {
                    j++;
                }
            } else if (w.equals("dozen") && current < 100) {
                current = (current == 0 ? 1 : current) * 12;
                any = true;
                j++;
                break;
            } else {
                break;
            }
        }
        return any ? new NumberPhrase(total + current, j, Form.WORDS) : null;
    }

    /** "two and a half", "1 and one half", "three quarters of an". */
    private static NumberPhrase withHalf(OfferTokens t, double value, int end, Form form) {
        if (t.isWord(end, "quarters", "quarter") && t.isWord(end + 1, "of") && t.isWord(end + 2, "a", "an")) {
            return new NumberPhrase(value / 4, end + 3, form);
        }
        if (t.isWord(end, "and") && t.isWord(end + 1, "a", "one") && t.isWord(end + 2, "half")) {
            return new NumberPhrase(value + 0.5, end + 3, form);
        }
        return new NumberPhrase(value, end, form);
    }
}
