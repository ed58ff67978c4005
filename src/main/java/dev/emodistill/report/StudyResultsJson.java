package dev.emodistill.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.eval.Stats;
import dev.emodistill.io.InputException;
import dev.emodistill.io.Json;
import dev.emodistill.report.StudyResults.Claim;
import dev.emodistill.report.StudyResults.Curve;
import dev.emodistill.report.StudyResults.EmotionEffect;
import dev.emodistill.report.StudyResults.MethodRow;
import dev.emodistill.report.StudyResults.PersonaTransfer;
import dev.emodistill.report.StudyResults.Point;
import dev.emodistill.report.StudyResults.Standing;
import dev.emodistill.report.StudyResults.TournamentMatrix;
import dev.emodistill.report.StudyResults.TransferMatrix;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The JSON form of {@link StudyResults}. Numbers are written unrounded so a cached copy reads back to an equal
 * value; NaN is written as {@code null} (JSON has no NaN) and an absent interval as {@code null}, otherwise
 * {@code [low, high]}. Curve points are {@code [step, value]} pairs to keep long curves compact. A standing's
 * {@code domain} and {@code ci} and the {@code tournaments} list came later; results written without them read back
 * with an empty domain, no interval and no tournaments.
 */
final class StudyResultsJson {
    static final int FORMAT = 1;

    private StudyResultsJson() {
    }

    static ObjectNode write(StudyResults r) {
        ObjectNode o = Json.object();
        o.put("format", FORMAT);
        o.put("title", r.title());
        o.put("scale", r.scale());
        o.put("generated_at", r.generatedAt().toString());
        o.set("provenance", r.provenance());
        ArrayNode methods = o.putArray("methods");
        for (MethodRow m : r.methods()) {
            ObjectNode j = methods.addObject();
            j.put("domain", m.domain());
            j.put("method", m.method());
            j.put("episodes", m.episodes());
            number(j, "success_rate", m.successRate());
            interval(j, "success_ci", m.successCi());
            number(j, "expected_utility", m.expectedUtility());
            interval(j, "expected_utility_ci", m.expectedUtilityCi());
            number(j, "mean_difference_vs_reference", m.meanDifferenceVsReference());
            interval(j, "difference_ci", m.differenceCi());
            number(j, "p_value_holm", m.pValueVsReference());
            if (m.reference() == null) {
                j.putNull("reference");
            } else {
                j.put("reference", m.reference());
            }
        }
        ArrayNode emotions = o.putArray("emotions");
        for (EmotionEffect e : r.emotions()) {
            ObjectNode j = emotions.addObject();
            j.put("domain", e.domain());
            j.put("emotion", e.emotion());
            number(j, "expected_utility", e.expectedUtility());
            interval(j, "ci", e.ci());
        }
        ArrayNode curves = o.putArray("curves");
        for (Curve c : r.curves()) {
            ObjectNode j = curves.addObject();
            j.put("group", c.group());
            j.put("name", c.name());
            ArrayNode points = j.putArray("points");
            for (Point p : c.points()) {
                ArrayNode pair = points.addArray();
                pair.add(p.step());
                if (Double.isNaN(p.value())) {
                    pair.addNull();
                } else {
                    pair.add(p.value());
                }
            }
        }
        ArrayNode transfer = o.putArray("transfer");
        for (TransferMatrix t : r.transfer()) {
            ObjectNode j = transfer.addObject();
            j.put("agent", t.agent());
            t.trainDomains().forEach(j.putArray("train_domains")::add);
            t.testDomains().forEach(j.putArray("test_domains")::add);
            grid(j, "expected_utility", t.expectedUtility());
            grid(j, "ci_low", t.ciLow());
            grid(j, "ci_high", t.ciHigh());
        }
        ArrayNode personas = o.putArray("personas");
        for (PersonaTransfer p : r.personas()) {
            ObjectNode j = personas.addObject();
            j.put("domain", p.domain());
            j.put("persona", p.persona());
            j.put("method", p.method());
            number(j, "expected_utility", p.expectedUtility());
            interval(j, "ci", p.ci());
            number(j, "margin_over_vanilla", p.marginOverVanilla());
        }
        ArrayNode standings = o.putArray("standings");
        for (Standing s : r.standings()) {
            ObjectNode j = standings.addObject();
            j.put("domain", s.domain());
            j.put("rank", s.rank());
            j.put("agent", s.agent());
            j.put("role", s.role());
            number(j, "points", s.points());
            j.put("wins", s.wins());
            j.put("draws", s.draws());
            j.put("losses", s.losses());
            number(j, "mean_utility", s.meanUtility());
            interval(j, "ci", s.ci());
        }
        ArrayNode claims = o.putArray("claims");
        for (Claim c : r.claims()) {
            ObjectNode j = claims.addObject();
            j.put("text", c.text());
            if (c.holds() == null) {
                j.putNull("holds");
            } else {
                j.put("holds", c.holds());
            }
            j.put("evidence", c.evidence());
        }
        ArrayNode tournaments = o.putArray("tournaments");
        for (TournamentMatrix t : r.tournaments()) {
            ObjectNode j = tournaments.addObject();
            j.put("domain", t.domain());
            t.focal().forEach(j.putArray("focal")::add);
            t.counterparties().forEach(j.putArray("counterparties")::add);
            grid(j, "focal_expected_utility", t.focalEu());
            grid(j, "ci_low", t.ciLow());
            grid(j, "ci_high", t.ciHigh());
            grid(j, "counterparty_expected_utility", t.counterpartyEu());
        }
        return o;
    }

