package dev.emodistill.domain;

import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Derives (T_f, T_c) from a scenario's original fields, exactly as DESIGN §2 specifies, for imported and
 * generated scenarios alike. Values that are not numbers ("Variable", "N/A (...)") take the documented
 * defaults and mark the scenario estimated:
 *
 * <ul>
 *   <li>debt: T_f = Creditor Target Days, T_c = Debtor Target Days (both required).</li>
 *   <li>disaster: T_c = max(10, endurance), T_f = max(ETA, T_c + 30); defaults endurance 60, ETA 90.</li>
 *   <li>student: T_f = robot's requested bedtime (required), T_c = max(student's wanted bedtime, T_f + 60);
 *       a missing wanted bedtime is T_f + 180.</li>
 *   <li>medical: T_c = max(1, waitlist - reduction), T_f = max(waitlist + (30 if urgency is Low), T_c + 7);
 *       defaults waitlist 30, reduction 0; urgency is required.</li>
 * </ul>
 */
public final class TargetRules {
    public static final String DEBT_CREDITOR_TARGET = "Creditor Target Days";
    public static final String DEBT_DEBTOR_TARGET = "Debtor Target Days";
    public static final String DISASTER_ENDURANCE = "Estimated_Survivor_Endurance(minutes)";
    public static final String DISASTER_ETA = "Rescue_Team_ETA(minutes)";
    public static final String STUDENT_ROBOT_BEDTIME = "Robots_Requested_Bedtime";
    public static final String STUDENT_WANTED_BEDTIME = "Student_Wanted_Bedtime";
    public static final String MEDICAL_URGENCY = "Urgency_Level";
    public static final String MEDICAL_WAITLIST = "Days_On_Waitlist";
    public static final String MEDICAL_REDUCTION = "Estimated_Time_Reduction_If_Accept_Junior_Surgeon(days)";

    public static final double DEFAULT_ENDURANCE_MIN = 60;
    public static final double DEFAULT_ETA_MIN = 90;
    public static final double DEFAULT_STUDENT_EXTRA_MIN = 180;
    public static final double DEFAULT_WAITLIST_DAYS = 30;
    public static final double DEFAULT_REDUCTION_DAYS = 0;

    private static final Pattern NUMBER = Pattern.compile("^[-+]?\\d+(?:\\.\\d+)?");

    private TargetRules() {
    }

    /** The targets of one scenario and whether a default stood in for a missing value. */
    public record Targets(double focal, double counterparty, boolean estimated) {
    }

    /** A field that is missing or unusable; names the field so the importer can report it. */
    public static final class FieldException extends Exception {
        private static final long serialVersionUID = 1L;
        private final String field;

        public FieldException(String field, String message) {
            super("field '" + field + "': " + message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /** Applies the domain's rule to the fields of one row. */
    public static Targets derive(Domain domain, Map<String, String> fields) throws FieldException {
        return switch (domain) {
            case DEBT -> debt(fields);
            case DISASTER -> disaster(fields);
            case STUDENT -> student(fields);
            case MEDICAL -> medical(fields);
        };
    }

    private static Targets debt(Map<String, String> f) throws FieldException {
        double focal = requiredNumber(f, DEBT_CREDITOR_TARGET);
        double counterparty = requiredNumber(f, DEBT_DEBTOR_TARGET);
        return new Targets(focal, counterparty, false);
    }

    private static Targets disaster(Map<String, String> f) throws FieldException {
        OptionalDouble endurance = number(f.get(DISASTER_ENDURANCE));
        OptionalDouble eta = number(f.get(DISASTER_ETA));
        double tc = Math.max(10, endurance.orElse(DEFAULT_ENDURANCE_MIN));
        double tf = Math.max(eta.orElse(DEFAULT_ETA_MIN), tc + 30);
        return new Targets(tf, tc, endurance.isEmpty() || eta.isEmpty());
    }

    private static Targets student(Map<String, String> f) throws FieldException {
        String robot = f.get(STUDENT_ROBOT_BEDTIME);
        var tfOpt = Bedtime.parseFirst(robot);
        if (tfOpt.isEmpty()) {
            throw new FieldException(STUDENT_ROBOT_BEDTIME, "expected a clock time like 10:30 PM, got '" + robot + "'");
        }
        double tf = tfOpt.getAsInt();
        var wanted = Bedtime.parseFirst(f.get(STUDENT_WANTED_BEDTIME));
        double tc = Math.max(wanted.isPresent() ? wanted.getAsInt() : tf + DEFAULT_STUDENT_EXTRA_MIN, tf + 60);
        return new Targets(tf, tc, wanted.isEmpty());
    }

    private static Targets medical(Map<String, String> f) throws FieldException {
        String urgency = f.get(MEDICAL_URGENCY);
        if (urgency == null || !urgency.trim().matches("High|Medium|Low")) {
            throw new FieldException(MEDICAL_URGENCY, "expected High, Medium or Low, got '" + urgency + "'");
        }
        OptionalDouble waitlist = number(f.get(MEDICAL_WAITLIST));
        OptionalDouble reduction = number(f.get(MEDICAL_REDUCTION));
        double w = waitlist.orElse(DEFAULT_WAITLIST_DAYS);
        double tc = Math.max(1, w - reduction.orElse(DEFAULT_REDUCTION_DAYS));
        double tf = Math.max(w + (urgency.trim().equals("Low") ? 30 : 0), tc + 7);
        return new Targets(tf, tc, waitlist.isEmpty() || reduction.isEmpty());
    }

    private static double requiredNumber(Map<String, String> f, String field) throws FieldException {
        String raw = f.get(field);
        OptionalDouble value = number(raw);
        if (value.isEmpty()) {
            throw new FieldException(field, raw == null ? "missing" : "expected a number, got '" + raw + "'");
        }
        return value.getAsDouble();
    }

    /**
     * A leading plain number ("45", "45 minutes", "1,200" is not accepted); "Variable", "N/A (...)" and
     * empty text are not numbers.
     */
    public static OptionalDouble number(String raw) {
        if (raw == null) {
            return OptionalDouble.empty();
        }
        String s = raw.trim().toLowerCase(Locale.ROOT);
        Matcher m = NUMBER.matcher(s);
        if (!m.find()) {
            return OptionalDouble.empty();
        }
        String rest = s.substring(m.end());
        // "45-90" style ranges or "45,5" are ambiguous; only a number alone or followed by a word counts.
        if (!rest.isEmpty() && !rest.startsWith(" ") && !rest.startsWith("(")) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Double.parseDouble(m.group()));
    }
}
