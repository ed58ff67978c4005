package dev.emodistill.domain;

import java.util.Locale;
import java.util.Optional;

/**
 * The four bilateral single-issue negotiation domains of DESIGN §2. Each negotiates one time quantity; the
 * focal agent speaks first. Polarity is not stored: it follows from the targets (the signed span), so one
 * utility formula serves domains where the focal agent wants fewer units and those where it wants more.
 */
public enum Domain {
    DEBT("debt", "CRAD", "credit recovery", "collection agent", "business-owner debtor", Unit.DAYS,
            "fewer days until the debt is paid"),
    DISASTER("disaster", "DESRD", "disaster rescue", "rescue coordinator", "trapped survivor", Unit.MINUTES,
            "more minutes until rescue (a realistic window)"),
    STUDENT("student", "SSAD", "sleep counselling", "sleep-health assistant", "teenager", Unit.MINUTES_PAST_9PM,
            "an earlier bedtime"),
    MEDICAL("medical", "SSD", "surgery scheduling", "hospital scheduler", "patient", Unit.DAYS,
            "more days until surgery");

    private final String id;
    private final String paperName;
    private final String title;
    private final String focalRole;
    private final String counterpartyRole;
    private final Unit unit;
    private final String focalPreference;

    Domain(String id, String paperName, String title, String focalRole, String counterpartyRole, Unit unit,
           String focalPreference) {
        this.id = id;
        this.paperName = paperName;
        this.title = title;
        this.focalRole = focalRole;
        this.counterpartyRole = counterpartyRole;
        this.unit = unit;
        this.focalPreference = focalPreference;
    }

    /** Short id used on the command line and in files: {@code debt}, {@code disaster}, ... */
    public String id() {
        return id;
    }

    /** The dataset's name in the paper (CRAD, DESRD, SSAD, SSD). */
    public String paperName() {
        return paperName;
    }

    public String title() {
        return title;
    }

    public String focalRole() {
        return focalRole;
    }

    public String counterpartyRole() {
        return counterpartyRole;
    }

    public Unit unit() {
        return unit;
    }

    /** What the focal agent prefers, in words (for help text and prompts). */
    public String focalPreference() {
        return focalPreference;
    }

    /** Parses an id or the paper's dataset name, case-insensitively. */
    public static Optional<Domain> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String key = text.trim().toLowerCase(Locale.ROOT);
        for (Domain d : values()) {
            if (d.id.equals(key) || d.paperName.toLowerCase(Locale.ROOT).equals(key)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /** The accepted ids, for error messages. */
    public static String idsForHelp() {
        return "debt, disaster, student, medical";
    }
}
