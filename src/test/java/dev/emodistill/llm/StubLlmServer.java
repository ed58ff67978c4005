package dev.emodistill.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.emodistill.io.Json;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A chat-completions server on 127.0.0.1 (an ephemeral port) for tests: {@code POST /v1/chat/completions} with
 * the OpenAI request and response shapes. Replies are scripted per call (a queue served first) and otherwise
 * come from a responder that sees the request; it can also answer 401 for a wrong key and 404 for an unknown
 * model, as real servers do. Every call is recorded.
 */
public final class StubLlmServer implements AutoCloseable {
    /** One recorded call. */
    public record Call(int number, String path, JsonNode body, String authorization) {
        public String model() {
            return body == null ? null : body.path("model").asText();
        }

        /** The content of the message with this role (the first one), or "". */
        public String message(String role) {
            if (body == null) {
                return "";
            }
            for (JsonNode m : body.path("messages")) {
                if (role.equals(m.path("role").asText())) {
                    return m.path("content").asText();
                }
            }
            return "";
        }

        public String system() {
            return message("system");
        }

        /** The last user message. */
        public String lastUser() {
            String last = "";
            if (body != null) {
                for (JsonNode m : body.path("messages")) {
                    if ("user".equals(m.path("role").asText())) {
                        last = m.path("content").asText();
                    }
                }
            }
            return last;
        }

        /** Every message's content, joined: what the model can see. */
        public String allText() {
            StringBuilder sb = new StringBuilder();
            if (body != null) {
                for (JsonNode m : body.path("messages")) {
                    sb.append(m.path("content").asText()).append('\n');
                }
            }
            return sb.toString();
        }

        public int messageCount() {
            return body == null ? 0 : body.path("messages").size();
        }
    }

    /** What to answer. */
    public record Reply(int status, String body, Map<String, String> headers, long delayMillis) {
        public static Reply content(String text) {
            return content(text, 10, 5);
        }

        public static Reply content(String text, long promptTokens, long completionTokens) {
            ObjectNode o = Json.object();
            o.put("id", "chatcmpl-stub");
            o.put("object", "chat.completion");
            ObjectNode choice = o.putArray("choices").addObject();
            choice.put("index", 0);
            choice.putObject("message").put("role", "assistant").put("content", text);
            choice.put("finish_reason", "stop");
            o.putObject("usage").put("prompt_tokens", promptTokens).put("completion_tokens", completionTokens)
                    .put("total_tokens", promptTokens + completionTokens);
            return new Reply(200, Json.line(o), Map.of(), 0);
        }

        public static Reply status(int status, String body) {
            return new Reply(status, body, Map.of(), 0);
        }

        public static Reply rateLimited(String retryAfterSeconds) {
            return new Reply(429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"rate_limit\"}}",
                    Map.of("Retry-After", retryAfterSeconds), 0);
        }

        public static Reply serverError() {
            return status(500, "{\"error\":{\"message\":\"internal error\"}}");
        }

        public static Reply malformed() {
            return new Reply(200, "{\"choices\": [ {\"message\": ", Map.of(), 0);
        }

        public static Reply emptyContent() {
            return content("", 7, 0);
        }

        /** This reply, sent after a delay (before any header). */
        public Reply after(long millis) {
            return new Reply(status, body, headers, millis);
        }
    }

    /** Chooses a reply for a call that no script covers. */
    @FunctionalInterface
    public interface Responder {
        Reply respond(Call call);
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Deque<Reply> script = new ArrayDeque<>();
    private final List<Call> calls = new ArrayList<>();
    private final AtomicInteger counter = new AtomicInteger();
    private volatile Responder responder;
    private volatile String requiredKey;
    private volatile Set<String> knownModels;

    private StubLlmServer(Responder responder) throws IOException {
        this.responder = responder;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "stub-llm");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static StubLlmServer start(Responder responder) {
        try {
            return new StubLlmServer(responder);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the stub server", e);
        }
    }

    /** The base URL clients use ({@code http://127.0.0.1:PORT/v1}). */
    public String baseUrl() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort() + "/v1";
    }

    /** Queues replies for the next calls, in order, ahead of the responder. */
    public synchronized StubLlmServer script(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    public StubLlmServer responder(Responder r) {
        this.responder = r;
        return this;
    }

    /** Answer 401 unless the request carries {@code Authorization: Bearer key}. */
    public StubLlmServer requireKey(String key) {
        this.requiredKey = key;
        return this;
    }

    /** Answer 404 for any other model. */
    public StubLlmServer models(String... models) {
        this.knownModels = Set.of(models);
        return this;
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    public int callCount() {
        return counter.get();
    }

    public synchronized void reset() {
        calls.clear();
        script.clear();
        counter.set(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] raw = exchange.getRequestBody().readAllBytes();
            JsonNode body;
            try {
                body = Json.MAPPER.readTree(new String(raw, StandardCharsets.UTF_8));
            } catch (IOException e) {
                body = null;
            }
            int n = counter.incrementAndGet();
            Call call = new Call(n, exchange.getRequestURI().getPath(), body,
                    exchange.getRequestHeaders().getFirst("Authorization"));
            Reply scripted;
            synchronized (this) {
                calls.add(call);
                scripted = script.poll();
            }
            Reply reply = scripted != null ? scripted : builtIn(call);
            if (reply.delayMillis() > 0) {
                try {
                    Thread.sleep(reply.delayMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.sendResponseHeaders(reply.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(out);
                }
            }
        } catch (IOException clientGone) {
            // The client gave up (a timeout test); nothing to answer.
        }
    }

    private Reply builtIn(Call call) {
        if (!call.path().endsWith("/v1/chat/completions")) {
            return Reply.status(404, "{\"error\":{\"message\":\"no route " + call.path() + "\"}}");
        }
        String key = requiredKey;
        if (key != null && !("Bearer " + key).equals(call.authorization())) {
            // Echo the key the way some providers do, so tests can check it is redacted.
            String given = call.authorization() == null ? "" : call.authorization().replace("Bearer ", "");
            return Reply.status(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + given + "\"}}");
        }
        Set<String> models = knownModels;
        if (models != null && !models.contains(call.model())) {
            return Reply.status(404, "{\"error\":{\"message\":\"The model `" + call.model()
                    + "` does not exist\",\"code\":\"model_not_found\"}}");
        }
        if (call.body() == null) {
            return Reply.status(400, "{\"error\":{\"message\":\"invalid JSON\"}}");
        }
        return responder.respond(call);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
