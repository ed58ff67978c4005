package dev.emodistill.llm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.io.Json;
import dev.emodistill.io.Provenance;

import java.util.List;
import java.util.Objects;

/**
 * One chat-completions request, exactly as sent: model, messages and every sampling parameter.
 *
 * @param model       the model name
 * @param messages    the conversation
 * @param temperature sampling temperature
 * @param maxTokens   {@code max_tokens}
 * @param seed        the {@code seed} sent, or null to send none
 * @param stop        stop sequences (omitted when empty)
 * @param sample      which sample this is when no seed is sent: part of the cache key so two episodes that
 *                    happen to send the same prompt still get their own samples
 */
public record ChatRequest(String model, List<ChatMessage> messages, double temperature, int maxTokens, Long seed,
                          List<String> stop, long sample) {

    public ChatRequest {
        Objects.requireNonNull(model, "model");
        messages = List.copyOf(messages);
        stop = List.copyOf(stop);
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a chat request needs at least one message");
        }
    }

    /** A request for a role: its model, temperature, token limit and stop sequences, seeded per sample. */
    public static ChatRequest of(RoleSettings settings, List<ChatMessage> messages, long sampleSeed) {
        // Seeds are sent as non-negative 31-bit integers, the range every OpenAI-compatible server accepts.
        long seed = sampleSeed & 0x7fffffffL;
        return new ChatRequest(settings.model(), messages, settings.temperature(), settings.maxTokens(),
                settings.sendSeed() ? seed : null, settings.stop(), settings.sendSeed() ? 0 : seed);
    }

    /** This request with more messages appended (a corrective follow-up). */
    public ChatRequest followUp(List<ChatMessage> more) {
        List<ChatMessage> all = new java.util.ArrayList<>(messages);
        all.addAll(more);
        return new ChatRequest(model, all, temperature, maxTokens, seed, stop, sample);
    }

    /** The JSON body of {@code POST /chat/completions}. */
    public ObjectNode toBody() {
        ObjectNode o = Json.object();
        o.put("model", model);
        ArrayNode ms = o.putArray("messages");
        for (ChatMessage m : messages) {
            ms.addObject().put("role", m.role()).put("content", m.content());
        }
        o.put("temperature", temperature);
        o.put("max_tokens", maxTokens);
        if (seed != null) {
            o.put("seed", seed);
        }
        if (!stop.isEmpty()) {
            ArrayNode s = o.putArray("stop");
            stop.forEach(s::add);
        }
        return o;
    }

    /**
     * The cache key: SHA-256 of the base URL and the full request body (model, messages, every sampling
     * parameter), plus the sample index when no seed is sent. The API key is not part of it, so rotating a
     * key keeps the cache.
     */
    public String cacheKey(String baseUrl) {
        ObjectNode k = Json.object();
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        k.put("base_url", base);
        k.set("request", toBody());
        if (seed == null) {
            k.put("sample", sample);
        }
        return Provenance.sha256(Json.line(k));
    }
}
