package dev.emodistill.negotiation;

import dev.emodistill.domain.Bedtime;
import dev.emodistill.domain.Domain;
import java.util.Objects;

/**
 * Renders an offer value as the words an agent says: "14 days", "1 day", "90 minutes", "10:30 PM". Whole
 * units only, because that is how people state terms; {@link OfferParser} reads every rendering back to the
 * rounded value (tested as a property).
 */
public final class OfferFormat {
    private OfferFormat() {
    }

    /** The offer in words: whole days, whole minutes, or a clock time for the student domain. */
    public static String render(Domain domain, double value) {
        Objects.requireNonNull(domain, "domain");
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("not a finite offer: " + value);
        }
        return switch (domain.unit()) {
            case DAYS -> count(Math.round(value), "day", "days");
            case MINUTES -> count(Math.round(value), "minute", "minutes");
            case MINUTES_PAST_9PM -> Bedtime.format(value);
        };
    }

    private static String count(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }
}
