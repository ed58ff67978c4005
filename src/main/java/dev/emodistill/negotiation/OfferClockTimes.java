package dev.emodistill.negotiation;

import dev.emodistill.domain.Bedtime;
import dev.emodistill.negotiation.NumberWords.Form;
import dev.emodistill.negotiation.NumberWords.NumberPhrase;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds bedtime offers for the student domain, as minutes past 9 PM (via {@link Bedtime}).
 *
 * <p>Recognised: {@code h:mm} with or without AM/PM ("10:30 PM", "11:15 p.m.", "22:30"), "11 pm", "11.30pm",
 * "10 o'clock", "ten thirty pm", "midnight", "12 midnight", "half past ten", "quarter to eleven", "twenty past
 * ten", "ten minutes to eleven", and an evening marker instead of AM/PM ("11 tonight", "ten at night",
 * "one in the morning"). Bare numbers ("at 11") are not clock expressions and are ignored.
 *
 * <p>Without AM/PM, hours 7-11 are evening, 12 is midnight and 1-5 are after midnight; 6 is ambiguous and
 * ignored ("tonight"/"at night" makes 6 evening). "To" with a bare number counts only when the number cannot
 * be an hour ("twenty to eleven" but not "ten to eleven", which is as likely a range).
 *
 * <p>Only times from 6:00 PM up to (not including) 6:00 AM are bedtimes, i.e. -180 .. 539 minutes past 9 PM.
 * Other clock times in a bedtime talk are wake-up or school times ("I get up at 6:30 AM"), so they are
 * dropped rather than read as a bedtime of 9.5 hours past 9 PM.
 */
final class OfferClockTimes {
    static final int EARLIEST = -180;
    static final int LATEST_EXCLUSIVE = 540;

    /** AM/PM or an evening/morning phrase after a time, and where it ends. */
    private enum Marker { AM, PM, NIGHT, NONE }

    private record MarkerAt(Marker marker, int end) {
    }

    /** A clock expression found at some index; {@code value} is NaN when it is not a usable bedtime. */
    private record Found(double value, int end) {
    }

    private OfferClockTimes() {
    }

    /** Every bedtime offer in the message, in minutes past 9 PM, in text order. */
    static List<Double> findAll(OfferTokens t) {
        List<Double> offers = new ArrayList<>();
        int i = 0;
        while (i < t.size()) {
            Found f = relative(t, i);
            if (f == null) {
                f = absolute(t, i);
            }
            if (f == null) {
                i++;
                continue;
            }
            if (!Double.isNaN(f.value()) && f.value() >= EARLIEST && f.value() < LATEST_EXCLUSIVE) {
                offers.add(f.value());
            }
            i = f.end();
        }
        return offers;
    }

    /** "half past ten", "(a) quarter to eleven", "twenty past ten", "ten minutes to midnight". */
    private static Found relative(OfferTokens t, int i) {
        int j = t.isWord(i, "a") && t.isWord(i + 1, "quarter") ? i + 1 : i;
        int offset;
        boolean quarter = false;
        boolean half = false;
        boolean minutesWord = false;
        if (t.isWord(j, "quarter")) {
            offset = 15;
            quarter = true;
            j++;
        } else if (t.isWord(j, "half")) {
            offset = 30;
            half = true;
            j++;
        } else {
            NumberPhrase n = NumberWords.parse(t, j);
            if (n == null || n.form() == Form.VAGUE || n.form() == Form.ARTICLE || !isWhole(n.value())
                    || n.value() < 1 || n.value() > 59) {
                return null;
            }
            offset = (int) n.value();
            j = n.end();
            if (t.isWord(j, "minute", "minutes", "min", "mins")) {
                minutesWord = true;
                j++;
            }
        }
        if (t.isSymbol(j, "-")) {
            j++;
        }
        int sign;
        if (t.isWord(j, "past", "after")) {
            sign = 1;
        } else if (t.isWord(j, "to", "till", "til", "before") && !half) {
            // "ten to eleven" reads as a range as often as 10:50; "twenty to eleven" cannot be a range.
            if (!quarter && !minutesWord && offset <= 12) {
                return null;
            }
            sign = -1;
        } else if (t.isWord(j, "of") && quarter) {
            sign = -1;
        } else {
            return null;
        }
        j++;
        double base;
        int end;
        if (t.isWord(j, "midnight")) {
            base = Bedtime.minutesPast9pm(12, 0, false);
            end = j + 1;
        } else {
            int hour = hourAt(t, j);
            if (hour < 0) {
                return null;
            }
            MarkerAt m = markerAt(t, j + 1);
            base = resolve(hour, 0, m.marker());
            end = m.end();
        }
        return new Found(base + sign * offset, end);
    }

