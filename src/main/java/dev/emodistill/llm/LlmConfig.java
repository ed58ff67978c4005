package dev.emodistill.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.io.InputException;
import dev.emodistill.io.Json;
import dev.emodistill.io.Workspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The LLM settings of a run, merged from the command line and an optional config file ({@code --config}, JSON),
 * both in one shape:
 *
 * <pre>
 * {
 *   "expresser": "llm", "counterparty": "sim", "judge": "llm", "classifier": "embedded",
 *   "cache": "readwrite", "cache_dir": "...", "on_llm_error": "continue", "retry_errors": true,
 *   "llm":       { "base_url": "...", "model": "...", "api_key_env": "OPENAI_API_KEY", "temperature": 0.7, ... },
 *   "llm_roles": { "judge": { "model": "a-small-model", "temperature": 0 }, ... }
 * }
 * </pre>
 *
 * A role's setting comes from, in order: its own command-line option ({@code --judge-llm-model}), its own entry
 * in the file ({@code llm_roles.judge.model}), the shared option ({@code --llm-model}), the shared entry
 * ({@code llm.model}), the default. So the more specific setting wins, and at equal specificity the command line
 * wins. One exception: the shared temperature applies to the voices (expresser, counterparty) only; the judge,
 * classifier and extractor decode greedily (temperature 0) unless their own entry sets a temperature. Every setting remembers where it came from, for messages. Unknown keys are refused with the file and
 * field, and so is an {@code api_key}: keys live in environment variables, never in files.
 */
public final class LlmConfig {
    /** Top-level keys (option {@code --KEY}). */
    public static final Set<String> TOP_KEYS = Set.of("expresser", "counterparty", "judge", "classifier", "cache",
            "cache_dir", "on_llm_error", "retry_errors", "llm", "llm_roles");
    /** Keys a role may override (option {@code --ROLE-llm-KEY} for the first three). */
    public static final Set<String> ROLE_KEYS = Set.of("base_url", "model", "api_key_env", "temperature",
            "max_tokens", "stop", "send_seed", "price_input", "price_output");
    /** Shared keys under {@code llm} (option {@code --llm-KEY}). */
    public static final Set<String> SHARED_KEYS;

    static {
        java.util.HashSet<String> s = new java.util.HashSet<>(ROLE_KEYS);
        s.addAll(List.of("seed", "connect_timeout", "timeout", "retries", "backoff_ms", "max_backoff_ms",
                "concurrency", "prompts", "offers", "offer_check", "extractor"));
        SHARED_KEYS = Set.copyOf(s);
    }

    public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";
    public static final String DEFAULT_KEY_ENV = "OPENAI_API_KEY";

    /** One source of settings: the command line or a file. */
    public record Layer(ObjectNode tree, String origin, boolean commandLine) {
        public static Layer empty(String origin, boolean commandLine) {
            return new Layer(Json.object(), origin, commandLine);
        }
    }

    private final Layer cli;
    private final Layer file;

    public LlmConfig(Layer cli, Layer file) {
        this.cli = cli;
        this.file = file;
        validate(cli);
        validate(file);
    }

    /** Only command-line settings (no config file). */
    public static LlmConfig of(ObjectNode cliTree) {
        return new LlmConfig(new Layer(cliTree, "command line", true), Layer.empty("no config file", false));
    }

