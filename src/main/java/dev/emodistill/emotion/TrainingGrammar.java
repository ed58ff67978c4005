package dev.emodistill.emotion;

import com.fasterxml.jackson.databind.JsonNode;
import dev.emodistill.io.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The combinatorial grammar behind {@link TrainingSentences}: per-emotion templates whose {@code {slot}}
 * references expand to every combination of slot values. Loaded from a bundled JSON resource so the wording
 * can be reviewed and extended without touching code.
 *
 * <p>Layout: {@code slots} (global slot lists) and {@code emotions} (one object per GoEmotions label with
 * optional {@code slots} that shadow the global ones, and template lists {@code perception},
 * {@code evaluation} and {@code shared}). A slot value may itself contain slot references.
 */
final class TrainingGrammar {
    static final String RESOURCE = "dev/emodistill/emotion/training-grammar.json";

    /** Deep enough for any sane nesting, shallow enough to stop a self-referencing slot. */
    private static final int MAX_DEPTH = 16;

    private static final Pattern SLOT = Pattern.compile("\\{([a-z_]+)}");
    private static final Pattern SPACE_BEFORE_PUNCT = Pattern.compile("\\s+([.,;:!?])");
    /** "a" before a vowel-initial word; the grammar avoids words like "useful" or "one" after "a". */
    private static final Pattern ARTICLE = Pattern.compile("\\b([Aa]) (?=[aeioAEIO])");

    /** Which pool a template feeds: one pool only, or both with a hash splitting its sentences. */
    enum Source { PERCEPTION, EVALUATION, SHARED }

    /** One template of one emotion; {@code index} numbers it within its emotion and source. */
    record Template(Emotion emotion, Source source, int index, String text) {
    }

    private final Map<String, List<String>> globalSlots;
    private final Map<Emotion, Map<String, List<String>>> emotionSlots;
    private final List<Template> templates;

    private TrainingGrammar(Map<String, List<String>> globalSlots,
                            Map<Emotion, Map<String, List<String>>> emotionSlots,
                            List<Template> templates) {
        this.globalSlots = globalSlots;
        this.emotionSlots = emotionSlots;
        this.templates = templates;
    }

    /** Loads the bundled grammar; a broken resource is a packaging bug, hence unchecked. */
    static TrainingGrammar load() {
        try (InputStream in = TrainingGrammar.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("classpath resource " + RESOURCE + " is missing");
            }
            return parse(Json.MAPPER.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
        }
    }

