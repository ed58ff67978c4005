package dev.emodistill.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.io.AtomicFiles;
import dev.emodistill.io.Json;
import dev.emodistill.io.JsonLines;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The canonical scenario format: JSON Lines, one scenario per line, in input order. Each line carries
 * {@code schema_version}, {@code id}, {@code domain}, {@code unit}, numeric {@code focal_target} and
 * {@code counterparty_target}, {@code estimated} (a JSON boolean), and then every original field by its
 * header name (string values). Keys that are not reserved are original fields.
 */
public final class ScenarioFiles {
    /** Bumped when the line layout changes incompatibly; older versions stay readable. */
    public static final int SCHEMA_VERSION = 1;

    public static final String SCHEMA_VERSION_KEY = "schema_version";
    public static final String ID = "id";
    public static final String DOMAIN = "domain";
    public static final String UNIT = "unit";
    public static final String FOCAL_TARGET = "focal_target";
    public static final String COUNTERPARTY_TARGET = "counterparty_target";
    public static final String ESTIMATED = "estimated";

    private static final Set<String> RESERVED =
            Set.of(SCHEMA_VERSION_KEY, ID, DOMAIN, UNIT, FOCAL_TARGET, COUNTERPARTY_TARGET, ESTIMATED);

    private ScenarioFiles() {
    }

    /** The JSON object for one scenario. */
    public static ObjectNode toJson(Scenario s) {
        ObjectNode o = Json.object();
        o.put(SCHEMA_VERSION_KEY, SCHEMA_VERSION);
        o.put(ID, s.id());
        o.put(DOMAIN, s.domain().id());
        o.put(UNIT, s.unit().label());
        putNumber(o, FOCAL_TARGET, s.focalTarget());
        putNumber(o, COUNTERPARTY_TARGET, s.counterpartyTarget());
        o.put(ESTIMATED, s.estimated());
        for (Map.Entry<String, String> f : s.fields().entrySet()) {
            if (RESERVED.contains(f.getKey())) {
                throw new IllegalArgumentException("scenario " + s.id() + ": original field name '" + f.getKey()
                        + "' collides with a reserved key");
            }
            o.put(f.getKey(), f.getValue());
        }
        return o;
    }

    private static void putNumber(ObjectNode o, String key, double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            o.put(key, (long) value);
        } else {
            o.put(key, value);
        }
    }

    /** Writes the scenarios atomically (all or nothing). */
    public static void write(Path file, List<Scenario> scenarios) {
        AtomicFiles.write(file, out -> {
            for (Scenario s : scenarios) {
                out.write(Json.line(toJson(s)));
                out.write('\n');
            }
        });
    }

    /** Reads and validates a scenario file; every problem names the file, line and field. */
    public static List<Scenario> read(Path file) {
        List<Scenario> scenarios = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (JsonLines.Line line : JsonLines.read(file)) {
            Scenario s = parse(line);
            if (!ids.add(s.id())) {
                throw line.error(ID, "duplicate scenario id '" + s.id() + "'");
            }
            scenarios.add(s);
        }
        if (scenarios.isEmpty()) {
            throw new dev.emodistill.io.InputException(file + ": no scenarios in file");
        }
        return scenarios;
    }

    private static Scenario parse(JsonLines.Line line) {
        JsonNode n = line.node();
        if (!n.isObject()) {
            throw line.error(null, "expected a JSON object per line");
        }
        JsonNode version = n.get(SCHEMA_VERSION_KEY);
        if (version != null && (!version.canConvertToInt() || version.asInt() > SCHEMA_VERSION)) {
            throw line.error(SCHEMA_VERSION_KEY, "unsupported schema version " + version
                    + " (this build reads up to " + SCHEMA_VERSION + ")");
        }
        String id = text(line, ID);
        String domainText = text(line, DOMAIN);
        Domain domain = Domain.parse(domainText).orElseThrow(() -> line.error(DOMAIN,
                "unknown domain '" + domainText + "' (expected one of " + Domain.idsForHelp() + ")"));
        double focal = number(line, FOCAL_TARGET);
        double counterparty = number(line, COUNTERPARTY_TARGET);
        JsonNode est = n.get(ESTIMATED);
        if (est == null || !est.isBoolean()) {
            throw line.error(ESTIMATED, est == null ? "missing" : "must be true or false, got " + est);
        }
        JsonNode unit = n.get(UNIT);
        if (unit != null && !unit.asText().equals(domain.unit().label())) {
            throw line.error(UNIT, "domain " + domain.id() + " uses unit '" + domain.unit().label() + "', got " + unit);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!RESERVED.contains(e.getKey())) {
                fields.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString());
            }
        }
        return new Scenario(id, domain, focal, counterparty, est.asBoolean(), fields);
    }

    private static String text(JsonLines.Line line, String field) {
        JsonNode v = line.node().get(field);
        if (v == null || v.isNull()) {
            throw line.error(field, "missing");
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw line.error(field, "must be a non-empty string, got " + v);
        }
        return v.asText();
    }

    private static double number(JsonLines.Line line, String field) {
        JsonNode v = line.node().get(field);
        if (v == null || v.isNull()) {
            throw line.error(field, "missing");
        }
        if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
            throw line.error(field, "must be a number, got " + v);
        }
        return v.asDouble();
    }
}
