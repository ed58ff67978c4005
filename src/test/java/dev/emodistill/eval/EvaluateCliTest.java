package dev.emodistill.eval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.emodistill.cli.CliRunner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code emodistill evaluate} on held-out scenarios resolved from a corpus's provenance. */
class EvaluateCliTest {
    @TempDir
    static Path dir;
    static Path corpus;

    @BeforeAll
    static void corpus() {
        corpus = dir.resolve("c");
        assertEquals(0, CliRunner.run("sweep", "--domain", "debt", "--generate", "20", "--seeds", "1",
                "--personas", "vanilla", "--out", corpus.toString()).exit());
    }

    @Test
    void agentsPlayIdenticalTriplesAndAreComparedWithTheFirst() throws Exception {
        Path out = dir.resolve("eval");
        CliRunner.Run r = CliRunner.run("evaluate", "--domain", "debt", "--corpus", corpus.toString(), "--agents",
                "rule:ekman:anger>gratitude,fear>anger,sadness>anger,default>sadness,random,no-emotion,fixed:best",
                "--personas", "vanilla,victim,threat", "--seeds", "3", "--out", out.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode o = r.json();
        JsonNode agents = o.get("agents");
        assertEquals(4, agents.size());
        assertTrue(agents.get(0).get("name").asText().startsWith("rule:ekman:"));
        assertTrue(agents.get(0).get("p_value_vs_first").isNull(), "the first agent is the reference");
        for (JsonNode a : agents) {
            assertEquals(4 * 3 * 3, a.get("episodes").asInt(), "4 held-out scenarios x 3 personas x 3 seeds");
            for (String key : List.of("name", "success_rate", "expected_utility", "expected_utility_ci")) {
                assertTrue(a.has(key), key);
            }
            assertEquals(2, a.get("expected_utility_ci").size());
        }
        for (int i = 1; i < agents.size(); i++) {
            double p = agents.get(i).get("p_value_vs_first").asDouble();
            assertTrue(p > 0 && p <= 1, "p " + p);
        }
        assertTrue(agents.get(3).get("name").asText().startsWith("fixed:best="));
        assertTrue(o.get("fixed_best").get("source").asText().contains("training scenarios"));
        assertEquals(4, o.get("scenario_count").asInt());
        List<String> lines = Files.readAllLines(out.resolve("episodes.jsonl"));
        assertEquals(4 * 36, lines.size());
        // the same triple has the same seed for every agent
        assertEquals(lines.stream().map(l -> l.replaceAll(".*\"seed\":(-?\\d+).*", "$1")).distinct().count(), 36);
        assertTrue(Files.readString(out.resolve("summary.md")).contains("p vs first (Holm)"));
    }

    @Test
    void trainingScenariosAreRefusedUnlessAllowed() {
        CliRunner.Run r = CliRunner.run("evaluate", "--domain", "debt", "--corpus", corpus.toString(), "--agents",
                "random,no-emotion", "--scenarios", "train", "--seeds", "1", "--personas", "vanilla");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("used for training") && r.err().contains("--allow-train-scenarios"), r.err());
        CliRunner.Run allowed = CliRunner.run("evaluate", "--domain", "debt", "--corpus", corpus.toString(), "--agents",
                "random,no-emotion", "--scenarios", "train", "--seeds", "1", "--personas", "vanilla",
                "--allow-train-scenarios", "--json");
        assertEquals(0, allowed.exit(), allowed.err());
        assertEquals(16, allowed.json().get("agents").get(0).get("episodes").asInt());
    }

    @Test
    void heldOutScenariosNeedAProvenance() {
        CliRunner.Run r = CliRunner.run("evaluate", "--domain", "debt", "--agents", "random,no-emotion");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--corpus"), r.err());
        CliRunner.Run wrongDomain = CliRunner.run("evaluate", "--domain", "medical", "--corpus", corpus.toString(),
                "--agents", "random");
        assertEquals(2, wrongDomain.exit());
        assertTrue(wrongDomain.err().contains("debt"), wrongDomain.err());
    }
}
