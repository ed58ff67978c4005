package dev.emodistill.rl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.io.AtomicFiles;
import dev.emodistill.io.InputException;
import dev.emodistill.io.Json;
import dev.emodistill.io.Provenance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiFunction;

/**
 * A tabular policy on disk: a folder with
 * <ul>
 *   <li>{@code manifest.json}: {@code kind}, {@code schema_version}, {@code algorithm}, {@code training_mode}
 *       (offline), the config, the discretiser (version, bins, rule, cell labels), the state schema, the seed, the
 *       dataset (path, sha256, source corpus and its sha256, reward, transitions), the reward scale, the TD curve,
 *       the corpus's scenario provenance when known, summary metrics, the code version and {@code created_by};</li>
 *   <li>{@code q_table.json}: every cell's label, visit counts and Q values.</li>
 * </ul>
 * The table is written before the manifest, each atomically, so a folder with a manifest is complete. Loading
 * checks the kind, this layout's version, the state schema (version and feature names) and the discretiser
 * version, and names the file and field of anything wrong.
 */
public final class TabularCheckpoint {
    public static final String KIND = "emodistill.tabular-q";
    /** Version of this folder layout. */
    public static final int SCHEMA_VERSION = 1;
    public static final String MANIFEST = "manifest.json";
    public static final String TABLE = "q_table.json";

    private TabularCheckpoint() {
    }

    public static void save(Path dir, TabularPolicy policy) {
        AtomicFiles.writeString(dir.resolve(TABLE), Json.pretty(policy.table().toJson(policy.discretiser())));
        AtomicFiles.writeString(dir.resolve(MANIFEST), Json.pretty(manifest(policy)));
    }

    /** The manifest object written by {@link #save}. */
    public static ObjectNode manifest(TabularPolicy policy) {
        ObjectNode m = Json.object();
        m.put("kind", KIND);
        m.put("schema_version", SCHEMA_VERSION);
        m.put("algorithm", TabularPolicy.NAME);
        m.put("training_mode", "offline");
        m.set("config", policy.config().toJson());
        m.set("discretiser", policy.discretiser().toJson());
        m.set("state_schema", policy.discretiser().schema().toJson());
        m.setAll(policy.training().toJson());
        ObjectNode metrics = m.putObject("metrics");
        int fallback = 0;
        for (int c = 0; c < policy.table().cells(); c++) {
            fallback += policy.usesFallback(c) ? 1 : 0;
        }
        metrics.put("cells_total", policy.table().cells());
        metrics.put("cells_seen", policy.training().cellsSeen());
        metrics.put("cells_using_fallback", fallback);
        metrics.put("global_best", policy.globalBest().label());
        var curve = policy.training().tdCurve();
        metrics.put("final_mean_abs_td", curve.isEmpty() ? 0 : curve.get(curve.size() - 1));
        m.put("code_version", Provenance.codeVersion());
        m.set("created_by", Provenance.createdBy("train tabular"));
        return m;
    }

    public static TabularPolicy load(Path dir) {
        Path manifestFile = dir.resolve(MANIFEST);
        JsonNode m = read(manifestFile, dir);
        BiFunction<String, String, InputException> error = (field, reason) ->
                InputException.at(manifestFile, 0, field, reason);
        if (!KIND.equals(m.path("kind").asText())) {
            throw error.apply("kind", "expected '" + KIND + "', got " + m.get("kind")
                    + " (not a tabular Q-learning checkpoint)");
        }
        JsonNode version = m.get("schema_version");
        if (version == null || !version.isIntegralNumber() || version.asInt() != SCHEMA_VERSION) {
            throw error.apply("schema_version", "checkpoint layout version " + version + " is not this build's ("
                    + SCHEMA_VERSION + "); retrain it with this version of emodistill");
        }
        StateSchema schema = StateSchema.fromJson(m.get("state_schema"), error);
        TabularQConfig config = TabularQConfig.fromJson(m.get("config"), error);
        StateDiscretiser discretiser = StateDiscretiser.fromJson(m.get("discretiser"), schema, error);
        if (discretiser.phaseBins() != config.phaseBins()) {
            throw error.apply("discretiser.phase_bins", discretiser.phaseBins() + " bins, but config.phase_bins is "
                    + config.phaseBins());
        }
        TabularTraining training = TabularTraining.fromJson(m, manifestFile.toString(), error);
        Path tableFile = dir.resolve(TABLE);
        TabularQTable table = TabularQTable.fromJson(read(tableFile, dir), discretiser.cellCount(),
                (field, reason) -> InputException.at(tableFile, 0, field, reason));
        return new TabularPolicy(discretiser, table, config, training);
    }

    private static JsonNode read(Path file, Path dir) {
        if (!Files.isRegularFile(file)) {
            throw new InputException(dir + " is not a tabular Q checkpoint: " + file.getFileName() + " is missing");
        }
        try {
            JsonNode node = Json.MAPPER.readTree(file.toFile());
            if (node == null || !node.isObject()) {
                throw InputException.at(file, 0, null, "expected a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw InputException.at(file, 0, null, "not valid JSON: " + e.getMessage());
        }
    }
}