    /** "10:30 PM", "22:30", "11.30pm", "11 pm", "10 o'clock", "ten thirty pm", "midnight". */
    private static Found absolute(OfferTokens t, int i) {
        if (t.isWord(i, "midnight")) {
            return new Found(Bedtime.minutesPast9pm(12, 0, false), i + 1);
        }
        if (t.kind(i) == OfferTokens.Kind.CLOCK) {
            String[] parts = t.text(i).split(":");
            int hour = Integer.parseInt(parts[0]);
            int minute = Integer.parseInt(parts[1]);
            MarkerAt m = markerAt(t, i + 1);
            if (t.isWord(m.end(), "midnight") && hour == 12) {
                return new Found(Bedtime.minutesPast9pm(12, minute, false), m.end() + 1);
            }
            if (hour > 23) {
                return new Found(Double.NaN, i + 1);
            }
            if (hour == 0 || hour > 12) {
                // A 24-hour reading; AM/PM after it is redundant at best.
                boolean pm = hour >= 12;
                return new Found(Bedtime.minutesPast9pm(hour % 12 == 0 ? 12 : hour % 12, minute, pm), m.end());
            }
            return new Found(resolve(hour, minute, m.marker()), m.end());
        }
        if (t.isNumber(i) && t.text(i).matches("\\d{1,2}\\.\\d{2}")) {
            // "11.30pm": only with AM/PM, since "10.50" alone is more likely an amount.
            int hour = (int) Math.floor(t.number(i));
            int minute = Integer.parseInt(t.text(i).substring(t.text(i).indexOf('.') + 1));
            MarkerAt m = markerAt(t, i + 1);
            if (hour < 1 || hour > 12 || minute > 59 || m.marker() == Marker.NONE || !t.isCountable(i)) {
                return null;
            }
            return new Found(resolve(hour, minute, m.marker()), m.end());
        }
        int hour = hourAt(t, i);
        if (hour < 0) {
            return null;
        }
        int j = i + 1;
        if (hour == 12 && t.isWord(j, "midnight")) {
            return new Found(Bedtime.minutesPast9pm(12, 0, false), j + 1);
        }
        if (t.isWord(j, "o'clock", "oclock")) {
            MarkerAt m = markerAt(t, j + 1);
            return new Found(resolve(hour, 0, m.marker()), m.end());
        }
        MarkerAt m = markerAt(t, j);
        if (m.marker() != Marker.NONE) {
            return new Found(resolve(hour, 0, m.marker()), m.end());
        }
        // "ten thirty pm", "eleven oh five tonight": spoken minutes need a marker to be a time at all.
        int minute;
        int k;
        int ohMinute = t.isWord(j, "oh") ? NumberWords.smallWord(t.word(j + 1)) : -1;
        if (ohMinute >= 1 && ohMinute <= 9) {
            minute = ohMinute;
            k = j + 2;
        } else {
            NumberPhrase n = t.isNumber(j) ? null : NumberWords.parse(t, j);
            if (n == null || n.form() != Form.WORDS || !isWhole(n.value()) || n.value() < 10 || n.value() > 59) {
                return null;
            }
            minute = (int) n.value();
            k = n.end();
        }
        MarkerAt after = markerAt(t, k);
        if (after.marker() == Marker.NONE) {
            return null;
        }
        return new Found(resolve(hour, minute, after.marker()), after.end());
    }

    /** An hour 1-12 written as digits or one word at {@code i}, or -1. */
    private static int hourAt(OfferTokens t, int i) {
        if (t.isNumber(i)) {
            double v = t.number(i);
            boolean plain = t.text(i).matches("\\d{1,2}");
            return plain && v >= 1 && v <= 12 && t.isCountable(i) ? (int) v : -1;
        }
        int v = NumberWords.smallWord(t.word(i));
        return v >= 1 && v <= 12 && t.isCountable(i) ? v : -1;
    }

    private static MarkerAt markerAt(OfferTokens t, int j) {
        if (t.isWord(j, "pm")) {
            return new MarkerAt(Marker.PM, j + 1);
        }
        if (t.isWord(j, "am")) {
            return new MarkerAt(Marker.AM, j + 1);
        }
        if (t.isWord(j, "p", "a") && t.isSymbol(j + 1, ".") && t.isWord(j + 2, "m")) {
            int end = t.isSymbol(j + 3, ".") ? j + 4 : j + 3;
            return new MarkerAt(t.isWord(j, "p") ? Marker.PM : Marker.AM, end);
        }
        if (t.isWord(j, "tonight")) {
            return new MarkerAt(Marker.NIGHT, j + 1);
        }
        if (t.isWord(j, "at") && t.isWord(j + 1, "night")) {
            return new MarkerAt(Marker.NIGHT, j + 2);
        }
        if (t.isWord(j, "in") && t.isWord(j + 1, "the") && t.isWord(j + 2, "evening")) {
            return new MarkerAt(Marker.NIGHT, j + 3);
        }
        if (t.isWord(j, "in") && t.isWord(j + 1, "the") && t.isWord(j + 2, "morning")) {
            return new MarkerAt(Marker.AM, j + 3);
        }
        return new MarkerAt(Marker.NONE, j);
    }

    /**
     * Minutes past 9 PM for an hour and minute. Without AM/PM the evening rule decides; NaN when it cannot
     * (six o'clock could be either end of the day).
     */
    private static double resolve(int hour, int minute, Marker marker) {
        switch (marker) {
            case AM:
                return Bedtime.minutesPast9pm(hour, minute, false);
            case PM:
                return Bedtime.minutesPast9pm(hour, minute, true);
            default:
                if (hour >= 7 && hour <= 11 || hour == 6 && marker == Marker.NIGHT) {
                    return Bedtime.minutesPast9pm(hour, minute, true);
                }
                if (hour == 12 || hour <= 5) {
                    return Bedtime.minutesPast9pm(hour, minute, false);
                }
                return Double.NaN;
        }
    }

    private static boolean isWhole(double v) {
        return v == Math.rint(v);
    }
}
