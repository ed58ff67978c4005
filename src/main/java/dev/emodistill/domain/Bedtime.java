package dev.emodistill.domain;

import java.util.Locale;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Converts between clock times and the student domain's unit, minutes past 9 PM. Times after midnight
 * count on from 9 PM (1:30 AM = 270); evening times before 9 PM are negative (8:30 PM = -30).
 */
public final class Bedtime {
    /** {@code h:mm AM|PM} with optional dots or spaces ("10:30 PM", "2:00 am", "11:15 p.m."). */
    public static final Pattern CLOCK = Pattern.compile(
            "(?i)\\b(1[0-2]|0?[1-9]):([0-5][0-9])\\s*([ap])\\.?\\s*m\\.?(?![a-z])");

    private static final int NINE_PM = 21 * 60;
    private static final int DAY = 24 * 60;

    private Bedtime() {
    }

    /** Minutes past 9 PM for a 12-hour clock reading. Hours 1-11 PM are evening; AM hours are after midnight. */
    public static int minutesPast9pm(int hour12, int minute, boolean pm) {
        if (hour12 < 1 || hour12 > 12 || minute < 0 || minute > 59) {
            throw new IllegalArgumentException("not a clock time: " + hour12 + ":" + minute);
        }
        int h24 = hour12 % 12 + (pm ? 12 : 0);
        int minutesOfDay = h24 * 60 + minute;
        // Early-morning readings belong to the night after 9 PM, not to the morning before it.
        if (!pm) {
            minutesOfDay += DAY;
        }
        return minutesOfDay - NINE_PM;
    }

    /** Parses the first {@code h:mm AM|PM} clock time in the text. */
    public static OptionalInt parseFirst(String text) {
        if (text == null) {
            return OptionalInt.empty();
        }
        Matcher m = CLOCK.matcher(text);
        if (!m.find()) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(fromMatch(m));
    }

    /** True when the whole (trimmed) text is one clock time. */
    public static boolean isClockTime(String text) {
        return text != null && CLOCK.matcher(text.trim()).matches();
    }

    static int fromMatch(Matcher m) {
        int hour = Integer.parseInt(m.group(1));
        int minute = Integer.parseInt(m.group(2));
        boolean pm = m.group(3).toLowerCase(Locale.ROOT).equals("p");
        return minutesPast9pm(hour, minute, pm);
    }

    /** Renders minutes past 9 PM as a clock time, e.g. 90 → "10:30 PM", 270 → "1:30 AM". */
    public static String format(double minutesPast9pm) {
        int total = (int) Math.round(minutesPast9pm) + NINE_PM;
        int minutesOfDay = Math.floorMod(total, DAY);
        int h24 = minutesOfDay / 60;
        int minute = minutesOfDay % 60;
        boolean pm = h24 >= 12;
        int h12 = h24 % 12 == 0 ? 12 : h24 % 12;
        return String.format(Locale.ROOT, "%d:%02d %s", h12, minute, pm ? "PM" : "AM");
    }
}
