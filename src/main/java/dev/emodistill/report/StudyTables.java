package dev.emodistill.report;

import dev.emodistill.eval.Stats;
import dev.emodistill.report.StudyResults.Claim;
import dev.emodistill.report.StudyResults.Curve;
import dev.emodistill.report.StudyResults.EmotionEffect;
import dev.emodistill.report.StudyResults.MethodRow;
import dev.emodistill.report.StudyResults.PersonaTransfer;
import dev.emodistill.report.StudyResults.Point;
import dev.emodistill.report.StudyResults.Standing;
import dev.emodistill.report.StudyResults.TournamentMatrix;
import dev.emodistill.report.StudyResults.TransferMatrix;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The tables of the study report, in two flavours: <em>data</em> tables for CSV (one value per column, interval
 * ends in columns of their own, full precision to four decimals, empty for not measured) and <em>display</em>
 * tables for HTML, Markdown and the terminal (intervals as {@code [low, high]}, three decimals).
 */
public final class StudyTables {
    private static final int DATA_DECIMALS = 4;
    private static final int SHOWN_DECIMALS = 3;

    private StudyTables() {
    }

    // --- data tables (CSV) ---

    public static Table mainData(StudyResults r) {
        List<List<String>> rows = new ArrayList<>();
        for (MethodRow m : r.methods()) {
            rows.add(List.of(m.domain(), m.method(), Integer.toString(m.episodes()), d(m.successRate()),
                    d(m.successCi().low()), d(m.successCi().high()), d(m.expectedUtility()),
                    d(m.expectedUtilityCi().low()), d(m.expectedUtilityCi().high()), d(m.meanDifferenceVsReference()),
                    d(m.differenceCi().low()), d(m.differenceCi().high()), p(m.pValueVsReference()),
                    m.reference() == null ? "" : m.reference()));
        }
        return new Table(List.of("domain", "method", "episodes", "success_rate", "success_ci_low", "success_ci_high",
                "expected_utility", "expected_utility_ci_low", "expected_utility_ci_high", "difference_vs_reference",
                "difference_ci_low", "difference_ci_high", "p_value_holm", "reference"), rows);
    }

    public static Table emotionsData(StudyResults r) {
        List<List<String>> rows = new ArrayList<>();
        for (EmotionEffect e : r.emotions()) {
            rows.add(List.of(e.domain(), e.emotion(), d(e.expectedUtility()), d(e.ci().low()), d(e.ci().high())));
        }
        return new Table(List.of("domain", "emotion", "expected_utility", "ci_low", "ci_high"), rows);
    }

