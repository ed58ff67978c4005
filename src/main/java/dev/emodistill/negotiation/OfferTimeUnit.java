package dev.emodistill.negotiation;

import java.util.HashMap;
import java.util.Map;

/**
 * The time units the parser recognises, in ascending size, with their length in minutes. Every one of them is
 * recognised in every domain, even where it is not an offer (hours when negotiating days), so that its number
 * is consumed and can never be mistaken for an offer in the domain's own unit.
 */
enum OfferTimeUnit {
    SECOND(1.0 / 60, "second", "seconds", "sec", "secs"),
    MINUTE(1, "minute", "minutes", "min", "mins"),
    HOUR(60, "hour", "hours", "hr", "hrs"),
    DAY(24 * 60, "day", "days"),
    WEEK(7 * 24 * 60, "week", "weeks", "wk", "wks"),
    FORTNIGHT(14 * 24 * 60, "fortnight", "fortnights"),
    /** A month is 30 days, the convention for payment and waiting-list terms. */
    MONTH(30 * 24 * 60, "month", "months", "mo", "mos", "mth", "mths"),
    YEAR(365 * 24 * 60, "year", "years", "yr", "yrs");

    private static final Map<String, OfferTimeUnit> BY_WORD = index();

    private final double minutes;
    private final String[] words;

    OfferTimeUnit(double minutes, String... words) {
        this.minutes = minutes;
        this.words = words;
    }

    private static Map<String, OfferTimeUnit> index() {
        Map<String, OfferTimeUnit> map = new HashMap<>();
        for (OfferTimeUnit u : values()) {
            for (String w : u.words) {
                map.put(w, u);
            }
        }
        return Map.copyOf(map);
    }

    /** Length in minutes. */
    double minutes() {
        return minutes;
    }

    /**
     * The unit named by the token at {@code i}, or null. A bare "h" counts only glued to a number ("2h"),
     * since on its own it is usually a letter, not an hour.
     */
    static OfferTimeUnit at(OfferTokens t, int i) {
        String w = t.word(i);
        if (w.equals("h")) {
            return t.isNumber(i - 1) && !t.spaced(i) ? HOUR : null;
        }
        return BY_WORD.get(w);
    }
}
