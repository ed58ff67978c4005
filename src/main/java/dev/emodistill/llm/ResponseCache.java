package dev.emodistill.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.io.AtomicFiles;
import dev.emodistill.io.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * The on-disk response cache: one JSON file per entry, {@code DIR/ab/abcdef....json}, named by the request's
 * {@link ChatRequest#cacheKey cache key}. Each file is written to a temporary sibling and renamed into place, so
 * readers in any thread or process see a whole entry or none, and two writers of one key (which carry the same
 * request) simply replace each other. An entry stores the request it answers (for inspection; never the API
 * key) and is only returned when its key matches. A damaged entry is ignored and overwritten.
 */
public final class ResponseCache {
    /** Schema tag of an entry file. */
    public static final String KIND = "emodistill.llm-cache-entry";

    private final Path dir;
    private final CacheMode mode;

    public ResponseCache(Path dir, CacheMode mode) {
        this.dir = dir;
        this.mode = mode;
    }

    public CacheMode mode() {
        return mode;
    }

    public Path dir() {
        return dir;
    }

    /** The cached reply for {@code key}, when the mode reads and an intact entry exists. */
    public Optional<ChatReply> get(String key) {
        if (!mode.reads()) {
            return Optional.empty();
        }
        Path file = file(key);
        try {
            JsonNode n = Json.MAPPER.readTree(Files.readString(file));
            if (!KIND.equals(n.path("kind").asText()) || !key.equals(n.path("key").asText())
                    || !n.path("content").isTextual()) {
                return Optional.empty();
            }
            JsonNode usage = n.path("usage");
            return Optional.of(new ChatReply(n.path("content").asText(), usage.path("prompt_tokens").asLong(0),
                    usage.path("completion_tokens").asLong(0), true));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Stores a reply when the mode writes. */
    public void put(String key, String publicBaseUrl, ChatRequest request, ChatReply reply) {
        if (!mode.writes()) {
            return;
        }
        ObjectNode o = Json.object();
        o.put("kind", KIND);
        o.put("key", key);
        o.put("base_url", publicBaseUrl);
        o.set("request", request.toBody());
        if (request.seed() == null) {
            o.put("sample", request.sample());
        }
        o.put("content", reply.content());
        o.putObject("usage").put("prompt_tokens", reply.inputTokens()).put("completion_tokens", reply.outputTokens());
        o.put("created_at", Instant.now().toString());
        AtomicFiles.writeString(file(key), Json.line(o) + "\n");
    }

    Path file(String key) {
        return dir.resolve(key.substring(0, 2)).resolve(key + ".json");
    }
}
