package dev.emodistill.negotiation;

import dev.emodistill.negotiation.NumberWords.Form;
import dev.emodistill.negotiation.NumberWords.NumberPhrase;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Finds duration offers ("45 days", "a week and a half", "1 hr 15 min", "30-45 minutes") for the domains
 * that negotiate days or minutes.
 *
 * <p>Grammar, per quantity: a number phrase, optional filler words ("business", "full", "more", a hyphen), a
 * time unit, an optional "and a half"; then further components in strictly smaller units, joined by nothing
 * or "and" ("2 weeks and 3 days", "1 hr 15 min"). A comma does not join, so "six weeks, not a day sooner"
 * stays two phrases. The quantity is an offer only when its largest unit is one the domain negotiates in
 * (days, weeks, fortnights, months for days; minutes, hours for minutes); otherwise it is consumed and
 * dropped ("give me five minutes" while negotiating days). Years are never offers: in these dialogues they are
 * ages and histories ("15 years old", "ten years in business"), not deadlines.
 *
 * <p>Ranges take their last number ("30 to 45 days", "30-45 days", "a day or two" → 45, 45, 2): the upper end
 * is what the speaker has conceded they could live with, and taking it everywhere keeps the rule simple and
 * consistent with "last offer wins". The lower bound in "30 to 45 days" has no unit of its own, so it is
 * skipped by the same rule that skips every bare number.
 *
 * <p>Values are converted exactly, never rounded: "a week and a half" is 10.5 days, "90 seconds" would be
 * 1.5 minutes; rounding belongs to whoever turns the value into a bid.
 *
 * <p>Context rules drop quantities that are not offers: histories and relative amounts ("3 months ago",
 * "90 days overdue", "the last two weeks", "not a day sooner", "a day later"), rates ("$50 a day", "twice a
 * week", "every two weeks"), "a minute" as an idiom ("wait a minute"), and "a"/"one" unit right after a
 * negation ("I can't wait a day"). These are heuristics for the deterministic path; the LLM extractor is
 * the fallback for anything subtler.
 */
final class OfferDurations {
    private static final Set<OfferTimeUnit> DAY_UNITS = EnumSet.of(
            OfferTimeUnit.DAY, OfferTimeUnit.WEEK, OfferTimeUnit.FORTNIGHT, OfferTimeUnit.MONTH);
    private static final Set<OfferTimeUnit> MINUTE_UNITS = EnumSet.of(OfferTimeUnit.MINUTE, OfferTimeUnit.HOUR);

    /** Between the number and the unit: "10 business days", "two more weeks", "a 15-day window". */
    private static final Set<String> FILLERS = Set.of(
            "business", "working", "calendar", "full", "whole", "more", "extra", "additional", "straight",
            "solid", "consecutive", "clear");
    /** Right after a quantity: it is a history or relative to something else, not an offer. */
    private static final Set<String> NOT_OFFER_AFTER = Set.of(
            "ago", "old", "overdue", "late", "behind", "sooner", "later", "earlier", "longer", "shorter",
            "more", "less", "fewer", "early", "prior", "already", "before");
    /** Right before a quantity: a rate or a history ("every two weeks", "the last 3 months"). */
    private static final Set<String> NOT_OFFER_BEFORE = Set.of(
            "every", "each", "per", "once", "twice", "thrice", "times", "last", "past", "waited");
    /** Words before "a day", "a week" that make it a rate ("$50 a day", "two hours a day"). */
    private static final Set<String> RATE_BEFORE_ARTICLE = Set.of(
            "dollars", "dollar", "bucks", "euros", "pounds", "usd", "k", "times", "once", "twice", "hours",
            "hour", "minutes", "minute", "days", "day", "visits", "payments", "calls");
    private static final Set<String> NEGATIONS = Set.of(
            "not", "no", "never", "cannot", "without", "nor", "neither", "refuse");

    /** One number-and-unit piece; {@code minutes} is NaN for a vague amount ("a few days"). */
    private record Component(double count, double minutes, OfferTimeUnit unit, int start, int end, Form form) {
    }

    private OfferDurations() {
    }

    /** Every offer in the message, in the domain's unit ({@code dayUnit}: days, otherwise minutes). */
    static List<Double> findAll(OfferTokens t, boolean dayUnit) {
        Set<OfferTimeUnit> accepted = dayUnit ? DAY_UNITS : MINUTE_UNITS;
        double unitMinutes = dayUnit ? OfferTimeUnit.DAY.minutes() : OfferTimeUnit.MINUTE.minutes();
        List<Double> offers = new ArrayList<>();
        int i = 0;
        while (i < t.size()) {
            Component first = componentAt(t, i);
            if (first == null) {
                i++;
                continue;
            }
            if (first.form() == Form.VAGUE) {
                i = first.end();
                continue;
            }
            double minutes = first.minutes();
            OfferTimeUnit smallest = first.unit();
            int end = first.end();
            boolean single = true;
            while (true) {
                int k = t.isWord(end, "and") ? end + 1 : end;
                Component next = componentAt(t, k);
                if (next == null || next.form() == Form.VAGUE || next.unit().compareTo(smallest) >= 0
                        || excluded(t, next)) {
                    break;
                }
                minutes += next.minutes();
                smallest = next.unit();
                end = next.end();
                single = false;
            }
            Component whole = new Component(first.count(), minutes, first.unit(), first.start(), end, first.form());
            if (single) {
                whole = rangeEnd(t, whole);
            }
            if (accepted.contains(whole.unit()) && !excluded(t, whole)) {
                offers.add(whole.minutes() / unitMinutes);
            }
            i = whole.end();
        }
        return offers;
    }

    private static Component componentAt(OfferTokens t, int i) {
        NumberPhrase number = NumberWords.parse(t, i);
        if (number == null) {
            return null;
        }
        int j = skipFillers(t, number.end());
        OfferTimeUnit unit = OfferTimeUnit.at(t, j);
        if (unit == null) {
            return null;
        }
        j++;
        if (number.form() == Form.VAGUE) {
            return new Component(Double.NaN, Double.NaN, unit, i, j, Form.VAGUE);
        }
        double count = number.value();
        // "an hour and a half", "a week and a half"
        if (t.isWord(j, "and") && t.isWord(j + 1, "a", "one") && t.isWord(j + 2, "half")) {
            count += 0.5;
            j += 3;
        }
        return new Component(count, count * unit.minutes(), unit, i, j, number.form());
    }

    private static int skipFillers(OfferTokens t, int j) {
        int k = j;
        while (k < j + 3 && (t.isSymbol(k, "-") || FILLERS.contains(t.word(k)))) {
            k++;
        }
        return k;
    }

    /** "a day or two", "an hour or 2": the bare second number takes the first one's unit. */
    private static Component rangeEnd(OfferTokens t, Component c) {
        int k = c.end();
        if (!(t.isWord(k, "or", "to") || t.isSymbol(k, "-"))) {
            return c;
        }
        NumberPhrase upper = NumberWords.parse(t, k + 1);
        if (upper == null || upper.form() == Form.VAGUE || upper.form() == Form.ARTICLE
                || !(upper.value() > c.count()) || OfferTimeUnit.at(t, skipFillers(t, upper.end())) != null
                || t.kind(upper.end()) == OfferTokens.Kind.CLOCK || t.isSymbol(upper.end(), ":")) {
            return c;
        }
        return new Component(upper.value(), upper.value() * c.unit().minutes(), c.unit(), c.start(), upper.end(),
                upper.form());
    }

    private static boolean excluded(OfferTokens t, Component c) {
        String after = t.word(c.end());
        if (NOT_OFFER_AFTER.contains(after) || after.equals("past") && t.isWord(c.end() + 1, "due")
                || after.equals("in") && t.isWord(c.end() + 1, "arrears")) {
            return true;
        }
        String before = t.word(c.start() - 1);
        if (NOT_OFFER_BEFORE.contains(before)) {
            return true;
        }
        if (c.form() == Form.ARTICLE) {
            if (c.unit() == OfferTimeUnit.MINUTE || c.unit() == OfferTimeUnit.SECOND) {
                return true;
            }
            if (t.isNumber(c.start() - 1) || RATE_BEFORE_ARTICLE.contains(before)) {
                return true;
            }
        }
        boolean single = c.form() == Form.ARTICLE || c.form() == Form.WORDS && c.count() == 1;
        return single && negatedBefore(t, c.start());
    }

    /** A negation among the few words before {@code start}, within the same clause. */
    private static boolean negatedBefore(OfferTokens t, int start) {
        for (int k = start - 1; k >= Math.max(0, start - 4); k--) {
            if (t.isBoundary(k)) {
                return false;
            }
            String w = t.word(k);
            if (NEGATIONS.contains(w) || w.endsWith("n't")) {
                return true;
            }
        }
        return false;
    }
}