    static StudyResults read(JsonNode node) {
        Reader in = new Reader(node, "");
        int format = in.integer("format");
        if (format != FORMAT) {
            throw in.error("format", "unsupported study results format " + format + " (this version reads " + FORMAT + ")");
        }
        JsonNode provenance = in.field("provenance");
        if (!provenance.isObject()) {
            throw in.error("provenance", "expected an object");
        }
        String generated = in.text("generated_at");
        Instant generatedAt;
        try {
            generatedAt = Instant.parse(generated);
        } catch (DateTimeParseException e) {
            throw in.error("generated_at", "not an ISO-8601 instant: " + generated);
        }
        return in.build("", () -> new StudyResults(in.text("title"), in.text("scale"), (ObjectNode) provenance,
                generatedAt,
                in.list("methods", m -> m.build("", () -> new MethodRow(m.text("domain"), m.text("method"),
                        m.integer("episodes"), m.number("success_rate"), m.interval("success_ci"),
                        m.number("expected_utility"), m.interval("expected_utility_ci"),
                        m.number("mean_difference_vs_reference"), m.interval("difference_ci"),
                        m.number("p_value_holm"), m.optionalText("reference")))),
                in.list("emotions", e -> e.build("", () -> new EmotionEffect(e.text("domain"), e.text("emotion"),
                        e.number("expected_utility"), e.interval("ci")))),
                in.list("curves", c -> c.build("", () -> new Curve(c.text("name"), c.text("group"),
                        c.list("points", Reader::point)))),
                in.list("transfer", t -> t.build("", () -> new TransferMatrix(t.text("agent"),
                        t.list("train_domains", Reader::string), t.list("test_domains", Reader::string),
                        t.grid("expected_utility"), t.grid("ci_low"), t.grid("ci_high")))),
                in.list("personas", p -> p.build("", () -> new PersonaTransfer(p.text("domain"), p.text("persona"),
                        p.text("method"), p.number("expected_utility"), p.interval("ci"),
                        p.number("margin_over_vanilla")))),
                in.list("standings", s -> s.build("", () -> new Standing(s.optionalText("domain"),
                        s.integer("rank"), s.text("agent"), s.text("role"), s.number("points"), s.integer("wins"),
                        s.integer("draws"), s.integer("losses"), s.number("mean_utility"),
                        s.node().has("ci") ? s.interval("ci") : null))),
                in.list("claims", c -> c.build("", () -> new Claim(c.text("text"), c.optionalBoolean("holds"),
                        c.text("evidence")))),
                node.has("tournaments") ? in.list("tournaments", t -> t.build("", () -> new TournamentMatrix(
                        t.text("domain"), t.list("focal", Reader::string), t.list("counterparties", Reader::string),
                        t.grid("focal_expected_utility"), t.grid("ci_low"), t.grid("ci_high"),
                        t.grid("counterparty_expected_utility")))) : List.of()));
    }

    private static void number(ObjectNode o, String key, double v) {
        if (Double.isNaN(v)) {
            o.putNull(key);
        } else {
            o.put(key, v);
        }
    }

