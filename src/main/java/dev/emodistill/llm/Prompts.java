package dev.emodistill.llm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.emodistill.domain.Domain;
import dev.emodistill.io.InputException;
import dev.emodistill.io.Json;
import dev.emodistill.io.Provenance;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The prompt set: every instruction the LLM roles send lives in resource files, not in code. The built-in set is
 * {@code src/main/resources/prompts/v1/}; {@code --llm-prompts DIR} loads a folder with the same file names
 * instead. Its {@link #describe() description} (version plus a SHA-256 of every file) goes into provenance, so a
 * corpus or a judged file says exactly which prompts made it.
 *
 * <p>Files: {@code focal.txt}, {@code counterparty.txt}, {@code judge.txt}, {@code classifier.txt},
 * {@code extractor.txt} (each split into sections by lines {@code === name ===}), {@code domains.json} (per-domain
 * wording) and {@code personas.json} (counterparty persona descriptions). Templates use {@code {{name}}}
 * placeholders; rendering fails on a placeholder without a value, so a typo cannot silently send a prompt with a
 * hole in it.
 */
public final class Prompts {
    /** Version of the built-in prompt set; bump it (new folder) whenever a built-in prompt changes. */
    public static final String BUILTIN_VERSION = "v1";
    /** The files of a prompt set, in the order they are hashed. */
    public static final List<String> FILES = List.of("focal.txt", "counterparty.txt", "judge.txt", "classifier.txt",
            "extractor.txt", "domains.json", "personas.json");

    private static final Pattern SECTION = Pattern.compile("^=== ([a-z_.]+) ===$", Pattern.MULTILINE);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z_]+)}}");

    private final String version;
    private final String sha256;
    private final Map<String, Map<String, String>> sections;
    private final JsonNode domains;
    private final JsonNode personas;

    private Prompts(String version, Map<String, String> files, String origin) {
        this.version = version;
        StringBuilder all = new StringBuilder();
        for (String f : FILES) {
            all.append(f).append('\0').append(files.get(f)).append('\0');
        }
        this.sha256 = Provenance.sha256(all.toString());
        this.sections = new LinkedHashMap<>();
        for (String f : FILES) {
            if (f.endsWith(".txt")) {
                sections.put(f.substring(0, f.length() - 4), split(origin + "/" + f, files.get(f)));
            }
        }
        try {
            this.domains = Json.MAPPER.readTree(files.get("domains.json"));
            this.personas = Json.MAPPER.readTree(files.get("personas.json"));
        } catch (IOException e) {
            throw new InputException(origin + ": domains.json or personas.json is not valid JSON (" + e.getMessage() + ")");
        }
        for (Domain d : Domain.values()) {
            if (!domains.path(d.id()).isObject()) {
                throw new InputException(origin + "/domains.json, field '" + d.id() + "': missing");
            }
        }
    }

    /** The built-in prompt set, read once. */
    public static Prompts builtin() {
        return Builtin.INSTANCE;
    }

    private static final class Builtin {
        static final Prompts INSTANCE = loadBuiltin();
    }

    private static Prompts loadBuiltin() {
        Map<String, String> files = new LinkedHashMap<>();
        for (String f : FILES) {
            String name = "/prompts/" + BUILTIN_VERSION + "/" + f;
            try (InputStream in = Prompts.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("built-in prompt file missing from the build: " + name);
                }
                files.put(f, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read built-in prompt " + name, e);
            }
        }
        return new Prompts(BUILTIN_VERSION, files, "prompts/" + BUILTIN_VERSION);
    }

    /** A prompt set from a folder holding every file of {@link #FILES}. */
    public static Prompts load(Path dir) {
        Map<String, String> files = new LinkedHashMap<>();
        for (String f : FILES) {
            Path p = dir.resolve(f);
            if (!Files.isRegularFile(p)) {
                throw new InputException("--llm-prompts " + dir + ": missing " + f + " (a prompt folder holds "
                        + String.join(", ", FILES) + "; copy src/main/resources/prompts/" + BUILTIN_VERSION + ")");
            }
            try {
                files.put(f, Files.readString(p));
            } catch (IOException e) {
                throw new InputException(p + ": not readable (" + e.getMessage() + ")");
            }
        }
        return new Prompts("custom:" + dir.getFileName(), files, dir.toString());
    }

    public String version() {
        return version;
    }

    public String sha256() {
        return sha256;
    }

    /** "prompts v1 sha256:0123456789ab" — the prompt set in provenance records. */
    public String describe() {
        return "prompts " + version + " sha256:" + sha256.substring(0, 12);
    }

    /** A section of a prompt file with its placeholders filled. */
    public String render(String file, String section, Map<String, String> values) {
        Map<String, String> s = sections.get(file);
        if (s == null || !s.containsKey(section)) {
            throw new InputException("prompt set " + version + ": " + file + ".txt has no section '" + section + "'");
        }
        return fill(file + ".txt/" + section, s.get(section), values);
    }

    /** Per-domain wording ({@code focal_role}, {@code unit}, ...) from {@code domains.json}. */
    public String domain(Domain d, String field) {
        JsonNode v = domains.path(d.id()).path(field);
        if (!v.isTextual()) {
            throw new InputException("prompt set " + version + ": domains.json, field '" + d.id() + "." + field
                    + "': missing");
        }
        return v.asText();
    }

    /** Case-file fields of a domain that one side must not see, from {@code domains.json}. */
    public List<String> privateFields(Domain d, String side) {
        JsonNode v = domains.path(d.id()).path(side + "_private_fields");
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        v.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** Whether {@code personas.json} describes this persona. */
    public boolean hasPersona(String name) {
        return personas.path(name).isTextual();
    }

    /** A persona's description from {@code personas.json}. */
    public String persona(String name) {
        JsonNode v = personas.path(name);
        if (!v.isTextual()) {
            java.util.ArrayList<String> known = new java.util.ArrayList<>();
            personas.fieldNames().forEachRemaining(known::add);
            throw new InputException("--counterparty llm: prompt set " + version + " has no persona '" + name
                    + "' (personas.json describes " + String.join(", ", known) + ")");
        }
        return v.asText();
    }

    static String fill(String where, String template, Map<String, String> values) {
        Objects.requireNonNull(values, "values");
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = values.get(m.group(1));
            if (v == null) {
                throw new IllegalStateException("prompt " + where + ": no value for {{" + m.group(1) + "}}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return out.toString().strip();
    }

    private static Map<String, String> split(String origin, String text) {
        Map<String, String> out = new LinkedHashMap<>();
        String normalised = text.replace("\r\n", "\n");
        Matcher m = SECTION.matcher(normalised);
        String name = null;
        int start = 0;
        while (m.find()) {
            if (name != null) {
                out.put(name, normalised.substring(start, m.start()));
            } else if (!normalised.substring(0, m.start()).isBlank()) {
                throw new InputException(origin + ": text before the first '=== section ===' line");
            }
            name = m.group(1);
            start = m.end() + 1;
        }
        if (name == null) {
            throw new InputException(origin + ": no '=== section ===' line");
        }
        out.put(name, start <= normalised.length() ? normalised.substring(Math.min(start, normalised.length())) : "");
        return out;
    }
}
