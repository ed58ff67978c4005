package dev.emodistill.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.io.AtomicFiles;
import dev.emodistill.io.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * {@code stage.json}: the mark that a stage's folder is complete. Written atomically and last, after everything the
 * stage produced, so a folder without it (or with another key) is an interrupted or outdated run to be cleared.
 * It records the key, the configuration, the inputs' keys, the code version, start and end times and the JSON the
 * stage returned, which a later run reuses instead of running the stage again.
 */
public final class StageRecord {
    public static final String FILE = "stage.json";
    public static final String KIND = "emodistill.stage";

    private StageRecord() {
    }

    static void write(Path dir, Stage stage, String key, List<StageKeys.InputKey> inputs, String codeVersion,
                      Instant started, Instant ended, JsonNode result) {
        ObjectNode o = Json.object();
        o.put("kind", KIND);
        o.put("name", stage.name());
        o.put("key", key);
        o.set("config", stage.config());
        ArrayNode in = o.putArray("inputs");
        inputs.forEach(k -> in.addObject().put("name", k.name()).put("key", k.key()));
        o.put("code_version", codeVersion);
        o.put("started_at", started.toString());
        o.put("ended_at", ended.toString());
        o.put("seconds", Json.round((ended.toEpochMilli() - started.toEpochMilli()) / 1000.0, 3));
        o.set("result", result == null ? Json.object() : result);
        AtomicFiles.writeString(dir.resolve(FILE), Json.pretty(o) + "\n");
    }

    /**
     * The outcome recorded in {@code dir}, if the folder holds a complete {@code stage.json} with this key; empty
     * when it is missing, unreadable or for another key (the caller reruns the stage then).
     */
    static Optional<StageOutcome> readComplete(Path dir, String name, String key) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode o = Json.MAPPER.readTree(Files.readString(file));
            if (!KIND.equals(o.path("kind").asText()) || !key.equals(o.path("key").asText())
                    || !o.path("result").isContainerNode()) {
                return Optional.empty();
            }
            return Optional.of(new StageOutcome(name, key, dir, o.get("result"), true,
                    Instant.parse(o.path("started_at").asText()), Instant.parse(o.path("ended_at").asText())));
        } catch (IOException | DateTimeParseException e) {
            // A torn or hand-edited record is no proof of completion: run the stage again.
            return Optional.empty();
        }
    }
}