    private static void interval(ObjectNode o, String key, Stats.Interval ci) {
        if (Double.isNaN(ci.low())) {
            o.putNull(key);
        } else {
            o.putArray(key).add(ci.low()).add(ci.high());
        }
    }

    private static void grid(ObjectNode o, String key, double[][] g) {
        ArrayNode rows = o.putArray(key);
        for (double[] row : g) {
            ArrayNode a = rows.addArray();
            for (double v : row) {
                if (Double.isNaN(v)) {
                    a.addNull();
                } else {
                    a.add(v);
                }
            }
        }
    }

    /** Reads fields of one JSON node and names the full path of any bad one in its error. */
    private record Reader(JsonNode node, String path) {
        InputException error(String field, String reason) {
            return new InputException("study results JSON, field '" + where(field) + "': " + reason);
        }

        private String where(String field) {
            if (field.isEmpty()) {
                return path.isEmpty() ? "(top level)" : path;
            }
            return path.isEmpty() ? field : path + "." + field;
        }

        JsonNode field(String name) {
            if (!node.isObject()) {
                throw error("", "expected an object");
            }
            JsonNode v = node.get(name);
            if (v == null || v.isMissingNode()) {
                throw error(name, "missing");
            }
            return v;
        }

        String text(String name) {
            JsonNode v = field(name);
            if (!v.isTextual()) {
                throw error(name, "expected a string");
            }
            return v.asText();
        }

        String optionalText(String name) {
            JsonNode v = node.get(name);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isTextual()) {
                throw error(name, "expected a string or null");
            }
            return v.asText();
        }

        Boolean optionalBoolean(String name) {
            JsonNode v = node.get(name);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isBoolean()) {
                throw error(name, "expected true, false or null");
            }
            return v.asBoolean();
        }

        int integer(String name) {
            JsonNode v = field(name);
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                throw error(name, "expected an integer");
            }
            return v.asInt();
        }

        /** A number, or null for NaN. */
        double number(String name) {
            return toDouble(field(name), name);
        }

        Stats.Interval interval(String name) {
            JsonNode v = field(name);
            if (v.isNull()) {
                return new Stats.Interval(Double.NaN, Double.NaN);
            }
            if (!v.isArray() || v.size() != 2) {
                throw error(name, "expected [low, high] or null");
            }
            return new Stats.Interval(toDouble(v.get(0), name + "[0]"), toDouble(v.get(1), name + "[1]"));
        }

        double[][] grid(String name) {
            JsonNode v = field(name);
            if (!v.isArray()) {
                throw error(name, "expected an array of rows");
            }
            double[][] g = new double[v.size()][];
            for (int i = 0; i < v.size(); i++) {
                JsonNode row = v.get(i);
                if (!row.isArray()) {
                    throw error(name + "[" + i + "]", "expected an array of numbers");
                }
                g[i] = new double[row.size()];
                for (int j = 0; j < row.size(); j++) {
                    g[i][j] = toDouble(row.get(j), name + "[" + i + "][" + j + "]");
                }
            }
            return g;
        }

        <T> List<T> list(String name, Function<Reader, T> element) {
            JsonNode v = field(name);
            if (!v.isArray()) {
                throw error(name, "expected an array");
            }
            List<T> out = new ArrayList<>(v.size());
            for (int i = 0; i < v.size(); i++) {
                out.add(element.apply(new Reader(v.get(i), where(name) + "[" + i + "]")));
            }
            return out;
        }

        String string() {
            if (!node.isTextual()) {
                throw error("", "expected a string");
            }
            return node.asText();
        }

        Point point() {
            if (!node.isArray() || node.size() != 2 || !node.get(0).isIntegralNumber()) {
                throw error("", "expected [step, value]");
            }
            return build("", () -> new Point(node.get(0).asLong(), toDouble(node.get(1), "")));
        }

        /** Runs a record constructor, turning its validation message into an error at this path. */
        <T> T build(String field, java.util.function.Supplier<T> constructor) {
            try {
                return constructor.get();
            } catch (IllegalArgumentException e) {
                throw error(field, e.getMessage());
            }
        }

        private double toDouble(JsonNode v, String name) {
            if (v == null || v.isNull()) {
                return Double.NaN;
            }
            if (!v.isNumber()) {
                throw error(name, "expected a number or null");
            }
            return v.asDouble();
        }
    }
}
