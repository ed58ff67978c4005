package dev.emodistill.negotiation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A message split into lower-case tokens for the offer parser: numbers, {@code h:mm} clock readings, words and
 * single symbols. Reads past either end return an empty word, so the grammar code can look ahead and behind
 * without bounds checks. Immutable once built.
 */
final class OfferTokens {
    /** What a token is. */
    enum Kind { NUMBER, CLOCK, WORD, SYMBOL }

    /** One token; {@code value} is set for numbers only; {@code spaced} tells whether whitespace came before it. */
    record Token(Kind kind, String text, double value, boolean spaced) {
    }

    // Group order matters: a clock reading must win over the number it starts with, and "5,000" is one number.
    private static final Pattern TOKEN = Pattern.compile(
            "(\\d{1,2}:[0-5]\\d)(?!\\d)"
                    + "|(\\d{1,3}(?:,\\d{3})+(?![\\d,])(?:\\.\\d+)?|\\d+(?:\\.\\d+)?)"
                    + "|([a-z]+(?:'[a-z]+)*)"
                    + "|(\\S)");

    /** Words that, right before a number, make it a label or an amount of money rather than a count. */
    private static final Set<String> LABEL_BEFORE = Set.of(
            "case", "scenario", "number", "room", "floor", "stage", "level", "step", "bed", "ward", "page",
            "row", "line", "item", "section", "id", "version", "apartment", "apt", "building", "unit", "usd",
            "eur", "gbp", "rs", "inr");
    private static final Set<String> SYMBOL_BEFORE = Set.of("$", "€", "£", "¥", "#", "№");
    /** Words that, right after a number, make it money or a share rather than a count. */
    private static final Set<String> MONEY_AFTER = Set.of(
            "percent", "pct", "dollars", "dollar", "bucks", "usd", "eur", "euros", "euro", "pounds", "cents",
            "k", "grand", "million", "billion", "m", "bn");
    private static final Set<String> ORDINAL_SUFFIX = Set.of("st", "nd", "rd", "th");

    private final List<Token> tokens;

    private OfferTokens(List<Token> tokens) {
        this.tokens = tokens;
    }

    static OfferTokens of(String text) {
        String normal = normalise(text);
        List<Token> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(normal);
        int previousEnd = 0;
        while (m.find()) {
            boolean spaced = m.start() > previousEnd || m.start() == 0;
            previousEnd = m.end();
            if (m.group(1) != null) {
                out.add(new Token(Kind.CLOCK, m.group(1), Double.NaN, spaced));
            } else if (m.group(2) != null) {
                String digits = m.group(2).replace(",", "");
                out.add(new Token(Kind.NUMBER, m.group(2), Double.parseDouble(digits), spaced));
            } else if (m.group(3) != null) {
                out.add(new Token(Kind.WORD, m.group(3), Double.NaN, spaced));
            } else {
                out.add(new Token(Kind.SYMBOL, m.group(4), Double.NaN, spaced));
            }
        }
        return new OfferTokens(List.copyOf(out));
    }

    /** Lower case, one apostrophe and one dash, so the grammar only has to know one spelling of each. */
    static String normalise(String text) {
        return text.toLowerCase(Locale.ROOT)
                .replace('\u2019', '\'').replace('\u2018', '\'').replace('`', '\'')
                .replace('\u2013', '-').replace('\u2014', '-').replace('\u2011', '-').replace('\u2010', '-')
                .replace('\u00a0', ' ');
    }

    int size() {
        return tokens.size();
    }

    private Token at(int i) {
        return i >= 0 && i < tokens.size() ? tokens.get(i) : null;
    }

    Kind kind(int i) {
        Token t = at(i);
        return t == null ? null : t.kind();
    }

    /** The token's text, or "" outside the message. */
    String text(int i) {
        Token t = at(i);
        return t == null ? "" : t.text();
    }

    /** The word at {@code i}, or "" when it is not a word. */
    String word(int i) {
        Token t = at(i);
        return t != null && t.kind() == Kind.WORD ? t.text() : "";
    }

    boolean isWord(int i, String... words) {
        String w = word(i);
        for (String candidate : words) {
            if (candidate.equals(w)) {
                return true;
            }
        }
        return false;
    }

    boolean isSymbol(int i, String symbol) {
        Token t = at(i);
        return t != null && t.kind() == Kind.SYMBOL && t.text().equals(symbol);
    }

    boolean isNumber(int i) {
        return kind(i) == Kind.NUMBER;
    }

    double number(int i) {
        Token t = at(i);
        return t == null ? Double.NaN : t.value();
    }

    /** True when whitespace (or the start of the message) comes before the token. */
    boolean spaced(int i) {
        Token t = at(i);
        return t == null || t.spaced();
    }

    /** True for sentence and clause punctuation, which bounds how far context rules look. */
    boolean isBoundary(int i) {
        Token t = at(i);
        return t == null || t.kind() == Kind.SYMBOL && ".!?;,:()\"".contains(t.text());
    }

    /**
     * False when the number or number word at {@code i} is a label ("case 12", "#3"), money ("$5,000",
     * "5000 dollars"), a percentage or an ordinal ("the 15th"): such numbers never start a quantity.
     */
    boolean isCountable(int i) {
        Token before = at(i - 1);
        if (before != null && before.kind() == Kind.SYMBOL && SYMBOL_BEFORE.contains(before.text())) {
            return false;
        }
        // "case no. 12" is a label; "30 days? No. 20 days." is an answer and a new offer.
        if (LABEL_BEFORE.contains(word(i - 1))
                || isWord(i - 2, "no") && isSymbol(i - 1, ".") && kind(i - 3) == Kind.WORD) {
            return false;
        }
        if (isSymbol(i + 1, "%") || MONEY_AFTER.contains(word(i + 1))
                || isWord(i + 1, "per") && isWord(i + 2, "cent")) {
            return false;
        }
        return !(isNumber(i) && !spaced(i + 1) && ORDINAL_SUFFIX.contains(word(i + 1)));
    }
}
