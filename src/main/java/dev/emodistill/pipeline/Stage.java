package dev.emodistill.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.io.Json;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One cached step of a {@link Pipeline}: a name, the configuration that decides its output, the stages whose output
 * it consumes, and the work itself. Two runs of a stage with the same name, configuration, input keys and code
 * version are taken to produce the same output, which is what lets a finished stage be skipped.
 *
 * @param name            unique within the pipeline; lower-case letters, digits, dots, hyphens and underscores (it
 *                        names the stage's folder)
 * @param config          everything that changes the stage's output (copied); paths of inputs do not belong here,
 *                        their keys are added by the pipeline
 * @param inputs          names of the stages it consumes, each declared earlier in the list
 * @param locks           resources the stage must hold alone while it runs (e.g. a process-wide random generator),
 *                        so stages that share one never run at the same time
 * @param estimateSeconds a rough guess of its running time, used only to weigh the ETA
 * @param body            the work
 */
public record Stage(String name, ObjectNode config, List<String> inputs, Set<String> locks, double estimateSeconds,
                    Body body) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");

    /** The work of a stage: writes into {@link StageContext#dir()} and returns a JSON summary that is recorded. */
    @FunctionalInterface
    public interface Body {
        JsonNode run(StageContext context) throws Exception;
    }

    public Stage {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("stage name must match " + NAME + ", got '" + name + "'");
        }
        config = config == null ? Json.object() : config.deepCopy();
        inputs = List.copyOf(inputs == null ? List.of() : inputs);
        if (new HashSet<>(inputs).size() != inputs.size()) {
            throw new IllegalArgumentException("stage " + name + ": an input is listed twice: " + inputs);
        }
        locks = Set.copyOf(locks == null ? Set.of() : locks);
        if (!(estimateSeconds >= 0) || Double.isInfinite(estimateSeconds)) {
            throw new IllegalArgumentException("stage " + name + ": estimateSeconds must be finite and >= 0");
        }
        if (body == null) {
            throw new IllegalArgumentException("stage " + name + ": no body");
        }
    }

    /** A stage without locks. */
    public static Stage of(String name, ObjectNode config, List<String> inputs, double estimateSeconds, Body body) {
        return new Stage(name, config, inputs, Set.of(), estimateSeconds, body);
    }

    /** The configuration, as a copy: the record stays immutable. */
    @Override
    public ObjectNode config() {
        return config.deepCopy();
    }
}
