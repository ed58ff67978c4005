package dev.emodistill.pipeline;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Instant;

/**
 * What a stage left behind, whether it ran now or was found complete from an earlier run.
 *
 * @param name    the stage's name
 * @param key     its cache key (hex SHA-256)
 * @param dir     its output folder
 * @param result  the JSON its body returned (recorded in {@code stage.json})
 * @param skipped true when an earlier run had completed it with the same key
 * @param started when its body started (in the earlier run, for a skipped stage)
 * @param ended   when its body ended
 */
public record StageOutcome(String name, String key, Path dir, JsonNode result, boolean skipped, Instant started,
                           Instant ended) {
    public StageOutcome {
        result = result == null ? null : result.deepCopy();
    }

    /** The recorded result, as a copy. */
    @Override
    public JsonNode result() {
        return result == null ? null : result.deepCopy();
    }

    /** How long its body ran, in seconds. */
    public double seconds() {
        return (ended.toEpochMilli() - started.toEpochMilli()) / 1000.0;
    }
}