    static TrainingGrammar parse(JsonNode root) {
        Map<String, List<String>> global = slotLists(root.path("slots"), "slots");
        JsonNode emotions = root.path("emotions");
        if (!emotions.isObject()) {
            throw new IllegalStateException(RESOURCE + ": 'emotions' must be an object");
        }
        Map<Emotion, Map<String, List<String>>> local = new LinkedHashMap<>();
        List<Template> templates = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : emotions.properties()) {
            Emotion emotion = Emotion.parse(e.getKey())
                    .filter(x -> !x.isControl())
                    .orElseThrow(() -> new IllegalStateException(RESOURCE + ": unknown emotion '" + e.getKey() + "'"));
            if (local.containsKey(emotion)) {
                throw new IllegalStateException(RESOURCE + ": emotion '" + e.getKey() + "' appears twice");
            }
            local.put(emotion, slotLists(e.getValue().path("slots"), e.getKey() + ".slots"));
            for (Source source : Source.values()) {
                String key = source.name().toLowerCase(Locale.ROOT);
                List<String> texts = strings(e.getValue().path(key), e.getKey() + "." + key, true);
                for (int i = 0; i < texts.size(); i++) {
                    templates.add(new Template(emotion, source, i, texts.get(i)));
                }
            }
        }
        for (Emotion emotion : Emotion.GOEMOTIONS) {
            if (!local.containsKey(emotion)) {
                throw new IllegalStateException(RESOURCE + ": no templates for emotion '" + emotion.label() + "'");
            }
        }
        return new TrainingGrammar(global, local, List.copyOf(templates));
    }

    /** Every template, in resource order (emotion, then perception, evaluation, shared). */
    List<Template> templates() {
        return templates;
    }

    /** Every sentence the template yields, tidied, in a fixed enumeration order (duplicates possible). */
    List<String> expand(Template template) {
        List<String> raw = new ArrayList<>();
        expandInto(template.text(), template, raw, 0);
        List<String> out = new ArrayList<>(raw.size());
        for (String s : raw) {
            out.add(tidy(s));
        }
        return out;
    }

    private void expandInto(String text, Template template, List<String> out, int depth) {
        Matcher m = SLOT.matcher(text);
        if (!m.find()) {
            if (text.indexOf('{') >= 0 || text.indexOf('}') >= 0) {
                throw new IllegalStateException(RESOURCE + ": malformed slot in '" + template.text() + "' ("
                        + template.emotion().label() + ")");
            }
            out.add(text);
            return;
        }
        if (depth > MAX_DEPTH) {
            throw new IllegalStateException(RESOURCE + ": slots nest too deeply in '" + template.text() + "'");
        }
        String name = m.group(1);
        List<String> values = emotionSlots.get(template.emotion()).get(name);
        if (values == null) {
            values = globalSlots.get(name);
        }
        if (values == null) {
            throw new IllegalStateException(RESOURCE + ": unknown slot {" + name + "} in '" + template.text()
                    + "' (" + template.emotion().label() + ")");
        }
        String before = text.substring(0, m.start());
        String after = text.substring(m.end());
        for (String value : values) {
            // Re-scan from the start: the value may carry slots of its own.
            expandInto(before + value + after, template, out, depth + 1);
        }
    }

    /**
     * Whitespace, punctuation spacing, "a"/"an" and sentence-initial capitals: slot values are written in
     * lower case so one list serves both the start and the middle of a sentence.
     */
    static String tidy(String s) {
        String t = s.trim().replaceAll("\\s+", " ");
        t = SPACE_BEFORE_PUNCT.matcher(t).replaceAll("$1");
        t = ARTICLE.matcher(t).replaceAll("$1n ");
        StringBuilder sb = new StringBuilder(t);
        boolean capitalise = true;
        for (int i = 0; i < sb.length(); i++) {
            char c = sb.charAt(i);
            if (capitalise && Character.isLetter(c)) {
                sb.setCharAt(i, Character.toUpperCase(c));
                capitalise = false;
            } else if (c == '.' || c == '!' || c == '?') {
                capitalise = i + 1 < sb.length() && sb.charAt(i + 1) == ' ';
            } else if (c != ' ' && capitalise && !Character.isLetter(c)) {
                capitalise = false;
            }
        }
        return sb.toString();
    }

    private static Map<String, List<String>> slotLists(JsonNode node, String where) {
        Map<String, List<String>> slots = new LinkedHashMap<>();
        if (node.isMissingNode()) {
            return slots;
        }
        if (!node.isObject()) {
            throw new IllegalStateException(RESOURCE + ": '" + where + "' must be an object");
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!SLOT.matcher("{" + e.getKey() + "}").matches()) {
                throw new IllegalStateException(RESOURCE + ": bad slot name '" + e.getKey() + "' in " + where);
            }
            List<String> values = strings(e.getValue(), where + "." + e.getKey(), false);
            if (values.isEmpty()) {
                throw new IllegalStateException(RESOURCE + ": slot " + where + "." + e.getKey() + " is empty");
            }
            slots.put(e.getKey(), values);
        }
        return slots;
    }

    private static List<String> strings(JsonNode node, String where, boolean optional) {
        if (node.isMissingNode() && optional) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new IllegalStateException(RESOURCE + ": '" + where + "' must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode v : node) {
            if (!v.isTextual()) {
                throw new IllegalStateException(RESOURCE + ": '" + where + "' must hold only strings");
            }
            out.add(v.asText());
        }
        return out;
    }
}
