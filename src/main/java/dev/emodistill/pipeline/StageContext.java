package dev.emodistill.pipeline;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a running stage sees: its own empty output folder, the outcomes of the stages it declared as inputs (and only
 * those, so a stage cannot quietly depend on something its key does not cover), and a log for its messages.
 *
 * @param dir    the stage's output folder, created empty
 * @param inputs outcome by input name
 * @param log    progress and messages (standard error of the whole pipeline, prefixed with the stage name)
 */
public record StageContext(Path dir, Map<String, StageOutcome> inputs, PrintWriter log) {
    public StageContext {
        inputs = Map.copyOf(inputs);
    }

    /** The outcome of a declared input. */
    public StageOutcome input(String name) {
        StageOutcome o = inputs.get(name);
        if (o == null) {
            throw new IllegalArgumentException("'" + name + "' is not a declared input of this stage (inputs: "
                    + inputs.keySet() + ")");
        }
        return o;
    }

    /** The output folder of a declared input. */
    public Path inputDir(String name) {
        return input(name).dir();
    }

    /** The recorded result of a declared input. */
    public JsonNode inputResult(String name) {
        return input(name).result();
    }
}
