package dev.emodistill.rl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.io.AtomicFiles;
import dev.emodistill.io.InputException;
import dev.emodistill.io.Json;
import dev.emodistill.io.Provenance;
import dev.emodistill.io.Safetensors;
import dev.emodistill.rl.nn.DenseNet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A selector checkpoint folder: {@code manifest.json} (algorithm, config, seed, state schema, dataset and scenario
 * provenance, code version, training curves, reward normalisation, final metrics, action mask) and {@code weights.safetensors} (the networks,
 * named {@code actor.*}, {@code q1.*}, {@code q2.*}, {@code v.*}). Loading checks both schema versions, so a
 * policy is never fed states whose layout changed under it.
 */
public final class SelectorCheckpoint {
    public static final String KIND = "emodistill.selector";
    public static final int SCHEMA_VERSION = 1;
    public static final String MANIFEST = "manifest.json";
    public static final String WEIGHTS = "weights.safetensors";

    private SelectorCheckpoint() {
    }

    /** A loaded checkpoint. */
    public record Loaded(SelectorModel model, ObjectNode manifest) {
    }

    /**
     * @param provenance what the model was trained from: at least {@code dataset} (path, sha256, reward) and, when
     *                   known, {@code scenarios} (source, train_ids, test_ids)
     * @param config     the learner's configuration
     */
    public static void save(Path dir, TrainingRun run, ObjectNode config, ObjectNode provenance, String command) {
        SelectorModel m = run.model();
        if (m.schema() == null) {
            throw new IllegalArgumentException("a selector trained on synthetic states has no state schema to save");
        }
        Map<String, Safetensors.Tensor> tensors = new LinkedHashMap<>(m.actor().tensors("actor"));
        if (m.q1() != null) {
            tensors.putAll(m.q1().tensors("q1"));
        }
        if (m.q2() != null) {
            tensors.putAll(m.q2().tensors("q2"));
        }
        if (m.v() != null) {
            tensors.putAll(m.v().tensors("v"));
        }
        Safetensors.write(dir.resolve(WEIGHTS), tensors, Map.of("format", "pt", "emodistill", KIND));
        ObjectNode o = Json.object();
        o.put("kind", KIND);
        o.put("schema_version", SCHEMA_VERSION);
        o.put("algorithm", m.algorithm());
        o.put("actor", m.actorKind().name().toLowerCase(java.util.Locale.ROOT));
        o.set("config", config);
        if (config.has("seed")) {
            o.set("seed", config.get("seed"));
        }
        o.set("state_schema", m.schema().toJson());
        ArrayNode mask = o.putArray("action_mask");
        for (Emotion e : Emotion.GOEMOTIONS) {
            if (m.mask()[e.index()]) {
                mask.add(e.label());
            }
        }
        o.setAll(provenance);
        ObjectNode training = o.putObject("training");
        training.put("seconds", Json.round(run.seconds(), 2));
        training.put("reward_shift", run.rewardShift());
        training.put("reward_scale", run.rewardScale());
        training.put("reward_scaling", config.path("reward_scaling").asText(RewardScaling.NONE.label()));
        training.set("curves", run.curves());
        o.set("metrics", metrics(run, m));
        o.put("code_version", Provenance.codeVersion());
        o.put("weights_sha256", Provenance.sha256(dir.resolve(WEIGHTS)));
        o.set("created_by", Provenance.createdBy(command));
        AtomicFiles.writeString(dir.resolve(MANIFEST), Json.pretty(o) + "\n");
    }

    /** Final numbers: the last training-curve point, time, throughput and how many emotions the mask allows. */
    private static ObjectNode metrics(TrainingRun run, SelectorModel m) {
        ObjectNode metrics = Json.object();
        if (!run.curves().isEmpty()) {
            JsonNode last = run.curves().get(run.curves().size() - 1);
            last.fields().forEachRemaining(e -> metrics.set(e.getKey().equals("step") ? "steps" : "final_" + e.getKey(),
                    e.getValue()));
        }
        metrics.put("seconds", Json.round(run.seconds(), 2));
        if (metrics.has("steps") && run.seconds() > 0) {
            metrics.put("steps_per_second", Json.round(metrics.get("steps").asInt() / run.seconds(), 1));
        }
        int allowed = 0;
        for (boolean b : m.mask()) {
            allowed += b ? 1 : 0;
        }
        metrics.put("emotions_seen", allowed);
        return metrics;
    }

    public static Loaded load(Path dir) {
        Path file = dir.resolve(MANIFEST);
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(Files.readString(file));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InputException(file + ": no such file (not a selector checkpoint folder?)");
        } catch (IOException e) {
            throw new InputException(file + ": not readable JSON: " + e.getMessage());
        }
        if (!(node instanceof ObjectNode manifest) || !KIND.equals(node.path("kind").asText())) {
            throw new InputException(file + ", field 'kind': expected '" + KIND + "'");
        }
        if (manifest.path("schema_version").asInt(-1) != SCHEMA_VERSION) {
            throw new InputException(file + ", field 'schema_version': checkpoint version "
                    + manifest.path("schema_version") + " is not supported by this build (expects " + SCHEMA_VERSION + ")");
        }
        StateSchema schema = StateSchema.fromJson(manifest.get("state_schema"),
                (field, reason) -> new InputException(file + ", field '" + field + "': " + reason));
        Path weights = dir.resolve(WEIGHTS);
        String expected = manifest.path("weights_sha256").asText();
        if (!Files.isRegularFile(weights) || !Provenance.sha256(weights).equals(expected)) {
            throw new InputException(weights + ": missing or not the weights this manifest was written with");
        }
        Map<String, Safetensors.Tensor> tensors = Safetensors.read(weights, null);
        boolean[] mask = new boolean[Emotion.COUNT];
        for (JsonNode label : manifest.path("action_mask")) {
            Emotion e = Emotion.parse(label.asText()).filter(x -> !x.isControl()).orElseThrow(
                    () -> new InputException(file + ", field 'action_mask': unknown emotion " + label));
            mask[e.index()] = true;
        }
        SelectorModel.ActorKind kind = manifest.path("actor").asText().equals("q_values")
                ? SelectorModel.ActorKind.Q_VALUES : SelectorModel.ActorKind.POLICY_LOGITS;
        try {
            SelectorModel model = new SelectorModel(manifest.path("algorithm").asText(), schema, kind,
                    DenseNet.fromTensors(tensors, "actor"), optional(tensors, "q1"), optional(tensors, "q2"),
                    optional(tensors, "v"), mask);
            return new Loaded(model, manifest);
        } catch (IllegalArgumentException e) {
            throw new InputException(weights + ": " + e.getMessage());
        }
    }

    private static DenseNet optional(Map<String, Safetensors.Tensor> tensors, String prefix) {
        return tensors.containsKey(prefix + ".0.weight") ? DenseNet.fromTensors(tensors, prefix) : null;
    }
}
