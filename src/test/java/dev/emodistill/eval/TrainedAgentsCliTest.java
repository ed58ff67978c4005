package dev.emodistill.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.cli.CliRunner;
import dev.emodistill.io.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** sweep -> train (IQL, CQL, tabular) -> evaluate, end to end through the command line. */
class TrainedAgentsCliTest {
    @TempDir
    static Path dir;
    static Path corpus;
    static Path iql;

    @BeforeAll
    static void trainSmallAgents() {
        corpus = dir.resolve("corpus");
        assertEquals(0, CliRunner.run("sweep", "--domain", "medical", "--generate", "10", "--seeds", "2",
                "--personas", "vanilla,threat", "--out", corpus.toString()).exit());
        iql = dir.resolve("iql");
        CliRunner.Run r = CliRunner.run("train", "selector", "--corpus", corpus.toString(), "--out", iql.toString(),
                "--steps", "40", "--hidden", "16", "--batch", "32", "--json");
        assertEquals(0, r.exit(), r.err());
        assertEquals(0, CliRunner.run("train", "selector", "--algorithm", "cql", "--corpus", corpus.toString(),
                "--out", dir.resolve("cql").toString(), "--steps", "20", "--hidden", "16", "--batch", "32").exit());
        assertEquals(0, CliRunner.run("train", "tabular", "--corpus", corpus.toString(), "--out",
                dir.resolve("tabular").toString()).exit());
    }

    @Test
    void trainedAgentsAreEvaluatedOnTheHeldOutScenariosOfTheirCorpus() throws Exception {
        JsonNode manifest = Json.MAPPER.readTree(Files.readString(iql.resolve("manifest.json")));
        assertEquals("iql", manifest.get("algorithm").asText());
        assertEquals(2, manifest.get("scenarios").get("test_ids").size());
        assertTrue(manifest.get("state_schema").get("feature_names").size() > 0);
        assertTrue(manifest.get("training").get("curves").size() > 0);
        CliRunner.Run r = CliRunner.run("evaluate", "--domain", "medical", "--agents",
                "iql:" + iql + ",cql:" + dir.resolve("cql") + ",tabular:" + dir.resolve("tabular") + ",random",
                "--personas", "vanilla,threat", "--seeds", "2", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode agents = r.json().get("agents");
        assertEquals(4, agents.size());
        assertEquals(2 * 2 * 2, agents.get(0).get("episodes").asInt(), "2 held-out scenarios x 2 personas x 2 seeds");
        assertEquals(2, r.json().get("scenario_count").asInt());
    }

    @Test
    void poolingSeedsAndRefusingLeaks() {
        CliRunner.Run pooled = CliRunner.run("evaluate", "--domain", "medical", "--agents",
                "iql:" + iql + "+" + iql + ",no-emotion", "--personas", "vanilla", "--seeds", "2", "--json");
        assertEquals(0, pooled.exit(), pooled.err());
        CliRunner.Run leak = CliRunner.run("evaluate", "--domain", "medical", "--agents", "iql:" + iql + ",random",
                "--scenarios", "train", "--seeds", "1");
        assertEquals(2, leak.exit());
        assertTrue(leak.err().contains("used for training"), leak.err());
        CliRunner.Run wrongKind = CliRunner.run("evaluate", "--domain", "medical", "--agents",
                "dqn:" + iql + ",random", "--seeds", "1");
        assertEquals(2, wrongKind.exit());
        assertTrue(wrongKind.err().contains("iql checkpoint"), wrongKind.err());
    }

    @Test
    void aSelectorWithTextFeaturesTrainsAndActsOnTheLiveText() throws Exception {
        Path text = dir.resolve("iql-text");
        CliRunner.Run train = CliRunner.run("train", "selector", "--corpus", corpus.toString(), "--out",
                text.toString(), "--steps", "20", "--hidden", "16", "--batch", "32", "--text-features", "8", "--json");
        assertEquals(0, train.exit(), train.err());
        JsonNode schema = Json.MAPPER.readTree(Files.readString(text.resolve("manifest.json"))).get("state_schema");
        assertEquals(8, schema.get("text_features").asInt());
        assertEquals("cp_text_7", schema.get("feature_names").get(schema.get("dimension").asInt() - 1).asText());
        CliRunner.Run r = CliRunner.run("evaluate", "--domain", "medical", "--agents", "iql:" + text + ",random",
                "--personas", "vanilla", "--seeds", "1", "--json");
        assertEquals(0, r.exit(), r.err());
        assertEquals(2, r.json().get("agents").get(0).get("episodes").asInt());
    }

    @Test
    void aCheckpointFromAnotherSchemaIsRefused() throws Exception {
        Path copy = dir.resolve("old-schema");
        Files.createDirectories(copy);
        Files.copy(iql.resolve("weights.safetensors"), copy.resolve("weights.safetensors"));
        ObjectNode m = (ObjectNode) Json.MAPPER.readTree(Files.readString(iql.resolve("manifest.json")));
        ((ObjectNode) m.get("state_schema")).put("version", 1);
        Files.writeString(copy.resolve("manifest.json"), Json.pretty(m));
        CliRunner.Run r = CliRunner.run("evaluate", "--domain", "medical", "--agents", "iql:" + copy + ",random",
                "--seeds", "1");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("state_schema") && r.err().contains("version"), r.err());
    }

    @Test
    void badTrainingInputIsAClearError() throws Exception {
        CliRunner.Run none = CliRunner.run("train", "selector", "--out", dir.resolve("x").toString());
        assertEquals(2, none.exit());
        assertTrue(none.err().contains("--dataset") && none.err().contains("--corpus"), none.err());
        Path data = dir.resolve("t.jsonl");
        assertEquals(0, CliRunner.run("dataset", "--corpus", corpus.toString(), "--out", data.toString()).exit());
        var lines = Files.readAllLines(data);
        lines.set(1, lines.get(1).replaceFirst("\"r\":[-0-9.Ee]+", "\"r\":NaN"));
        Files.write(dir.resolve("nan.jsonl"), lines);
        CliRunner.Run nan = CliRunner.run("train", "selector", "--dataset", dir.resolve("nan.jsonl").toString(),
                "--out", dir.resolve("y").toString(), "--steps", "5");
        assertEquals(2, nan.exit());
        assertTrue(nan.err().contains("line 2") || nan.err().contains("finite"), nan.err());
        assertTrue(!Files.exists(dir.resolve("y").resolve("manifest.json")), "no checkpoint from bad data");
    }
}
