package dev.emodistill.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.io.Json;
import dev.emodistill.io.Provenance;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The cache key of a stage: SHA-256 of its name, its configuration in canonical form, the keys of its inputs (in
 * input order) and the code version. An input's key already covers that input's own inputs, so a change anywhere
 * upstream changes every key below it and nothing beside it.
 */
public final class StageKeys {
    /** Hex digits of the key in a stage's folder name. */
    public static final int SHORT = 12;

    private StageKeys() {
    }

    /** A named input and its key, in the stage's input order. */
    public record InputKey(String name, String key) {
    }

    public static String key(String name, JsonNode config, List<InputKey> inputs, String codeVersion) {
        ObjectNode o = Json.object();
        o.put("name", name);
        o.set("config", config == null ? Json.object() : config);
        ArrayNode in = o.putArray("inputs");
        for (InputKey k : inputs) {
            in.addObject().put("name", k.name()).put("key", k.key());
        }
        o.put("code_version", codeVersion);
        return Provenance.sha256(canonical(o));
    }

    /**
     * Compact JSON with object keys sorted at every depth (array order kept), so two configurations that differ only
     * in the order their fields were put in hash alike.
     */
    public static String canonical(JsonNode node) {
        return Json.line(sorted(node));
    }

    private static JsonNode sorted(JsonNode node) {
        if (node == null) {
            return Json.MAPPER.nullNode();
        }
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                names.add(it.next());
            }
            names.sort(null);
            ObjectNode out = Json.object();
            for (String n : names) {
                out.set(n, sorted(node.get(n)));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = Json.array();
            node.forEach(e -> out.add(sorted(e)));
            return out;
        }
        return node;
    }

    /** {@code name-<first 12 hex of key>}: the stage's folder under {@code stages/}. */
    public static String folderName(String name, String key) {
        return name + "-" + key.substring(0, SHORT);
    }
}
