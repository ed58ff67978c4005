package dev.emodistill.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.eval.Stats;
import dev.emodistill.io.Json;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Everything the study report shows, as immutable data: the {@code reproduce} pipeline fills it, caches it as JSON
 * ({@link #toJson()} / {@link #fromJson(JsonNode)}, an exact round trip) and hands it to {@link StudyReport}.
 *
 * <p>Conventions shared by every nested record: a number that was not measured or does not apply is {@code NaN}
 * (written as JSON {@code null}); an interval is a 95 % interval whose ends are both {@code NaN} when there is none,
 * and a {@code null} interval is read as that. Lists keep the order given, which is the order the report shows.
 *
 * @param title       the report's heading
 * @param scale       {@code tiny}, {@code small} or {@code paper}
 * @param provenance  what made the results: command, code version, seeds (copied; free-form)
 * @param generatedAt when the results were put together
 * @param methods     the main table: one row per (domain, method)
 * @param emotions    per-emotion effects, per domain
 * @param curves      training curves
 * @param transfer    one train × test domain matrix per agent (agent names unique)
 * @param personas    held-out persona transfer
 * @param standings   tournament standings, best first (per domain and role)
 * @param claims      the paper's claims with an honest verdict
 * @param tournaments one focal × counterparty match matrix per tournament (domains unique)
 */
public record StudyResults(String title, String scale, ObjectNode provenance, Instant generatedAt,
                           List<MethodRow> methods, List<EmotionEffect> emotions, List<Curve> curves,
                           List<TransferMatrix> transfer, List<PersonaTransfer> personas, List<Standing> standings,
                           List<Claim> claims, List<TournamentMatrix> tournaments) {
    /** The accepted values of {@link #scale()}. */
    public static final List<String> SCALES = List.of("tiny", "small", "paper");

    public StudyResults {
        title = title == null ? "" : title;
        if (scale == null || !SCALES.contains(scale)) {
            throw new IllegalArgumentException("scale must be one of " + SCALES + ", got " + scale);
        }
        provenance = provenance == null ? Json.object() : provenance.deepCopy();
        if (generatedAt == null) {
            throw new IllegalArgumentException("generatedAt is null");
        }
        methods = copy(methods, "methods");
        emotions = copy(emotions, "emotions");
        curves = copy(curves, "curves");
        transfer = copy(transfer, "transfer");
        personas = copy(personas, "personas");
        standings = copy(standings, "standings");
        claims = copy(claims, "claims");
        tournaments = copy(tournaments, "tournaments");
        unique(methods.stream().map(m -> m.domain() + " / " + m.method()).toList(), "main-table row (domain / method)");
        unique(emotions.stream().map(e -> e.domain() + " / " + e.emotion()).toList(), "emotion effect (domain / emotion)");
        unique(curves.stream().map(c -> c.group() + " / " + c.name()).toList(), "curve (group / name)");
        unique(transfer.stream().map(TransferMatrix::agent).toList(), "transfer matrix agent");
        unique(tournaments.stream().map(TournamentMatrix::domain).toList(), "tournament domain");
    }

    /** Results without tournament matrices. */
    public StudyResults(String title, String scale, ObjectNode provenance, Instant generatedAt,
                        List<MethodRow> methods, List<EmotionEffect> emotions, List<Curve> curves,
                        List<TransferMatrix> transfer, List<PersonaTransfer> personas, List<Standing> standings,
                        List<Claim> claims) {
        this(title, scale, provenance, generatedAt, methods, emotions, curves, transfer, personas, standings, claims,
                List.of());
    }

    /** The domains that have tournament standings or matrices, in first-seen order (standings first). */
    public List<String> tournamentDomains() {
        List<String> out = new ArrayList<>();
        standings.stream().map(Standing::domain).filter(d -> !d.isEmpty() && !out.contains(d)).forEach(out::add);
        tournaments.stream().map(TournamentMatrix::domain).filter(d -> !out.contains(d)).forEach(out::add);
        return out;
    }

    /** The provenance, as a copy: the record stays immutable. */
    @Override
    public ObjectNode provenance() {
        return provenance.deepCopy();
    }

    /** The domains of the main table, in first-seen order. */
    public List<String> methodDomains() {
        return methods.stream().map(MethodRow::domain).distinct().toList();
    }

    /** The domains that have per-emotion effects, in first-seen order. */
    public List<String> emotionDomains() {
        return emotions.stream().map(EmotionEffect::domain).distinct().toList();
    }

    /** The curve groups (e.g. {@code iql:debt}), in first-seen order. */
    public List<String> curveGroups() {
        return curves.stream().map(Curve::group).distinct().toList();
    }

    /** Everything as JSON; {@link #fromJson(JsonNode)} reads it back to an equal value. */
    public ObjectNode toJson() {
        return StudyResultsJson.write(this);
    }

    /**
     * Reads {@link #toJson()} output.
     *
     * @throws dev.emodistill.io.InputException naming the field when the JSON is missing or has a bad value
     */
    public static StudyResults fromJson(JsonNode node) {
        return StudyResultsJson.read(node);
    }

    /**
     * One row of the main table: a method's results on a domain's held-out scenarios and its paired comparison with
     * the reference method (NaN difference, interval and p and a null reference on the reference's own row).
     *
     * @param pValueVsReference scenario-clustered paired test, Holm-corrected across the comparisons
     */
    public record MethodRow(String domain, String method, int episodes, double successRate, Stats.Interval successCi,
                            double expectedUtility, Stats.Interval expectedUtilityCi, double meanDifferenceVsReference,
                            Stats.Interval differenceCi, double pValueVsReference, String reference) {
        public MethodRow {
            String where = "main-table row " + domain + " / " + method;
            domain = required(domain, "domain", where);
            method = required(method, "method", where);
            if (episodes < 0) {
                throw new IllegalArgumentException(where + ": episodes must be >= 0, got " + episodes);
            }
            successRate = probability(successRate, "successRate", where);
            successCi = interval(successCi, "successCi", where);
            expectedUtility = finiteOrNaN(expectedUtility, "expectedUtility", where);
            expectedUtilityCi = interval(expectedUtilityCi, "expectedUtilityCi", where);
            meanDifferenceVsReference = finiteOrNaN(meanDifferenceVsReference, "meanDifferenceVsReference", where);
            differenceCi = interval(differenceCi, "differenceCi", where);
            pValueVsReference = probability(pValueVsReference, "pValueVsReference", where);
            reference = reference == null || reference.isBlank() ? null : reference;
        }

        /** Whether this row has a comparison with a reference method. */
        public boolean compared() {
            return reference != null && !Double.isNaN(meanDifferenceVsReference);
        }
    }

    /** A fixed emotion's expected utility on one domain (the affective-prompting study). */
    public record EmotionEffect(String domain, String emotion, double expectedUtility, Stats.Interval ci) {
        public EmotionEffect {
            String where = "emotion effect " + domain + " / " + emotion;
            domain = required(domain, "domain", where);
            emotion = required(emotion, "emotion", where);
            expectedUtility = finiteOrNaN(expectedUtility, "expectedUtility", where);
            ci = interval(ci, "ci", where);
        }
    }

    /** One point of a training curve; the value may be NaN (e.g. a diverged loss), which breaks the drawn line. */
    public record Point(long step, double value) {
        public Point {
            if (Double.isInfinite(value)) {
                throw new IllegalArgumentException("curve point at step " + step + ": value must be finite or NaN");
            }
        }
    }

    /**
     * A training curve, e.g. name {@code q_loss} in group {@code iql:debt}; points in non-decreasing step order.
     * Curves of one group share a chart.
     */
    public record Curve(String name, String group, List<Point> points) {
        public Curve {
            String where = "curve " + group + " / " + name;
            name = required(name, "name", where);
            group = required(group, "group", where);
            points = copy(points, where + " points");
            for (int i = 1; i < points.size(); i++) {
                if (points.get(i).step() < points.get(i - 1).step()) {
                    throw new IllegalArgumentException(where + ": steps must not decrease (point " + i + ")");
                }
            }
        }
    }

    /**
     * A train-domain × test-domain matrix of expected utility for one agent; {@code [train][test]}, NaN where the
     * pair was not run. The arrays are copied in and out.
     */
    public record TransferMatrix(String agent, List<String> trainDomains, List<String> testDomains,
                                 double[][] expectedUtility, double[][] ciLow, double[][] ciHigh) {
        public TransferMatrix {
            String where = "transfer matrix " + agent;
            agent = required(agent, "agent", where);
            trainDomains = copy(trainDomains, where + " trainDomains");
            testDomains = copy(testDomains, where + " testDomains");
            if (trainDomains.isEmpty() || testDomains.isEmpty()) {
                throw new IllegalArgumentException(where + ": needs at least one train and one test domain");
            }
            unique(trainDomains, where + " train domain");
            unique(testDomains, where + " test domain");
            expectedUtility = grid(expectedUtility, trainDomains.size(), testDomains.size(), where + " expectedUtility");
            ciLow = grid(ciLow, trainDomains.size(), testDomains.size(), where + " ciLow");
            ciHigh = grid(ciHigh, trainDomains.size(), testDomains.size(), where + " ciHigh");
            for (int i = 0; i < trainDomains.size(); i++) {
                for (int j = 0; j < testDomains.size(); j++) {
                    String cell = where + " [" + trainDomains.get(i) + " -> " + testDomains.get(j) + "]";
                    interval(new Stats.Interval(ciLow[i][j], ciHigh[i][j]), "ci", cell);
                }
            }
        }

        @Override
        public double[][] expectedUtility() {
            return deepCopy(expectedUtility);
        }

        @Override
        public double[][] ciLow() {
            return deepCopy(ciLow);
        }

        @Override
        public double[][] ciHigh() {
            return deepCopy(ciHigh);
        }

        /** The value trained on {@code train} and tested on {@code test} (indices), NaN if not run. */
        public double value(int train, int test) {
            return expectedUtility[train][test];
        }

        public Stats.Interval ci(int train, int test) {
            return new Stats.Interval(ciLow[train][test], ciHigh[train][test]);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TransferMatrix t && agent.equals(t.agent) && trainDomains.equals(t.trainDomains)
                    && testDomains.equals(t.testDomains) && Arrays.deepEquals(expectedUtility, t.expectedUtility)
                    && Arrays.deepEquals(ciLow, t.ciLow) && Arrays.deepEquals(ciHigh, t.ciHigh);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * agent.hashCode() + trainDomains.hashCode()) + Arrays.deepHashCode(expectedUtility);
        }

        @Override
        public String toString() {
            return "TransferMatrix[agent=" + agent + ", train=" + trainDomains + ", test=" + testDomains
                    + ", expectedUtility=" + Arrays.deepToString(expectedUtility) + "]";
        }
    }

    /** A method's expected utility against a persona never seen in training, and its margin over the vanilla SLM. */
    public record PersonaTransfer(String domain, String persona, String method, double expectedUtility,
                                  Stats.Interval ci, double marginOverVanilla) {
        public PersonaTransfer {
            String where = "persona transfer " + domain + " / " + persona + " / " + method;
            domain = required(domain, "domain", where);
            persona = required(persona, "persona", where);
            method = required(method, "method", where);
            expectedUtility = finiteOrNaN(expectedUtility, "expectedUtility", where);
            ci = interval(ci, "ci", where);
            marginOverVanilla = finiteOrNaN(marginOverVanilla, "marginOverVanilla", where);
        }
    }

    /**
     * One line of a tournament's standings; {@code role} is e.g. {@code focal} or {@code counterparty}.
     *
     * @param domain      the tournament's domain, or empty when not known
     * @param meanUtility the agent's mean expected utility over its matches (its own role's utility)
     * @param ci          95 % interval of that mean (both ends NaN for none)
     */
    public record Standing(String domain, int rank, String agent, String role, double points, int wins, int draws,
                           int losses, double meanUtility, Stats.Interval ci) {
        public Standing {
            String where = "standing " + agent;
            domain = domain == null ? "" : domain;
            agent = required(agent, "agent", where);
            role = role == null ? "" : role;
            if (rank < 1 || wins < 0 || draws < 0 || losses < 0) {
                throw new IllegalArgumentException(where + ": rank must be >= 1 and wins, draws, losses >= 0");
            }
            points = finiteOrNaN(points, "points", where);
            meanUtility = finiteOrNaN(meanUtility, "meanUtility", where);
            ci = interval(ci, "ci", where);
        }

        /** A standing without domain or interval. */
        public Standing(int rank, String agent, String role, double points, int wins, int draws, int losses,
                        double meanUtility) {
            this("", rank, agent, role, points, wins, draws, losses, meanUtility, null);
        }
    }

    /**
     * The matches of one tournament: {@code [focal][counterparty]} expected utilities of the focal agent (with its
     * 95 % interval) and of the counterparty (1 - u on deals, 0 otherwise), NaN where a pair was not played. Arrays are
     * copied in and out.
     */
    public record TournamentMatrix(String domain, List<String> focal, List<String> counterparties, double[][] focalEu,
                                   double[][] ciLow, double[][] ciHigh, double[][] counterpartyEu) {
        public TournamentMatrix {
            String where = "tournament " + domain;
            domain = required(domain, "domain", where);
            focal = copy(focal, where + " focal");
            counterparties = copy(counterparties, where + " counterparties");
            if (focal.isEmpty() || counterparties.isEmpty()) {
                throw new IllegalArgumentException(where + ": needs at least one focal agent and one counterparty");
            }
            unique(focal, where + " focal agent");
            unique(counterparties, where + " counterparty");
            focalEu = grid(focalEu, focal.size(), counterparties.size(), where + " focalEu");
            ciLow = grid(ciLow, focal.size(), counterparties.size(), where + " ciLow");
            ciHigh = grid(ciHigh, focal.size(), counterparties.size(), where + " ciHigh");
            counterpartyEu = grid(counterpartyEu, focal.size(), counterparties.size(), where + " counterpartyEu");
            for (int i = 0; i < focal.size(); i++) {
                for (int j = 0; j < counterparties.size(); j++) {
                    interval(new Stats.Interval(ciLow[i][j], ciHigh[i][j]), "ci",
                            where + " [" + focal.get(i) + " vs " + counterparties.get(j) + "]");
                }
            }
        }

        @Override
        public double[][] focalEu() {
            return deepCopy(focalEu);
        }

        @Override
        public double[][] ciLow() {
            return deepCopy(ciLow);
        }

        @Override
        public double[][] ciHigh() {
            return deepCopy(ciHigh);
        }

        @Override
        public double[][] counterpartyEu() {
            return deepCopy(counterpartyEu);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TournamentMatrix t && domain.equals(t.domain) && focal.equals(t.focal)
                    && counterparties.equals(t.counterparties) && Arrays.deepEquals(focalEu, t.focalEu)
                    && Arrays.deepEquals(ciLow, t.ciLow) && Arrays.deepEquals(ciHigh, t.ciHigh)
                    && Arrays.deepEquals(counterpartyEu, t.counterpartyEu);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * domain.hashCode() + focal.hashCode()) + Arrays.deepHashCode(focalEu);
        }

        @Override
        public String toString() {
            return "TournamentMatrix[domain=" + domain + ", focal=" + focal + ", counterparties=" + counterparties
                    + ", focalEu=" + Arrays.deepToString(focalEu) + "]";
        }
    }

    /**
     * A claim of the paper and whether this run supports it.
     *
     * @param holds    true: holds, false: does not hold, null: not tested in this run
     * @param evidence the numbers behind the verdict, in words
     */
    public record Claim(String text, Boolean holds, String evidence) {
        public Claim {
            text = required(text, "text", "claim");
            evidence = evidence == null ? "" : evidence;
        }

        /** "holds", "does not hold" or "not tested". */
        public String verdict() {
            return holds == null ? "not tested" : holds ? "holds" : "does not hold";
        }
    }

    // --- validation helpers shared by the nested records ---

    static <T> List<T> copy(List<T> list, String what) {
        if (list == null) {
            return List.of();
        }
        for (T t : list) {
            if (t == null) {
                throw new IllegalArgumentException(what + " holds a null element");
            }
        }
        return List.copyOf(list);
    }

    private static String required(String value, String field, String where) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(where + ": " + field + " must not be blank");
        }
        return value;
    }

    private static double finiteOrNaN(double v, String field, String where) {
        if (Double.isInfinite(v)) {
            throw new IllegalArgumentException(where + ": " + field + " must be finite or NaN, got " + v);
        }
        return v;
    }

    private static double probability(double v, String field, String where) {
        if (!Double.isNaN(v) && !(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(where + ": " + field + " must lie in [0, 1] or be NaN, got " + v);
        }
        return v;
    }

    private static Stats.Interval interval(Stats.Interval ci, String field, String where) {
        if (ci == null) {
            return new Stats.Interval(Double.NaN, Double.NaN);
        }
        boolean none = Double.isNaN(ci.low()) && Double.isNaN(ci.high());
        if (!none && !(Double.isFinite(ci.low()) && Double.isFinite(ci.high()) && ci.low() <= ci.high())) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "%s: %s [%s, %s] must be finite with low <= high, or both NaN for none", where, field, ci.low(),
                    ci.high()));
        }
        return ci;
    }

    private static double[][] grid(double[][] g, int rows, int cols, String where) {
        if (g == null || g.length != rows) {
            throw new IllegalArgumentException(where + ": needs " + rows + " rows");
        }
        double[][] out = new double[rows][];
        for (int i = 0; i < rows; i++) {
            if (g[i] == null || g[i].length != cols) {
                throw new IllegalArgumentException(where + ": row " + i + " needs " + cols + " columns");
            }
            for (double v : g[i]) {
                finiteOrNaN(v, "cell", where);
            }
            out[i] = g[i].clone();
        }
        return out;
    }

    private static double[][] deepCopy(double[][] g) {
        double[][] out = new double[g.length][];
        for (int i = 0; i < g.length; i++) {
            out[i] = g[i].clone();
        }
        return out;
    }

    private static void unique(List<String> keys, String what) {
        Set<String> seen = new HashSet<>();
        List<String> dupes = new ArrayList<>();
        for (String k : keys) {
            if (!seen.add(k)) {
                dupes.add(k);
            }
        }
        if (!dupes.isEmpty()) {
            throw new IllegalArgumentException("duplicate " + what + ": " + dupes);
        }
    }
}