    /** Long form: one row per (train, test) pair, empty values where not run. */
    public static Table transferData(TransferMatrix t) {
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < t.trainDomains().size(); i++) {
            for (int j = 0; j < t.testDomains().size(); j++) {
                Stats.Interval ci = t.ci(i, j);
                rows.add(List.of(t.agent(), t.trainDomains().get(i), t.testDomains().get(j), d(t.value(i, j)),
                        d(ci.low()), d(ci.high())));
            }
        }
        return new Table(List.of("agent", "train_domain", "test_domain", "expected_utility", "ci_low", "ci_high"),
                rows);
    }

    public static Table personasData(StudyResults r) {
        List<List<String>> rows = new ArrayList<>();
        for (PersonaTransfer p : r.personas()) {
            rows.add(List.of(p.domain(), p.persona(), p.method(), d(p.expectedUtility()), d(p.ci().low()),
                    d(p.ci().high()), d(p.marginOverVanilla())));
        }
        return new Table(List.of("domain", "persona", "method", "expected_utility", "ci_low", "ci_high",
                "margin_over_vanilla"), rows);
    }

    /** Every standing of every tournament. */
    public static Table tournamentData(StudyResults r) {
        List<List<String>> rows = new ArrayList<>();
        for (Standing s : r.standings()) {
            rows.add(List.of(s.domain(), s.role(), Integer.toString(s.rank()), s.agent(), d(s.meanUtility()),
                    d(s.ci().low()), d(s.ci().high()), Integer.toString(s.wins()), Integer.toString(s.draws()),
                    Integer.toString(s.losses()), d(s.points())));
        }
        return new Table(List.of("domain", "role", "rank", "agent", "mean_utility", "ci_low", "ci_high", "wins",
                "draws", "losses", "points"), rows);
    }

    /** Every match of every tournament: both sides' expected utilities (empty where a pair was not played). */
    public static Table tournamentMatchesData(StudyResults r) {
        List<List<String>> rows = new ArrayList<>();
        for (TournamentMatrix t : r.tournaments()) {
            for (int i = 0; i < t.focal().size(); i++) {
                for (int j = 0; j < t.counterparties().size(); j++) {
                    rows.add(List.of(t.domain(), t.focal().get(i), t.counterparties().get(j), d(t.focalEu()[i][j]),
                            d(t.ciLow()[i][j]), d(t.ciHigh()[i][j]), d(t.counterpartyEu()[i][j])));
                }
            }
        }
        return new Table(List.of("domain", "focal", "counterparty", "focal_expected_utility", "focal_ci_low",
                "focal_ci_high", "counterparty_expected_utility"), rows);
    }

    /** Every point of every curve, unthinned; values keep full precision since losses can be tiny. */
    public static Table curvesData(StudyResults r) {
        List<List<String>> rows = new ArrayList<>();
        for (Curve c : r.curves()) {
            for (Point p : c.points()) {
                rows.add(List.of(c.group(), c.name(), Long.toString(p.step()),
                        Double.isNaN(p.value()) ? "" : Double.toString(p.value())));
            }
        }
        return new Table(List.of("group", "name", "step", "value"), rows);
    }

    public static Table claimsData(StudyResults r) {
        List<List<String>> rows = new ArrayList<>();
        for (Claim c : r.claims()) {
            rows.add(List.of(c.text(), c.holds() == null ? "" : c.holds().toString(), c.verdict(), c.evidence()));
        }
        return new Table(List.of("claim", "holds", "verdict", "evidence"), rows);
    }

    // --- display tables (HTML, Markdown, terminal) ---

    /** Methods × domains of expected utility with 95 % intervals: the one table to print after a run. */
    public static Table overview(StudyResults r) {
        List<String> domains = r.methodDomains();
        Map<String, Map<String, MethodRow>> byMethod = new LinkedHashMap<>();
        for (MethodRow m : r.methods()) {
            byMethod.computeIfAbsent(m.method(), k -> new LinkedHashMap<>()).put(m.domain(), m);
        }
        List<String> headers = new ArrayList<>();
        headers.add("method");
        domains.forEach(dm -> headers.add(dm + ": expected utility [95 % CI]"));
        List<List<String>> rows = new ArrayList<>();
        for (Map.Entry<String, Map<String, MethodRow>> e : byMethod.entrySet()) {
            List<String> row = new ArrayList<>();
            row.add(e.getKey());
            for (String dm : domains) {
                MethodRow m = e.getValue().get(dm);
                row.add(m == null ? "not run" : withCi(m.expectedUtility(), m.expectedUtilityCi()));
            }
            rows.add(row);
        }
        return new Table(headers, rows);
    }

    /** One domain's rows of the main table. */
    public static Table main(StudyResults r, String domain) {
        List<List<String>> rows = new ArrayList<>();
        for (MethodRow m : r.methods()) {
            if (m.domain().equals(domain)) {
                String difference = signed(m.meanDifferenceVsReference());
                String differenceCi = ci(m.differenceCi());
                rows.add(List.of(m.method(), Integer.toString(m.episodes()), withCi(m.successRate(), m.successCi()),
                        withCi(m.expectedUtility(), m.expectedUtilityCi()),
                        differenceCi.isEmpty() ? difference : difference + " " + differenceCi,
                        p(m.pValueVsReference()), m.reference() == null ? "(reference)" : m.reference()));
            }
        }
        return new Table(List.of("method", "episodes", "success rate [95 % CI]", "expected utility [95 % CI]",
                "difference vs reference [95 % CI]", "p (Holm)", "reference"), rows);
    }

    /** Emotions × domains of expected utility with 95 % intervals. */
    public static Table emotions(StudyResults r) {
        List<String> domains = r.emotionDomains();
        Map<String, Map<String, EmotionEffect>> byEmotion = new LinkedHashMap<>();
        for (EmotionEffect e : r.emotions()) {
            byEmotion.computeIfAbsent(e.emotion(), k -> new LinkedHashMap<>()).put(e.domain(), e);
        }
        List<String> headers = new ArrayList<>();
        headers.add("emotion");
        headers.addAll(domains);
        List<List<String>> rows = new ArrayList<>();
        for (Map.Entry<String, Map<String, EmotionEffect>> e : byEmotion.entrySet()) {
            List<String> row = new ArrayList<>();
            row.add(e.getKey());
            for (String dm : domains) {
                EmotionEffect x = e.getValue().get(dm);
                row.add(x == null ? "not run" : withCi(x.expectedUtility(), x.ci()));
            }
            rows.add(row);
        }
        return new Table(headers, rows);
    }

    /** The matrix as a grid: train domains down, test domains across. */
    public static Table transfer(TransferMatrix t) {
        List<String> headers = new ArrayList<>();
        headers.add("trained on ↓ / tested on →");
        headers.addAll(t.testDomains());
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < t.trainDomains().size(); i++) {
            List<String> row = new ArrayList<>();
            row.add(t.trainDomains().get(i));
            for (int j = 0; j < t.testDomains().size(); j++) {
                row.add(Double.isNaN(t.value(i, j)) ? "not run" : withCi(t.value(i, j), t.ci(i, j)));
            }
            rows.add(row);
        }
        return new Table(headers, rows);
    }

    public static Table personas(StudyResults r) {
        List<List<String>> rows = new ArrayList<>();
        for (PersonaTransfer p : r.personas()) {
            rows.add(List.of(p.domain(), p.persona(), p.method(), withCi(p.expectedUtility(), p.ci()),
                    signed(p.marginOverVanilla())));
        }
        return new Table(List.of("domain", "held-out persona", "method", "expected utility [95 % CI]",
                "margin over vanilla"), rows);
    }

    public static Table tournament(StudyResults r) {
        List<List<String>> rows = new ArrayList<>();
        for (Standing s : r.standings()) {
            rows.add(List.of(Integer.toString(s.rank()), s.agent(), s.role(), SvgFormat.plain(s.points()),
                    Integer.toString(s.wins()), Integer.toString(s.draws()), Integer.toString(s.losses()),
                    withCi(s.meanUtility(), s.ci())));
        }
        return new Table(List.of("rank", "agent", "role", "points", "wins", "draws", "losses", "mean utility"), rows);
    }

    /** One role's standings in one domain's tournament, best first. */
    public static Table tournament(StudyResults r, String domain, String role) {
        List<List<String>> rows = new ArrayList<>();
        for (Standing s : r.standings()) {
            if (s.domain().equals(domain) && s.role().equals(role)) {
                rows.add(List.of(Integer.toString(s.rank()), s.agent(), withCi(s.meanUtility(), s.ci()),
                        Integer.toString(s.wins()), Integer.toString(s.draws()), Integer.toString(s.losses()),
                        SvgFormat.plain(s.points())));
            }
        }
        String utility = role.equals("counterparty") ? "mean counterparty utility (1 - u) [95 % CI]"
                : "mean expected utility [95 % CI]";
        return new Table(List.of("rank", role.equals("counterparty") ? "counterparty" : "focal agent", utility, "wins",
                "draws", "losses", "points"), rows);
    }

    /** A tournament's matches as a focal × counterparty grid of "focal EU / counterparty EU". */
    public static Table tournamentMatches(TournamentMatrix t) {
        List<String> headers = new ArrayList<>();
        headers.add("focal agent");
        headers.addAll(t.counterparties());
        List<List<String>> rows = new ArrayList<>();
        double[][] f = t.focalEu();
        double[][] c = t.counterpartyEu();
        for (int i = 0; i < t.focal().size(); i++) {
            List<String> row = new ArrayList<>();
            row.add(t.focal().get(i));
            for (int j = 0; j < t.counterparties().size(); j++) {
                row.add(Double.isNaN(f[i][j]) ? "not run" : s(f[i][j]) + " / " + s(c[i][j]));
            }
            rows.add(row);
        }
        return new Table(headers, rows);
    }

    /** One line per curve: its extent and where it started and ended (NaN points ignored). */
    public static Table curves(StudyResults r) {
        List<List<String>> rows = new ArrayList<>();
        for (Curve c : r.curves()) {
            List<Point> finite = c.points().stream().filter(pt -> !Double.isNaN(pt.value())).toList();
            double min = finite.stream().mapToDouble(Point::value).min().orElse(Double.NaN);
            double max = finite.stream().mapToDouble(Point::value).max().orElse(Double.NaN);
            rows.add(List.of(c.group(), c.name(), Integer.toString(c.points().size()),
                    c.points().isEmpty() ? "" : Long.toString(c.points().get(c.points().size() - 1).step()),
                    finite.isEmpty() ? "" : g(finite.get(0).value()),
                    finite.isEmpty() ? "" : g(finite.get(finite.size() - 1).value()), g(min), g(max)));
        }
        return new Table(List.of("run", "curve", "points", "last step", "first value", "last value", "min", "max"),
                rows);
    }

    public static Table claims(StudyResults r) {
        List<List<String>> rows = new ArrayList<>();
        for (Claim c : r.claims()) {
            rows.add(List.of(c.text(), c.verdict(), c.evidence()));
        }
        return new Table(List.of("claim", "verdict", "evidence"), rows);
    }

    /** "3 hold, 1 does not hold, 2 not tested." */
    public static String claimSummary(StudyResults r) {
        long holds = r.claims().stream().filter(c -> Boolean.TRUE.equals(c.holds())).count();
        long fails = r.claims().stream().filter(c -> Boolean.FALSE.equals(c.holds())).count();
        long untested = r.claims().size() - holds - fails;
        return String.format(Locale.ROOT, "%d of %d claims hold, %d %s not hold, %d %s not tested.", holds,
                r.claims().size(), fails, fails == 1 ? "does" : "do", untested, untested == 1 ? "is" : "are");
    }

    // --- formatting ---

    /** Four decimals for CSV; empty for not measured. */
    static String d(double v) {
        return Double.isNaN(v) ? "" : SvgFormat.fixed(v, DATA_DECIMALS);
    }

    /** Three decimals for people; empty for not measured. */
    static String s(double v) {
        return Double.isNaN(v) ? "" : SvgFormat.fixed(v, SHOWN_DECIMALS);
    }

    /** A difference, with its sign. */
    static String signed(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        String t = SvgFormat.fixed(v, SHOWN_DECIMALS);
        return t.startsWith("-") || t.matches("0\\.0*") ? t : "+" + t;
    }

    static String ci(Stats.Interval i) {
        return Double.isNaN(i.low()) ? "" : "[" + s(i.low()) + ", " + s(i.high()) + "]";
    }

    static String withCi(double v, Stats.Interval i) {
        if (Double.isNaN(v)) {
            return "not measured";
        }
        String interval = ci(i);
        return interval.isEmpty() ? s(v) : s(v) + " " + interval;
    }

    /** A p-value to three significant digits. */
    static String p(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.3g", v);
    }

    /** A curve value: four significant digits, however small (losses can be 1e-5). */
    private static String g(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4g", v);
    }
}