    /** Reads a config file (JSON). */
    public static Layer readFile(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new InputException("--config: " + path + " is not a readable file");
        }
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(Files.readString(path));
        } catch (IOException e) {
            throw new InputException(path + ": not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (!(n instanceof ObjectNode o)) {
            throw new InputException(path + ": the config must be one JSON object");
        }
        return new Layer(o, "config " + path, false);
    }

    // ---- role choices and run-wide settings ------------------------------------------------------------------

    /** A top-level choice ({@code expresser}, {@code judge}, ...), lower-cased, or {@code dflt}. */
    public String choice(String key, String dflt) {
        Found f = top(key);
        return f == null ? dflt : f.node.asText().trim().toLowerCase(Locale.ROOT);
    }

    /** The raw text of a top-level choice, case kept (a classifier folder path), or null. */
    public String choiceRaw(String key) {
        Found f = top(key);
        return f == null ? null : f.node.asText().trim();
    }

    /** Where a top-level setting came from. */
    public String sourceOf(String key) {
        Found f = top(key);
        return f == null ? "default" : f.source;
    }

    public boolean retryErrors() {
        Found f = top("retry_errors");
        return f == null || f.node.asBoolean();
    }

    public CacheMode cacheMode() {
        Found f = top("cache");
        if (f == null) {
            return CacheMode.READWRITE;
        }
        return CacheMode.parse(f.node.asText()).orElseThrow(() -> new InputException(f.source + ": expected off, read "
                + "or readwrite, got '" + f.node.asText() + "'"));
    }

    public Path cacheDir() {
        Found f = top("cache_dir");
        return f == null ? Workspace.cacheDir().resolve("llm") : Path.of(f.node.asText());
    }

    /** {@code --on-llm-error}: true to stop the run at the first failed episode or turn. */
    public boolean stopOnError() {
        Found f = top("on_llm_error");
        if (f == null) {
            return false;
        }
        String v = f.node.asText().trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "stop" -> true;
            case "continue" -> false;
            default -> throw new InputException(f.source + ": expected continue or stop, got '" + v + "'");
        };
    }

    public boolean llmOffers() {
        Found f = shared("offers");
        return f != null && f.node.asBoolean();
    }

    public LlmExpresser.MismatchPolicy offerCheck() {
        Found f = shared("offer_check");
        if (f == null) {
            return LlmExpresser.MismatchPolicy.FALLBACK;
        }
        String v = f.node.asText().trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "fallback" -> LlmExpresser.MismatchPolicy.FALLBACK;
            case "error" -> LlmExpresser.MismatchPolicy.ERROR;
            default -> throw new InputException(f.source + ": expected fallback or error, got '" + v + "'");
        };
    }

    public boolean extractor() {
        Found f = shared("extractor");
        return f == null || f.node.asBoolean();
    }

    public long seed() {
        Found f = shared("seed");
        return f == null ? 0 : f.node.asLong();
    }

    /** The prompt folder, or null for the built-in set. */
    public Path promptsDir() {
        Found f = shared("prompts");
        return f == null ? null : Path.of(f.node.asText());
    }

    public ClientSettings client() {
        Duration connect = seconds("connect_timeout", 10);
        Duration timeout = seconds("timeout", 120);
        int retries = integer("retries", 4, 0);
        Duration backoff = Duration.ofMillis(integer("backoff_ms", 1000, 0));
        Duration maxBackoff = Duration.ofMillis(integer("max_backoff_ms", 60_000, 0));
        int concurrency = integer("concurrency", 4, 1);
        return new ClientSettings(connect, timeout, retries, backoff, maxBackoff, concurrency, cacheMode(), cacheDir());
    }

    // ---- per-role settings ----------------------------------------------------------------------------------

    /**
     * The resolved settings of a role.
     *
     * @throws InputException when no model is set for it
     */
    public RoleSettings role(LlmRole role) {
        Map<String, String> sources = new HashMap<>();
        String baseUrl = text(role, "base_url", DEFAULT_BASE_URL, sources);
        Found model = forRole(role, "model");
        if (model == null || model.node.asText().isBlank()) {
            throw new InputException(roleUse(role) + " needs a model: set --llm-model NAME or " + role.optionPrefix()
                    + "-model NAME (or \"llm\": {\"model\": ...} in --config)");
        }
        sources.put("model", model.source);
        String keyEnv = text(role, "api_key_env", DEFAULT_KEY_ENV, sources);
        // The raters and the extractor stay greedy unless their own entry says otherwise: a shared temperature
        // meant for the voices must not make the judge sample.
        Found t = role.greedy() ? own(role, "temperature") : forRole(role, "temperature");
        double temperature = t == null ? role.defaultTemperature() : t.node.asDouble();
        Found mt = forRole(role, "max_tokens");
        int maxTokens = mt == null ? role.defaultMaxTokens() : mt.node.asInt();
        Found st = forRole(role, "stop");
        List<String> stop = new ArrayList<>();
        if (st != null) {
            st.node.forEach(x -> stop.add(x.asText()));
        }
        Found ss = forRole(role, "send_seed");
        boolean sendSeed = ss == null || ss.node.asBoolean();
        Found pi = forRole(role, "price_input");
        Found po = forRole(role, "price_output");
        return new RoleSettings(role, baseUrl, model.node.asText().trim(), keyEnv, temperature, maxTokens, stop, sendSeed,
                pi == null ? 0 : pi.node.asDouble(), po == null ? 0 : po.node.asDouble(), sources);
    }

    /** Whether a model is set for the role (its own or the shared one). */
    public boolean hasModel(LlmRole role) {
        Found model = forRole(role, "model");
        return model != null && !model.node.asText().isBlank();
    }

    private static String roleUse(LlmRole role) {
        return switch (role) {
            case EXPRESSER -> "--expresser llm";
            case COUNTERPARTY -> "--counterparty llm";
            case JUDGE -> "--judge llm";
            case CLASSIFIER -> "--classifier llm";
            case EXTRACTOR -> "the LLM offer extractor (used with --expresser llm or --counterparty llm; "
                    + "--llm-extractor false turns it off)";
        };
    }

    private String text(LlmRole role, String key, String dflt, Map<String, String> sources) {
        Found f = forRole(role, key);
        if (f == null || f.node.asText().isBlank()) {
            return dflt;
        }
        sources.put(key, f.source);
        return f.node.asText().trim();
    }

    // ---- lookup ---------------------------------------------------------------------------------------------

    private record Found(JsonNode node, String source) {
    }

    private Found top(String key) {
        for (Layer l : List.of(cli, file)) {
            JsonNode n = l.tree.get(key);
            if (n != null && !n.isNull()) {
                return new Found(n, l.commandLine ? "--" + key.replace('_', '-') : l.origin + ": " + key);
            }
        }
        return null;
    }

    private Found shared(String key) {
        for (Layer l : List.of(cli, file)) {
            JsonNode n = l.tree.path("llm").get(key);
            if (n != null && !n.isNull()) {
                return new Found(n, l.commandLine ? "--llm-" + key.replace('_', '-') : l.origin + ": llm." + key);
            }
        }
        return null;
    }

    private Found forRole(LlmRole role, String key) {
        Found f = own(role, key);
        return f != null ? f : shared(key);
    }

    private Found own(LlmRole role, String key) {
        for (Layer l : List.of(cli, file)) {
            JsonNode n = l.tree.path("llm_roles").path(role.label()).get(key);
            if (n != null && !n.isNull()) {
                return new Found(n, l.commandLine ? role.optionPrefix() + "-" + key.replace('_', '-')
                        : l.origin + ": llm_roles." + role.label() + "." + key);
            }
        }
        return null;
    }

    private Duration seconds(String key, double dflt) {
        Found f = shared(key);
        double s = f == null ? dflt : f.node.asDouble();
        if (!(s > 0)) {
            throw new InputException(f.source + ": must be a positive number of seconds, got " + f.node);
        }
        return Duration.ofMillis(Math.round(s * 1000));
    }

    private int integer(String key, int dflt, int min) {
        Found f = shared(key);
        if (f == null) {
            return dflt;
        }
        int v = f.node.asInt();
        if (v < min) {
            throw new InputException(f.source + ": must be at least " + min + ", got " + f.node);
        }
        return v;
    }

    // ---- validation -----------------------------------------------------------------------------------------

    private static void validate(Layer l) {
        String where = l.origin;
        for (Map.Entry<String, JsonNode> e : l.tree.properties()) {
            String k = e.getKey();
            if (k.equals("api_key")) {
                throw new InputException(where + ", field 'api_key': keys are never read from files; put the key in "
                        + "an environment variable and name it with \"api_key_env\" (or --llm-api-key-env)");
            }
            if (!TOP_KEYS.contains(k)) {
                throw new InputException(where + ", field '" + k + "': unknown setting (known: "
                        + String.join(", ", sorted(TOP_KEYS)) + ")");
            }
            if (k.equals("llm")) {
                checkObject(l, "llm", e.getValue(), SHARED_KEYS);
            } else if (k.equals("llm_roles")) {
                if (!e.getValue().isObject()) {
                    throw new InputException(where + ", field 'llm_roles': expected an object of roles");
                }
                for (Map.Entry<String, JsonNode> r : e.getValue().properties()) {
                    boolean known = false;
                    for (LlmRole role : LlmRole.values()) {
                        known |= role.label().equals(r.getKey());
                    }
                    if (!known) {
                        throw new InputException(where + ", field 'llm_roles." + r.getKey() + "': unknown role "
                                + "(expresser, counterparty, judge, classifier, extractor)");
                    }
                    checkObject(l, "llm_roles." + r.getKey(), r.getValue(), ROLE_KEYS);
                }
            } else if (k.equals("retry_errors")) {
                checkType(l, k, e.getValue());
            } else if (!e.getValue().isTextual()) {
                throw new InputException(where + ", field '" + k + "': expected a string, got " + e.getValue());
            }
        }
    }

    private static void checkObject(Layer l, String path, JsonNode node, Set<String> allowed) {
        String where = l.origin;
        if (!node.isObject()) {
            throw new InputException(where + ", field '" + path + "': expected an object");
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (e.getKey().equals("api_key")) {
                throw new InputException(where + ", field '" + path + ".api_key': keys are never read from files; put "
                        + "the key in an environment variable and name it with \"api_key_env\"");
            }
            if (!allowed.contains(e.getKey())) {
                throw new InputException(where + ", field '" + path + "." + e.getKey() + "': unknown setting (known: "
                        + String.join(", ", sorted(allowed)) + ")");
            }
            checkType(l, path + "." + e.getKey(), e.getValue());
        }
    }

    private static void checkType(Layer l, String path, JsonNode v) {
        String key = path.substring(path.lastIndexOf('.') + 1);
        if (v.isNull()) {
            return;
        }
        boolean ok = switch (key) {
            case "base_url", "model", "api_key_env", "prompts", "offer_check" -> v.isTextual();
            case "temperature", "price_input", "price_output", "connect_timeout", "timeout" -> v.isNumber()
                    && v.asDouble() >= 0;
            case "max_tokens", "retries", "backoff_ms", "max_backoff_ms", "concurrency" -> v.isIntegralNumber()
                    && v.asLong() >= 0 && v.asLong() <= Integer.MAX_VALUE;
            case "seed" -> v.isIntegralNumber();
            case "send_seed", "offers", "extractor", "retry_errors" -> v.isBoolean();
            case "stop" -> v.isArray() && allText(v);
            default -> true;
        };
        if (!ok) {
            throw new InputException(name(l, path) + ": wrong type or range (" + v + ")");
        }
    }

    /** The option or file field a setting path stands for, for messages. */
    private static String name(Layer l, String path) {
        if (!l.commandLine) {
            return l.origin + ", field '" + path + "'";
        }
        String[] p = path.split("\\.");
        if (p[0].equals("llm")) {
            return "--llm-" + p[1].replace('_', '-');
        }
        if (p[0].equals("llm_roles")) {
            return "--" + p[1] + "-llm-" + p[2].replace('_', '-');
        }
        return "--" + path.replace('_', '-');
    }

    private static boolean allText(JsonNode array) {
        for (JsonNode x : array) {
            if (!x.isTextual()) {
                return false;
            }
        }
        return true;
    }

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }
}
