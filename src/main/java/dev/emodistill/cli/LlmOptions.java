package dev.emodistill.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.io.Json;
import dev.emodistill.llm.LlmConfig;
import dev.emodistill.llm.LlmRole;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Settings of the OpenAI-compatible backend shared by every command that can run a role on a chat model
 * (simulate, sweep, judge, evaluate). Every option has a config-file twin ({@code --config}, see {@link LlmConfig});
 * options left unset here fall back to the file, then to the defaults. The API key is never an option: it is read
 * from the environment variable that {@code --llm-api-key-env} names.
 */
final class LlmOptions {
    /** Where keys are looked up; tests substitute a map so no real environment is needed. */
    static volatile Function<String, String> environment = System::getenv;

    @Option(names = "--config", paramLabel = "FILE", description = "JSON file with the same settings "
            + "(\"expresser\", \"judge\", \"llm\": {...}, \"llm_roles\": {\"judge\": {...}}); options given here win")
    Path config;

    @Option(names = "--llm-base-url", paramLabel = "URL", description = "OpenAI-compatible base URL, up to /v1 "
            + "(default: " + LlmConfig.DEFAULT_BASE_URL + ")")
    String baseUrl;
    @Option(names = "--llm-model", paramLabel = "NAME", description = "model (or vLLM LoRA adapter) for every LLM role")
    String model;
    @Option(names = "--llm-api-key-env", paramLabel = "VAR", description = "environment variable holding the API key "
            + "(default: " + LlmConfig.DEFAULT_KEY_ENV + "; unset sends no key, as local servers need)")
    String apiKeyEnv;
    @Option(names = "--llm-temperature", paramLabel = "T", description = "sampling temperature of the expresser and "
            + "counterparty (default: 0.7); the judge, classifier and extractor stay at 0 unless the config file's "
            + "llm_roles sets theirs")
    Double temperature;
    @Option(names = "--llm-max-tokens", paramLabel = "N", description = "reply token limit for every role")
    Integer maxTokens;
    @Option(names = "--llm-stop", paramLabel = "TEXT", description = "stop sequence (repeatable)")
    List<String> stop;
    @Option(names = "--llm-seed", paramLabel = "N", description = "mixed into every request seed; change it to "
            + "resample the model without changing the episodes (default: 0)")
    Long seed;
    @Option(names = "--llm-send-seed", paramLabel = "true|false", arity = "1",
            description = "send the per-request seed (default: true; turn off for servers that reject it)")
    Boolean sendSeed;
    @Option(names = "--llm-connect-timeout", paramLabel = "SECONDS", description = "connection timeout (default: 10)")
    Double connectTimeout;
    @Option(names = "--llm-timeout", paramLabel = "SECONDS", description = "reply timeout per request (default: 120)")
    Double timeout;
    @Option(names = "--llm-retries", paramLabel = "N", description = "retries on 429, 5xx, timeouts (default: 4)")
    Integer retries;
    @Option(names = "--llm-backoff-ms", paramLabel = "MS", description = "first retry wait, doubled each retry, "
            + "with jitter; a Retry-After header is honoured (default: 1000)")
    Integer backoffMs;
    @Option(names = "--llm-max-backoff-ms", paramLabel = "MS", description = "longest single wait (default: 60000)")
    Integer maxBackoffMs;
    @Option(names = "--llm-concurrency", paramLabel = "N", description = "requests in flight at once, all roles "
            + "and workers together (default: 4)")
    Integer concurrency;
    @Option(names = "--llm-price-input", paramLabel = "USD", description = "price per 1M prompt tokens, for the cost "
            + "record (default: 0)")
    Double priceInput;
    @Option(names = "--llm-price-output", paramLabel = "USD", description = "price per 1M completion tokens (default: 0)")
    Double priceOutput;
    @Option(names = "--llm-prompts", paramLabel = "DIR", description = "prompt folder replacing the built-in set "
            + "(same file names as src/main/resources/prompts/v1)")
    Path prompts;
    @Option(names = "--llm-offers", description = "the LLM expresser chooses its offers itself (default: it states "
            + "the bidding tactic's number)")
    Boolean offers;
    @Option(names = "--llm-offer-check", paramLabel = "fallback|error", description = "when the LLM expresser will "
            + "not state the right offer even after a correction: word the turn with the template expresser "
            + "(fallback, default) or end the episode with an error")
    String offerCheck;
    @Option(names = "--llm-extractor", paramLabel = "true|false", arity = "1", description = "ask a model for offers "
            + "the deterministic parser cannot read in LLM text (default: true)")
    Boolean extractor;

    @Option(names = "--cache", paramLabel = "off|read|readwrite", description = "on-disk LLM response cache "
            + "(default: readwrite; a rerun makes no request it made before)")
    String cache;
    @Option(names = "--cache-dir", paramLabel = "DIR", description = "where cached replies live (default: the "
            + "emodistill cache folder, llm/)")
    Path cacheDir;
    @Option(names = "--on-llm-error", paramLabel = "continue|stop", description = "a failed LLM call: record the "
            + "episode (or judged turn) as an error and go on (continue, default), or stop the run, keeping what "
            + "is finished")
    String onError;

