package dev.emodistill.negotiation;

import dev.emodistill.domain.Domain;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The deterministic offer parser of DESIGN §3: finds the offers stated in a message, in the domain's unit.
 *
 * <ul>
 *   <li>debt and medical: days ("45 days", "2 weeks" = 14, "a fortnight", "3 months" = 90, "a week and a
 *       half" = 10.5, "10 business days");</li>
 *   <li>disaster: minutes ("90 min", "an hour and a half" = 90, "1 hr 15 min" = 75);</li>
 *   <li>student: bedtimes as minutes past 9 PM ("10:30 PM" = 90, "midnight" = 180, "quarter to eleven" =
 *       105); only clock expressions count there.</li>
 * </ul>
 *
 * <p>The last stated offer wins. Durations in another domain's unit, money, percentages, ages, counts of
 * other things, labels and clock times outside the student domain are never offers. Ranges take their last
 * number. The grammar and its context rules are documented on {@code OfferDurations} and
 * {@code OfferClockTimes}. Values are returned exactly as stated (not rounded, not range-checked):
 * validation is the caller's. Stateless and thread-safe; the patterns it uses are compiled once.
 */
public final class OfferParser {
    private OfferParser() {
    }

    /** The last offer stated in {@code text}, in the domain's unit, or empty when there is none. */
    public static OptionalDouble parse(Domain domain, String text) {
        List<Double> all = parseAll(domain, text);
        return all.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(all.get(all.size() - 1));
    }

    /** Every offer found in {@code text}, in text order (for tests and debugging). */
    public static List<Double> parseAll(Domain domain, String text) {
        Objects.requireNonNull(domain, "domain");
        if (text == null || text.isBlank()) {
            return List.of();
        }
        OfferTokens tokens = OfferTokens.of(text);
        return switch (domain.unit()) {
            case DAYS -> List.copyOf(OfferDurations.findAll(tokens, true));
            case MINUTES -> List.copyOf(OfferDurations.findAll(tokens, false));
            case MINUTES_PAST_9PM -> List.copyOf(OfferClockTimes.findAll(tokens));
        };
    }
}
