package dev.emodistill.llm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.emodistill.io.Json;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * A thin client for OpenAI-compatible {@code POST /chat/completions} endpoints (OpenAI, DashScope, vLLM, Ollama,
 * llama.cpp's server), on {@link HttpClient} and Jackson.
 *
 * <p><b>Why not LangChain4j's OpenAI module.</b> The project needs things its chat model does not expose: waiting
 * for a server's {@code Retry-After} between retries (its {@code maxRetries} retries at once, langchain4j issue
 * #814), the HTTP status and error body of a failure to tell a wrong key from an unknown model in the message, a
 * cache keyed by the exact request body (including the per-request seed), one semaphore shared by every role, and
 * a guarantee that the key never reaches an exception message. Those are a few dozen lines on the JDK client.
 *
 * <p>Behaviour of {@link #chat}:
 * <ol>
 *   <li>the on-disk cache is consulted first (key: base URL + full request, see {@link ChatRequest#cacheKey});
 *       a hit makes no request;</li>
 *   <li>otherwise the request is sent under the global concurrency limit, with the key from the environment
 *       variable the settings name (no {@code Authorization} header when it is unset, as local servers need);</li>
 *   <li>429, 5xx, timeouts, refused connections and malformed bodies are retried up to {@code retries} times,
 *       waiting {@code min(maxBackoff, initial * 2^attempt)} scaled by a random factor in [0.5, 1] and never less
 *       than the server's {@code Retry-After} (seconds or an HTTP date; also capped at {@code maxBackoff});</li>
 *   <li>other 4xx answers and unknown hosts fail at once: retrying cannot fix a wrong key, model or URL;</li>
 *   <li>a fetched reply is stored in the cache only when the caller {@link #keep keeps} it (it accepted the reply
 *       or based a decision on it), so a rerun asks again for exactly the replies that ended in an error.</li>
 * </ol>
 * Thread-safe; one instance serves a whole run.
 */
public final class LlmClient {
    private static final int EXCERPT = 300;

    /** Turns a reply's content into what the caller needs; throws {@link LlmException} when it is unusable. */
    @FunctionalInterface
    public interface ReplyParser<T> {
        T parse(String content);
    }

    private final ClientSettings settings;
    private final Function<String, String> environment;
    private final ResponseCache cache;
    private final LlmUsage usage;
    private final Semaphore permits;
    private final HttpClient http;

    /**
     * @param environment looks up environment variables by name ({@code System::getenv} in production)
     */
    public LlmClient(ClientSettings settings, Function<String, String> environment, LlmUsage usage) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.environment = Objects.requireNonNull(environment, "environment");
        this.usage = Objects.requireNonNull(usage, "usage");
        this.cache = new ResponseCache(settings.cacheDir(), settings.cacheMode());
        this.permits = new Semaphore(settings.concurrency(), true);
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    public LlmUsage usage() {
        return usage;
    }

    public ClientSettings settings() {
        return settings;
    }

    /**
     * One request and its reply, not yet stored in the cache. Callers that accept the reply (or base a decision
     * on it) {@link LlmClient#keep keep} it; a reply that led to an error is not kept, so a rerun asks again.
     *
     * @param role    the settings the request was made with
     * @param request the request
     * @param reply   the reply, from the cache ({@link ChatReply#cached()}) or the server
     * @param key     the cache key
     */
    public record Exchange(RoleSettings role, ChatRequest request, ChatReply reply, String key) {
        public String content() {
            return reply.content();
        }
    }

    /** Sends a request, or replays it from the cache; nothing is stored until {@link #keep}. */
    public Exchange send(RoleSettings role, ChatRequest request) {
        String key = request.cacheKey(role.baseUrl());
        Optional<ChatReply> hit = cache.get(key);
        if (hit.isPresent()) {
            usage.cacheHit(role, hit.get());
            return new Exchange(role, request, hit.get(), key);
        }
        ChatReply reply = fetch(role, request);
        usage.reply(role, reply);
        return new Exchange(role, request, reply, key);
    }

    /** Stores a fetched reply in the cache (when the cache mode writes; cached replies are already there). */
    public void keep(Exchange exchange) {
        if (!exchange.reply().cached()) {
            cache.put(exchange.key(), exchange.role().publicBaseUrl(), exchange.request(), exchange.reply());
        }
    }

    /** The raw reply, kept in the cache. */
    public ChatReply chat(RoleSettings role, ChatRequest request) {
        Exchange e = send(role, request);
        keep(e);
        return e.reply();
    }

    /**
     * Sends (or replays) a request and parses the reply's content; the reply is kept only when the parser
     * accepts it, so an unusable reply is asked for again on a rerun.
     */
    public <T> T chat(RoleSettings role, ChatRequest request, ReplyParser<T> parser) {
        Exchange e = send(role, request);
        T parsed;
        try {
            parsed = parser.parse(e.content());
        } catch (LlmException unusable) {
            usage.failure(role);
            throw unusable;
        }
        keep(e);
        return parsed;
    }

    private ChatReply fetch(RoleSettings role, ChatRequest request) {
        String apiKey = environment.apply(role.apiKeyEnv());
        boolean hasKey = apiKey != null && !apiKey.isBlank();
        Redactor redactor = hasKey ? Redactor.none().with(apiKey) : Redactor.none();
        HttpRequest.Builder b;
        try {
            URI uri = role.endpoint();
            b = HttpRequest.newBuilder(uri);
        } catch (IllegalArgumentException e) {
            usage.failure(role);
            throw new LlmException(LlmException.Kind.CONFIGURATION, role.role(), where(role) + ": "
                    + role.pointer("base_url", role.publicBaseUrl()) + " is not an http(s) URL");
        }
        b.timeout(settings.requestTimeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.line(request.toBody()), StandardCharsets.UTF_8));
        if (hasKey) {
            b.header("Authorization", "Bearer " + apiKey.trim());
        }
        HttpRequest httpRequest = b.build();
        String lastProblem = null;
        int attempts = settings.retries() + 1;
        for (int attempt = 0; attempt < attempts; attempt++) {
            boolean last = attempt == attempts - 1;
            usage.attempt(role, attempt > 0);
            HttpResponse<String> response;
            try {
                permits.acquire();
                try {
                    response = http.send(httpRequest, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                } finally {
                    permits.release();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                usage.failure(role);
                throw new LlmException(LlmException.Kind.UNAVAILABLE, role.role(), where(role) + ": interrupted");
            } catch (HttpConnectTimeoutException e) {
                lastProblem = "no connection within " + seconds(settings.connectTimeout()) + " (--llm-connect-timeout)";
                if (!last) {
                    sleep(role, backoff(attempt), Duration.ZERO);
                }
                continue;
            } catch (HttpTimeoutException e) {
                lastProblem = "no reply within " + seconds(settings.requestTimeout()) + " (--llm-timeout)";
                if (!last) {
                    sleep(role, backoff(attempt), Duration.ZERO);
                }
                continue;
            } catch (IOException | UnresolvedAddressException e) {
                if (unknownHost(e)) {
                    usage.failure(role);
                    throw new LlmException(LlmException.Kind.CONFIGURATION, role.role(), where(role)
                            + ": cannot resolve the host of " + role.pointer("base_url", role.publicBaseUrl()));
                }
                lastProblem = "cannot reach " + role.pointer("base_url", role.publicBaseUrl()) + " ("
                        + redactor.apply(describe(e)) + ")";
                if (!last) {
                    sleep(role, backoff(attempt), Duration.ZERO);
                }
                continue;
            }
            int status = response.statusCode();
            String body = response.body() == null ? "" : response.body();
            if (status == 200) {
                try {
                    return parse(body);
                } catch (IllegalArgumentException malformed) {
                    lastProblem = "HTTP 200 with a body that is not a chat completion (" + malformed.getMessage()
                            + "): " + excerpt(redactor, body) + "; is " + role.pointer("base_url", role.publicBaseUrl())
                            + " an OpenAI-compatible endpoint (usually ending in /v1)?";
                    if (!last) {
                        sleep(role, backoff(attempt), Duration.ZERO);
                    }
                    continue;
                }
            }
            if (status == 429 || status >= 500) {
                lastProblem = "HTTP " + status + ": " + excerpt(redactor, body);
                if (!last) {
                    sleep(role, backoff(attempt), retryAfter(response));
                }
                continue;
            }
            usage.failure(role);
            throw new LlmException(LlmException.Kind.CONFIGURATION, role.role(),
                    where(role) + ": " + clientError(role, status, excerpt(redactor, body), hasKey));
        }
        usage.failure(role);
        throw new LlmException(lastProblem != null && lastProblem.startsWith("HTTP 200")
                ? LlmException.Kind.BAD_REPLY : LlmException.Kind.UNAVAILABLE, role.role(),
                where(role) + ": " + lastProblem + " after " + attempts + " attempt" + (attempts == 1 ? "" : "s")
                        + " (--llm-retries " + settings.retries() + ")");
    }

    private String clientError(RoleSettings role, int status, String body, boolean hasKey) {
        return switch (status) {
            case 401, 403 -> "HTTP " + status + ": the server refused the credentials; "
                    + (hasKey ? "check the API key in the environment variable " + role.apiKeyEnv()
                    : "the environment variable " + role.apiKeyEnv() + " is not set")
                    + " (named by " + keyEnvSource(role) + "). Server said: " + body;
            case 404 -> "HTTP 404: unknown model or endpoint; check " + role.pointer("model", role.model())
                    + " and " + role.pointer("base_url", role.publicBaseUrl()) + ". Server said: " + body;
            default -> "HTTP " + status + " (the request was refused; check " + role.pointer("model", role.model())
                    + " and the role's sampling settings). Server said: " + body;
        };
    }

    private static String keyEnvSource(RoleSettings role) {
        String src = role.source("api_key_env");
        return src.equals("default") ? "the default; change it with --llm-api-key-env or "
                + role.role().optionPrefix() + "-api-key-env" : src;
    }

    /** {@code choices[0].message.content} and {@code usage} of a chat completion. */
    static ChatReply parse(String body) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed JSON");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        JsonNode choices = root.path("choices");
        if (!choices.isArray() || choices.isEmpty()) {
            throw new IllegalArgumentException("no choices");
        }
        JsonNode message = choices.get(0).path("message");
        if (!message.isObject()) {
            throw new IllegalArgumentException("choices[0] has no message");
        }
        JsonNode content = message.path("content");
        String text = content.isTextual() ? content.asText() : "";
        JsonNode u = root.path("usage");
        return new ChatReply(text, u.path("prompt_tokens").asLong(0), u.path("completion_tokens").asLong(0), false);
    }

    private Duration backoff(int attempt) {
        long initial = settings.initialBackoff().toMillis();
        long cap = settings.maxBackoff().toMillis();
        double exp = Math.min((double) cap, initial * Math.pow(2, attempt));
        double jitter = 0.5 + 0.5 * ThreadLocalRandom.current().nextDouble();
        return Duration.ofMillis(Math.round(exp * jitter));
    }

    /** The server's {@code Retry-After}: delta seconds (fractions allowed) or an HTTP date; zero when absent. */
    static Duration retryAfter(HttpResponse<?> response) {
        Optional<String> header = response.headers().firstValue("Retry-After");
        if (header.isEmpty()) {
            return Duration.ZERO;
        }
        String v = header.get().trim();
        try {
            double s = Double.parseDouble(v);
            return s > 0 ? Duration.ofMillis(Math.round(s * 1000)) : Duration.ZERO;
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (RuntimeException notDate) {
                return Duration.ZERO;
            }
        }
    }

    private void sleep(RoleSettings role, Duration backoff, Duration retryAfter) {
        long ms = Math.max(backoff.toMillis(), retryAfter.toMillis());
        ms = Math.min(ms, Math.max(settings.maxBackoff().toMillis(), backoff.toMillis()));
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            usage.failure(role);
            throw new LlmException(LlmException.Kind.UNAVAILABLE, role.role(), where(role) + ": interrupted");
        }
    }

    private static boolean unknownHost(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof java.net.UnknownHostException) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        if (root instanceof ConnectException && (m == null || m.isBlank())) {
            return "connection refused";
        }
        return root.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }

    /** "expresser LLM (model M at URL)". */
    static String where(RoleSettings role) {
        return role.role().label() + " LLM (model " + role.model() + " at " + role.publicBaseUrl() + ")";
    }

    private static String excerpt(Redactor redactor, String body) {
        String one = redactor.apply(body).replaceAll("\\s+", " ").trim();
        if (one.isEmpty()) {
            return "(empty body)";
        }
        return one.length() <= EXCERPT ? one : one.substring(0, EXCERPT) + "...";
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