    @Option(names = "--expresser-llm-base-url", paramLabel = "URL", description = "base URL for the expresser only")
    String expresserBaseUrl;
    @Option(names = "--expresser-llm-model", paramLabel = "NAME", description = "model for the expresser only")
    String expresserModel;
    @Option(names = "--expresser-llm-api-key-env", paramLabel = "VAR", description = "key variable for the expresser only")
    String expresserKeyEnv;
    @Option(names = "--counterparty-llm-base-url", paramLabel = "URL", description = "base URL for the counterparty only")
    String counterpartyBaseUrl;
    @Option(names = "--counterparty-llm-model", paramLabel = "NAME", description = "model for the counterparty only")
    String counterpartyModel;
    @Option(names = "--counterparty-llm-api-key-env", paramLabel = "VAR", description = "key variable for the counterparty only")
    String counterpartyKeyEnv;
    @Option(names = "--judge-llm-base-url", paramLabel = "URL", description = "base URL for the judge only")
    String judgeBaseUrl;
    @Option(names = "--judge-llm-model", paramLabel = "NAME", description = "model for the judge only (e.g. a small one)")
    String judgeModel;
    @Option(names = "--judge-llm-api-key-env", paramLabel = "VAR", description = "key variable for the judge only")
    String judgeKeyEnv;
    @Option(names = "--classifier-llm-base-url", paramLabel = "URL", description = "base URL for the classifier only")
    String classifierBaseUrl;
    @Option(names = "--classifier-llm-model", paramLabel = "NAME", description = "model for the classifier only")
    String classifierModel;
    @Option(names = "--classifier-llm-api-key-env", paramLabel = "VAR", description = "key variable for the classifier only")
    String classifierKeyEnv;
    @Option(names = "--extractor-llm-base-url", paramLabel = "URL", description = "base URL for the offer extractor only")
    String extractorBaseUrl;
    @Option(names = "--extractor-llm-model", paramLabel = "NAME", description = "model for the offer extractor only")
    String extractorModel;
    @Option(names = "--extractor-llm-api-key-env", paramLabel = "VAR", description = "key variable for the offer extractor only")
    String extractorKeyEnv;

    /**
     * The merged settings: these options, then {@code --config}, then defaults. {@code choices} are the command's
     * own top-level options ({@code expresser}, {@code classifier}, ...), null when not given.
     */
    LlmConfig config(Map<String, String> choices, Boolean retryErrors) {
        ObjectNode tree = Json.object();
        choices.forEach((k, v) -> {
            if (v != null) {
                tree.put(k, v);
            }
        });
        putText(tree, "cache", cache);
        putText(tree, "cache_dir", cacheDir == null ? null : cacheDir.toString());
        putText(tree, "on_llm_error", onError);
        if (retryErrors != null) {
            tree.put("retry_errors", retryErrors);
        }
        ObjectNode llm = Json.object();
        putText(llm, "base_url", baseUrl);
        putText(llm, "model", model);
        putText(llm, "api_key_env", apiKeyEnv);
        putNumber(llm, "temperature", temperature);
        if (maxTokens != null) {
            llm.put("max_tokens", maxTokens);
        }
        if (stop != null && !stop.isEmpty()) {
            ArrayNode a = llm.putArray("stop");
            stop.forEach(a::add);
        }
        if (seed != null) {
            llm.put("seed", seed);
        }
        if (sendSeed != null) {
            llm.put("send_seed", sendSeed);
        }
        putNumber(llm, "connect_timeout", connectTimeout);
        putNumber(llm, "timeout", timeout);
        putInt(llm, "retries", retries);
        putInt(llm, "backoff_ms", backoffMs);
        putInt(llm, "max_backoff_ms", maxBackoffMs);
        putInt(llm, "concurrency", concurrency);
        putNumber(llm, "price_input", priceInput);
        putNumber(llm, "price_output", priceOutput);
        putText(llm, "prompts", prompts == null ? null : prompts.toString());
        if (offers != null) {
            llm.put("offers", offers);
        }
        putText(llm, "offer_check", offerCheck);
        if (extractor != null) {
            llm.put("extractor", extractor);
        }
        if (!llm.isEmpty()) {
            tree.set("llm", llm);
        }
        ObjectNode roles = Json.object();
        role(roles, LlmRole.EXPRESSER, expresserBaseUrl, expresserModel, expresserKeyEnv);
        role(roles, LlmRole.COUNTERPARTY, counterpartyBaseUrl, counterpartyModel, counterpartyKeyEnv);
        role(roles, LlmRole.JUDGE, judgeBaseUrl, judgeModel, judgeKeyEnv);
        role(roles, LlmRole.CLASSIFIER, classifierBaseUrl, classifierModel, classifierKeyEnv);
        role(roles, LlmRole.EXTRACTOR, extractorBaseUrl, extractorModel, extractorKeyEnv);
        if (!roles.isEmpty()) {
            tree.set("llm_roles", roles);
        }
        LlmConfig.Layer file = config == null ? LlmConfig.Layer.empty("no config file", false)
                : LlmConfig.readFile(config);
        return new LlmConfig(new LlmConfig.Layer(tree, "command line", true), file);
    }

    private static void role(ObjectNode roles, LlmRole role, String baseUrl, String model, String keyEnv) {
        ObjectNode r = Json.object();
        putText(r, "base_url", baseUrl);
        putText(r, "model", model);
        putText(r, "api_key_env", keyEnv);
        if (!r.isEmpty()) {
            roles.set(role.label(), r);
        }
    }

    private static void putText(ObjectNode o, String key, String value) {
        if (value != null) {
            o.put(key, value);
        }
    }

    private static void putNumber(ObjectNode o, String key, Double value) {
        if (value != null) {
            o.put(key, value);
        }
    }

    private static void putInt(ObjectNode o, String key, Integer value) {
        if (value != null) {
            o.put(key, value);
        }
    }
}
