package dev.emodistill.sim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.io.InputException;
import dev.emodistill.sim.PhraseBankSchema.Kind;
import dev.emodistill.sim.PhraseBankSchema.Role;
import dev.emodistill.sim.PhraseBankSchema.Section;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks one parsed bank file against its {@link Role}, failing on the first bad entry it meets. */
final class PhraseBankValidator {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{[^{}]*}");
    private static final String OFFER = "{offer}";
    private static final String TOPIC = "{topic}";

    private final Role role;
    private final String source;

    PhraseBankValidator(Role role, String source) {
        this.role = role;
        this.source = source;
    }

    Map<String, Map<String, List<String>>> validate(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw fail(null, "the top level must be a JSON object");
        }
        JsonNode version = root.get("schema_version");
        if (version == null || !version.isIntegralNumber() || version.asInt() != 1) {
            throw fail("schema_version", "must be 1, found " + version);
        }
        Set<String> allowed = new LinkedHashSet<>();
        allowed.add("schema_version");
        role.sections.forEach(s -> allowed.add(s.name()));
        rejectUnknownKeys(root, allowed, null);

        // Normalised sentence -> where it was first seen, across every emotion's openers and closers, so one
        // sentence can never carry two emotions (the perceived emotion must be a function of the text).
        Map<String, String> emotionalLines = new HashMap<>();
        Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
        for (Section section : role.sections) {
            sections.put(section.name(), section(root, section, emotionalLines));
        }
        return sections;
    }

    private Map<String, List<String>> section(JsonNode root, Section section, Map<String, String> emotionalLines) {
        JsonNode node = root.get(section.name());
        if (node == null || !node.isObject()) {
            throw fail(section.name(), "missing, or not a JSON object keyed by "
                    + (section.keys().emotional() ? "emotion label" : "domain id"));
        }
        List<String> keys = section.keys().labels();
        rejectUnknownKeys(node, new LinkedHashSet<>(keys), section.name());
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String key : keys) {
            String path = section.name() + "." + key;
            JsonNode list = node.get(key);
            if (list == null || !list.isArray()) {
                throw fail(path, "missing, or not a JSON array of strings");
            }
            if (list.size() < section.minEntries()) {
                throw fail(path, "needs at least " + section.minEntries() + " entries, has " + list.size());
            }
            Emotion emotion = section.keys().emotional() ? Emotion.parse(key).orElseThrow() : null;
            Map<String, Integer> seen = new HashMap<>();
            List<String> entries = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                String at = path + "[" + i + "]";
                JsonNode item = list.get(i);
                if (!item.isTextual()) {
                    throw fail(at, "must be a string, found " + item.getNodeType());
                }
                String text = item.asText();
                String problem = problem(section.kind(), emotion, text);
                if (problem != null) {
                    throw fail(at, problem + ": \"" + text + "\"");
                }
                String norm = normalise(text);
                Integer earlier = seen.putIfAbsent(norm, i);
                if (earlier != null) {
                    throw fail(at, "duplicates entry [" + earlier + "] of the same list: \"" + text + "\"");
                }
                if (emotion != null) {
                    String other = emotionalLines.putIfAbsent(norm, at);
                    if (other != null) {
                        throw fail(at, "the same sentence is already at " + other + ": \"" + text + "\"");
                    }
                }
                entries.add(text);
            }
            out.put(key, List.copyOf(entries));
        }
        return Collections.unmodifiableMap(out);
    }

    /** Why {@code text} is not a valid entry of this kind, or null when it is. */
    private String problem(Kind kind, Emotion emotion, String text) {
        String shape = shapeProblem(kind, text);
        if (shape != null) {
            return shape;
        }
        String slots = placeholderProblem(kind, text);
        if (slots != null) {
            return slots;
        }
        String bare = PLACEHOLDER.matcher(text).replaceAll("X");
        if (bare.chars().anyMatch(Character::isDigit)) {
            return "contains a digit";
        }
        Matcher m = PhraseBankWords.NUMBER_WORDS.matcher(bare);
        if (m.find()) {
            return "contains the number word '" + m.group() + "'";
        }
        m = PhraseBankWords.UNIT_WORDS.matcher(bare);
        if (m.find() || (m = PhraseBankWords.MERIDIEM.matcher(bare)).find()) {
            return "contains the time word '" + m.group() + "'";
        }
        if (!kind.allowsFrameTimeWords() && (m = PhraseBankWords.FRAME_TIME_WORDS.matcher(bare)).find()) {
            return "contains the time word '" + m.group() + "' outside an offer or accept sentence";
        }
        int words = bare.split("\\s+").length;
        if (words < kind.minWords || words > kind.maxWords) {
            return "has " + words + " words; " + kind.name().toLowerCase(Locale.ROOT) + " entries need "
                    + kind.minWords + " to " + kind.maxWords;
        }
        return cueProblem(kind, emotion, bare);
    }

    private String shapeProblem(Kind kind, String text) {
        if (text.isBlank()) {
            return "is blank";
        }
        if (!text.equals(text.strip()) || text.contains("  ")) {
            return "has leading, trailing or doubled spaces";
        }
        // Plain ASCII keeps curly quotes and dashes out of the tokenizer and out of digit-masked cache keys.
        if (!text.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            return "contains a character outside printable ASCII";
        }
        if (kind == Kind.TOPIC) {
            if (!Character.isLowerCase(text.charAt(0)) || !Character.isLetter(text.charAt(text.length() - 1))) {
                return "a topic is a lower-case noun phrase without end punctuation";
            }
            return null;
        }
        char first = text.charAt(0);
        char last = text.charAt(text.length() - 1);
        if (first < 'A' || first > 'Z') {
            return "must start with a capital letter";
        }
        if (last != '.' && last != '!' && last != '?') {
            return "must end with '.', '!' or '?'";
        }
        return null;
    }

    private String placeholderProblem(Kind kind, String text) {
        int offerSlots = 0;
        int topicSlots = 0;
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            switch (m.group()) {
                case OFFER -> offerSlots++;
                case TOPIC -> topicSlots++;
                default -> {
                    return "unknown placeholder " + m.group() + " (only {offer} and {topic} exist)";
                }
            }
        }
        String rest = PLACEHOLDER.matcher(text).replaceAll("");
        if (rest.indexOf('{') >= 0 || rest.indexOf('}') >= 0) {
            return "has an unbalanced brace";
        }
        if (offerSlots != kind.offerSlots) {
            return "needs exactly " + kind.offerSlots + " {offer}, has " + offerSlots;
        }
        boolean topicAllowed = role.usesTopics() && (kind == Kind.OPENER || kind == Kind.CLOSER);
        if (topicSlots > (topicAllowed ? 1 : 0)) {
            return topicAllowed ? "uses {topic} more than once" : "may not use {topic}";
        }
        return null;
    }

    private String cueProblem(Kind kind, Emotion emotion, String bare) {
        String foreign = PhraseBankWords.foreignLabelWord(bare,
                emotion == null || emotion.isControl() ? null : emotion);
        if (foreign != null) {
            return emotion == null || emotion.isControl()
                    ? "names an emotion " + foreign + " in an emotion-free line"
                    : "names a different emotion " + foreign;
        }
        boolean accepts = PhraseBankWords.ACCEPT_CUES.matcher(bare).find();
        boolean leaves = PhraseBankWords.WALKAWAY_CUES.matcher(bare).find();
        switch (kind) {
            case ACCEPT -> {
                if (!accepts) {
                    return "an accept sentence must say agree, accept or deal";
                }
            }
            case WALKAWAY -> {
                if (!leaves) {
                    return "a walk-away sentence must clearly end the talk (walk away, no deal, I'm done, ...)";
                }
            }
            case OFFER -> {
                if (accepts || leaves) {
                    return "an offer sentence must not read as an acceptance or a walk-away";
                }
            }
            case OPENER, CLOSER -> {
                if (leaves || PhraseBankWords.DEAL_WORDS.matcher(bare).find()) {
                    return "an opener or closer must not read as an acceptance or a walk-away";
                }
            }
            case TOPIC -> {
                if (accepts || leaves) {
                    return "a topic must be a plain noun phrase";
                }
            }
        }
        return null;
    }

    private void rejectUnknownKeys(JsonNode node, Set<String> allowed, String path) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw fail(path == null ? key : path + "." + key, "unknown key; expected one of " + allowed);
            }
        }
    }

    private InputException fail(String path, String reason) {
        return new InputException(source + (path == null ? "" : ", " + path) + ": " + reason);
    }

    /** Case-, space- and punctuation-insensitive form, so "What a relief!" and "what a relief." count as one. */
    private static String normalise(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z{}' ]", " ").replaceAll("\\s+", " ").strip();
    }
}
