package dev.emodistill.domain;

/** The quantity a domain negotiates over. Every offer is a number in its domain's unit. */
public enum Unit {
    DAYS("days"),
    MINUTES("minutes"),
    /** A bedtime, counted in minutes past 9 PM (10:30 PM = 90, 1:30 AM = 270, 8:30 PM = -30). */
    MINUTES_PAST_9PM("minutes past 9 PM");

    private final String label;

    Unit(String label) {
        this.label = label;
    }

    /** The unit as written in scenario files and reports. */
    public String label() {
        return label;
    }
}
