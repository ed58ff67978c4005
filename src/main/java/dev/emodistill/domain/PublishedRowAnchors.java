package dev.emodistill.domain;

import dev.emodistill.domain.CsvRowSplitter.CsvCell;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Maps the cells of one published CSV row to its columns by anchors rather than by position (DESIGN §2.1).
 *
 * <p>Three of the four published files have unquoted commas inside free text, so a row can have more cells
 * than the header has columns. Each domain therefore locates a few columns whose values have a recognisable
 * shape (a clock time, {@code High|Medium|Low}, a pair of numbers) and lets the free text between two anchors
 * absorb the extra cells:
 * <ul>
 *   <li>A run of cells that belongs to one column is rejoined with the commas it lost.</li>
 *   <li>A run shared by several free-text columns is split where a cell does not start with a blank (the files
 *       write ", " inside text but a bare "," between columns). If that does not give exactly one part per
 *       column, a column documented as the one that absorbs extra commas takes them; where there is no such
 *       column (the surgery file's five free-text columns, for one) the row is rejected as ambiguous rather
 *       than loaded with shifted values, even when the raw count happens to match.</li>
 *   <li>Typed columns (ids, ages, numbers, dates, yes/no) are checked after anchoring, so a row whose anchors
 *       landed in the wrong place is rejected with the column and the value found.</li>
 * </ul>
 */
final class PublishedRowAnchors {
    private static final Pattern WHOLE = Pattern.compile("\\d+");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(?:\\.\\d+)?");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}(?:[ T].*)?");
    /** Non-numeric placeholders the published files use for a value nobody knows. */
    private static final Pattern UNKNOWN = Pattern.compile("(?i)(?:variable|unknown|n/?a)(?:\\s*\\(.*\\))?");
    private static final Pattern NOT_AVAILABLE = Pattern.compile("(?i)n/a");
    private static final Pattern YES_NO = Pattern.compile("(?i)yes|no");
    private static final Set<String> URGENCIES = Set.of("High", "Medium", "Low");
    private static final char OPEN_CURLY = '\u201C';

    private PublishedRowAnchors() {
    }

    /** The row's fields by header name, in header order, each trimmed. */
    static Map<String, String> fields(PublishedFormat format, List<CsvCell> cells) throws CsvRowException {
        Row row = new Row(format, cells);
        switch (format) {
            case DEBT -> debt(row);
            case DISASTER -> disaster(row);
            case STUDENT -> student(row);
            case MEDICAL -> medical(row);
            default -> throw new IllegalStateException("unknown format " + format);
        }
        return row.inHeaderOrder();
    }

    // ---- debt: valid CSV; anchors only come into play when a comma was left unquoted ----

    private static void debt(Row row) throws CsvRowException {
        List<String> h = row.header;
        int n = row.size();
        if (n == h.size()) {
            for (int i = 0; i < n; i++) {
                row.put(h.get(i), i, i + 1);
            }
        } else {
            row.requireAtLeast(h.size());
            // Original Amount .. Days Overdue: the first run of five numbers after the three name/type columns.
            int amount = -1;
            for (int i = 3; i + 4 < n - 2 && amount < 0; i++) {
                if (row.matches(i, NUMBER) && row.matches(i + 1, NUMBER) && row.matches(i + 2, NUMBER)
                        && row.matches(i + 3, NUMBER) && row.matches(i + 4, NUMBER)) {
                    amount = i;
                }
            }
            if (amount < 0) {
                throw row.reject("cannot find the five numbers '" + h.get(3) + "' to '" + h.get(7)
                        + "' side by side (found " + n + " fields for " + h.size() + " columns)");
            }
            int date = -1;
            for (int i = amount + 8; i <= n - 8 && date < 0; i++) {
                if (row.matches(i, DATE)) {
                    date = i;
                }
            }
            if (date < 0) {
                throw row.reject("cannot find '" + h.get(11) + "' (a date like 2025-03-29) after '" + h.get(7) + "'");
            }
            row.segment(0, amount, h.subList(0, 3), null);
            for (int c = 3; c <= 7; c++) {
                row.put(h.get(c), amount + c - 3, amount + c - 2);
            }
            row.segment(amount + 5, date, h.subList(8, 11), null);
            row.put(h.get(11), date, date + 1);
            // Collateral, stage and cash flow are categories; the impact description is prose.
            row.segment(date + 1, n - 2, h.subList(12, 17), "Business Impact Description");
            row.put(h.get(17), n - 2, n - 1);
            row.put(h.get(18), n - 1, n);
        }
        row.check("Original Amount (USD)", NUMBER, "a number");
        row.check("Outstanding Balance (USD)", NUMBER, "a number");
        row.check(TargetRules.DEBT_CREDITOR_TARGET, WHOLE, "a whole number of days");
        row.check(TargetRules.DEBT_DEBTOR_TARGET, WHOLE, "a whole number of days");
        row.check("Days Overdue", WHOLE, "a whole number of days");
        row.check("Last Payment Date", DATE, "a date like 2025-03-29");
        row.check("Recovery Probability (%)", NUMBER, "a number");
        row.check("Interest Accrued (USD)", NUMBER, "a number");
    }

    // ---- disaster: needs are an unquoted list; the argument is in curly quotes ----

    private static void disaster(Row row) throws CsvRowException {
        List<String> h = row.header;
        row.requireAtLeast(h.size());
        int n = row.size();
        // Endurance and ETA: two values side by side followed by a non-value, so a number inside the
        // condition text cannot pose as the pair.
        int endurance = -1;
        for (int i = 3; i + 3 < n && endurance < 0; i++) {
            if (isValue(row.text(i)) && isValue(row.text(i + 1)) && !isValue(row.text(i + 2))) {
                endurance = i;
            }
        }
        if (endurance < 0) {
            throw row.reject("no '" + TargetRules.DISASTER_ENDURANCE + "' and '" + TargetRules.DISASTER_ETA
                    + "' values (two numbers or 'Variable' side by side)");
        }
        int argument = n - 1;
        for (int i = endurance + 3; i < n; i++) {
            if (!row.cells.get(i).quoted() && row.text(i).indexOf(OPEN_CURLY) == 0) {
                argument = i;
                break;
            }
        }
        row.put(h.get(0), 0, 1);
        row.segment(1, endurance, h.subList(1, 3), "Survivor_Condition");
        row.put(h.get(3), endurance, endurance + 1);
        row.put(h.get(4), endurance + 1, endurance + 2);
        row.put(h.get(5), endurance + 2, argument);
        row.put(h.get(6), argument, n);
        row.check(PublishedFormat.CASE_ID, WHOLE, "a whole number");
    }

    // ---- student: the first h:mm AM|PM field is the robot's bedtime ----

    private static void student(Row row) throws CsvRowException {
        List<String> h = row.header;
        row.requireAtLeast(h.size());
        int n = row.size();
        int robot = -1;
        for (int i = 5; i < n && robot < 0; i++) {
            if (Bedtime.isClockTime(row.text(i))) {
                robot = i;
            }
        }
        if (robot < 0) {
            throw row.reject("no '" + TargetRules.STUDENT_ROBOT_BEDTIME + "' field (no field reads like 10:30 PM)");
        }
        boolean wantedFollows = robot + 1 < n && isBedtimeValue(row.text(robot + 1));
        if (!wantedFollows || robot + 2 >= n) {
            String after = !wantedFollows && robot + 1 < n ? "is followed by '" + row.text(robot + 1) + "'"
                    : wantedFollows ? "leaves no field for '" + h.get(7) + "'" : "ends the row";
            throw row.reject("'" + TargetRules.STUDENT_ROBOT_BEDTIME + "' must be a clock time like 10:30 PM,"
                    + " followed by '" + TargetRules.STUDENT_WANTED_BEDTIME + "' and '" + h.get(7) + "'; the first"
                    + " clock time, '" + row.text(robot) + "' (field " + (robot + 1) + "), " + after + " (field "
                    + robot + " reads '" + row.text(robot - 1) + "')");
        }
        row.put(h.get(0), 0, 1);
        row.put(h.get(1), 1, 2);
        // The background is a one-word tag and the feeling is quoted; the situation is the free text between.
        row.segment(2, robot, h.subList(2, 5), "Situation_Faced");
        row.put(h.get(5), robot, robot + 1);
        row.put(h.get(6), robot + 1, robot + 2);
        row.put(h.get(7), robot + 2, n);
        row.check(PublishedFormat.CASE_ID, WHOLE, "a whole number");
        row.check("Student_Age", WHOLE, "a whole number of years");
    }

    // ---- medical: urgency anchors the left half, the last integer-or-N/A anchors the right half ----

    private static void medical(Row row) throws CsvRowException {
        List<String> h = row.header;
        row.requireAtLeast(h.size());
        int n = row.size();
        int urgency = -1;
        for (int i = 4; i < n && urgency < 0; i++) {
            if (URGENCIES.contains(row.text(i))) {
                urgency = i;
            }
        }
        if (urgency < 0) {
            throw row.reject("no High|Medium|Low urgency field");
        }
        // Waitlist and surgeon availability sit right after the urgency; checking them first names a shift.
        if (urgency + 2 < n) {
            String waitlist = row.text(urgency + 1);
            if (!WHOLE.matcher(waitlist).matches() && !UNKNOWN.matcher(waitlist).matches()) {
                throw row.reject("'" + TargetRules.MEDICAL_WAITLIST + "' must be a whole number of days or N/A"
                        + " (...), got '" + waitlist + "'");
            }
            if (!row.matches(urgency + 2, YES_NO)) {
                throw row.reject("'" + h.get(6) + "' must be Yes or No, got '" + row.text(urgency + 2) + "'");
            }
        }
        int reduction = -1;
        for (int i = n - 2; i > urgency + 2 && reduction < 0; i--) {
            if (row.matches(i, WHOLE) || row.matches(i, NOT_AVAILABLE)) {
                reduction = i;
            }
        }
        if (reduction < 0) {
            throw row.reject("no '" + TargetRules.MEDICAL_REDUCTION
                    + "' field (a whole number or N/A followed by the decision point)");
        }
        row.put(h.get(0), 0, 1);
        row.put(h.get(1), 1, 2);
        row.segment(2, urgency, h.subList(2, 4), null);
        row.put(h.get(4), urgency, urgency + 1);
        row.put(h.get(5), urgency + 1, urgency + 2);
        row.put(h.get(6), urgency + 2, urgency + 3);
        row.segment(urgency + 3, reduction, h.subList(7, 12), null);
        row.put(h.get(12), reduction, reduction + 1);
        row.put(h.get(13), reduction + 1, n);
        row.check(PublishedFormat.CASE_ID, WHOLE, "a whole number");
        row.check("Patient_Age", WHOLE, "a whole number of years");
    }

    /** A clock time or a placeholder such as "N/A (wants to sleep but can't)". */
    private static boolean isBedtimeValue(String text) {
        return Bedtime.isClockTime(text) || UNKNOWN.matcher(text).matches();
    }

    /** A number or a documented placeholder such as "Variable" or "N/A (listed)". */
    private static boolean isValue(String text) {
        return NUMBER.matcher(text).matches() || UNKNOWN.matcher(text).matches();
    }

    /** The cells of one row and the fields assigned so far. */
    private static final class Row {
        final PublishedFormat format;
        final List<String> header;
        final List<CsvCell> cells;
        final Map<String, String> out = new HashMap<>();

        Row(PublishedFormat format, List<CsvCell> cells) {
            this.format = format;
            this.header = format.header();
            this.cells = cells;
        }

        int size() {
            return cells.size();
        }

        String text(int i) {
            return cells.get(i).trimmed();
        }

        boolean matches(int i, Pattern p) {
            return p.matcher(text(i)).matches();
        }

        CsvRowException reject(String reason) {
            return new CsvRowException(format.domain().id() + ": " + reason);
        }

        void requireAtLeast(int columns) throws CsvRowException {
            if (size() < columns) {
                throw reject("only " + size() + " fields, expected " + columns + " (" + header.get(0) + " .. "
                        + header.get(header.size() - 1) + ")");
            }
        }

        /** Assigns cells [from, to) to one column, rejoined with the commas the split removed. */
        void put(String column, int from, int to) throws CsvRowException {
            if (to <= from) {
                throw reject("no '" + column + "' field");
            }
            StringBuilder sb = new StringBuilder();
            for (int i = from; i < to; i++) {
                if (i > from) {
                    sb.append(',');
                }
                sb.append(cells.get(i).text());
            }
            out.put(column, sb.toString().strip());
        }

        /**
         * Assigns cells [from, to) to consecutive free-text columns. {@code absorber} (or null) is the column
         * documented to take extra commas when the blank-after-comma evidence does not settle it. Without an
         * absorber the evidence must agree with the count: the published surgery file has rows that lack one
         * free-text column yet have one comma too many, and trusting the count there would shift the text.
         */
        void segment(int from, int to, List<String> columns, String absorber) throws CsvRowException {
            int parts = to - from;
            int m = columns.size();
            if (parts < m) {
                throw reject("expected " + m + " fields for " + names(columns) + ", found " + parts
                        + " (a column is missing)");
            }
            if (parts == m && absorber != null) {
                for (int c = 0; c < m; c++) {
                    put(columns.get(c), from + c, from + c + 1);
                }
                return;
            }
            // Start a new column at every cell that does not continue the previous text.
            List<Integer> starts = new ArrayList<>();
            for (int i = from; i < to; i++) {
                if (i == from || !cells.get(i).continuation()) {
                    starts.add(i);
                }
            }
            if (starts.size() == m) {
                for (int c = 0; c < m; c++) {
                    put(columns.get(c), starts.get(c), c + 1 < m ? starts.get(c + 1) : to);
                }
                return;
            }
            if (absorber == null) {
                throw reject("cannot tell which text belongs to which of " + names(columns) + ": " + parts
                        + " comma-separated parts, " + starts.size() + " after rejoining ', ' continuations, for "
                        + m + " columns" + (starts.size() < m ? " (is a column missing?)" : ""));
            }
            int a = columns.indexOf(absorber);
            int extra = parts - m;
            for (int c = 0; c < m; c++) {
                int start = from + c + (c > a ? extra : 0);
                int end = start + 1 + (c == a ? extra : 0);
                put(columns.get(c), start, end);
            }
        }

        void check(String column, Pattern shape, String expected) throws CsvRowException {
            String value = out.get(column);
            if (value == null || !shape.matcher(value).matches()) {
                throw reject("'" + column + "' must be " + expected + ", got '" + value + "'");
            }
        }

        Map<String, String> inHeaderOrder() {
            Map<String, String> ordered = new LinkedHashMap<>();
            for (String column : header) {
                String value = out.get(column);
                if (value == null) {
                    throw new IllegalStateException(format + ": column " + column + " was not assigned");
                }
                ordered.put(column, value);
            }
            return ordered;
        }

        private static String names(List<String> columns) {
            return "'" + String.join("', '", columns) + "'";
        }
    }
}
