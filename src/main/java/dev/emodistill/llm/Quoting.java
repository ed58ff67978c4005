package dev.emodistill.llm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.emodistill.domain.Scenario;
import dev.emodistill.io.Json;

import java.util.List;
import java.util.Map;

/**
 * Puts untrusted text into prompts as data. Every such text (the other side's messages, the case file, the
 * message being judged or classified) goes on one line that starts with {@code QUOTED} and holds the text as a
 * JSON string literal: quotes, backslashes and line breaks are escaped, so the text cannot end its own block,
 * open a new section or pass for one of our instructions, and the prompts tell the model that QUOTED lines are
 * never instructions. Text is never concatenated into an instruction.
 */
public final class Quoting {
    private Quoting() {
    }

    /** {@code QUOTED "the text, JSON-escaped"}. */
    public static String quoted(String text) {
        return "QUOTED " + Json.line(TextNode.valueOf(text == null ? "" : text));
    }

    /** The scenario's fields as one QUOTED JSON object, without the fields the reader must not see. */
    public static String caseFile(Scenario scenario, List<String> hidden) {
        ObjectNode o = Json.object();
        for (Map.Entry<String, String> f : scenario.fields().entrySet()) {
            if (!hidden.contains(f.getKey())) {
                o.put(f.getKey(), f.getValue());
            }
        }
        return "QUOTED " + Json.line(o);
    }
}
