package dev.emodistill.llm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.io.Json;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Everything that decides one role's requests: where they go, which model, where the key is read from (the
 * variable's name only; the key itself is never held here), sampling and prices. {@code sources} says where
 * each setting came from ({@code --judge-llm-model}, {@code --llm-model}, {@code config emodistill.json:
 * llm_roles.judge.model}, {@code default}) so error messages can point at the setting to fix.
 *
 * @param role                  the role these settings are for
 * @param baseUrl               the OpenAI-compatible base URL, up to and including the version segment
 *                              (e.g. {@code https://api.openai.com/v1}); requests go to {@code /chat/completions}
 * @param model                 model (or vLLM LoRA adapter) name as the server knows it
 * @param apiKeyEnv             name of the environment variable holding the key; an unset variable sends no key
 * @param temperature           sampling temperature
 * @param maxTokens             reply length limit ({@code max_tokens})
 * @param stop                  stop sequences (sent only when not empty)
 * @param sendSeed              whether requests carry a {@code seed}; the cache key distinguishes samples either way
 * @param priceInputPerMillion  USD per million prompt tokens, for cost accounting
 * @param priceOutputPerMillion USD per million completion tokens
 * @param sources               where each setting came from, by key ({@code base_url}, {@code model}, ...)
 */
public record RoleSettings(LlmRole role, String baseUrl, String model, String apiKeyEnv, double temperature,
                           int maxTokens, List<String> stop, boolean sendSeed, double priceInputPerMillion,
                           double priceOutputPerMillion, Map<String, String> sources) {

    public RoleSettings {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(apiKeyEnv, "apiKeyEnv");
        stop = List.copyOf(stop);
        sources = Map.copyOf(sources);
    }

    /** Where the setting {@code key} came from, e.g. {@code --judge-llm-model}; {@code default} if unknown. */
    public String source(String key) {
        return sources.getOrDefault(key, "default");
    }

    /** The chat-completions endpoint. */
    public URI endpoint() {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return URI.create(base + "/chat/completions");
    }

    /** The base URL without user info, query or fragment, safe to write into provenance. */
    public String publicBaseUrl() {
        return publicUrl(baseUrl);
    }

    /** A URL stripped of user info, query and fragment (where credentials sometimes hide). */
    public static String publicUrl(String url) {
        try {
            URI u = URI.create(url);
            if (u.getScheme() == null || u.getHost() == null) {
                return url.replaceAll("[?#].*$", "");
            }
            return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), null, null).toString();
        } catch (Exception e) {
            return url.replaceAll("[?#].*$", "").replaceAll("//[^/@]*@", "//");
        }
    }

    /** One line for messages and {@code describe()}: "model M at URL, temperature T". */
    public String describe() {
        return "model " + model + " at " + publicBaseUrl() + ", temperature " + formatNumber(temperature);
    }

    /** The settings for provenance records (never the key, only the variable's name). */
    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("base_url", publicBaseUrl());
        o.put("model", model);
        o.put("api_key_env", apiKeyEnv);
        o.put("temperature", temperature);
        o.put("max_tokens", maxTokens);
        ArrayNode s = o.putArray("stop");
        stop.forEach(s::add);
        o.put("seed", sendSeed);
        return o;
    }

    /** "--judge-llm-model gpt-4o-mini (from config x.json: ...)" style pointer at one setting. */
    public String pointer(String key, String value) {
        String src = source(key);
        return src.equals("default") ? "the default " + key.replace('_', '-') + " '" + value + "' (set "
                + role.optionPrefix() + "-" + key.replace('_', '-') + " or --llm-" + key.replace('_', '-') + ")"
                : src + " '" + value + "'";
    }

    private static String formatNumber(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
    }
}
