package dev.emodistill.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import dev.emodistill.cli.CliRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code analyze emotions} on a real fixed-emotion corpus. */
class EmotionStudyCliTest {
    @Test
    void perEmotionTablesChartAndOverallTest(@TempDir Path dir) throws Exception {
        Path corpus = dir.resolve("fixed");
        assertEquals(0, CliRunner.run("sweep", "--domain", "disaster", "--policy", "fixed", "--emotions",
                "anger,gratitude,none", "--generate", "20", "--seeds", "3", "--personas", "threat,pressure",
                "--out", corpus.toString()).exit());
        Path out = dir.resolve("study");
        CliRunner.Run r = CliRunner.run("analyze", "emotions", "--corpus", corpus.toString(), "--out", out.toString(),
                "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode o = r.json();
        assertEquals(3, o.get("emotions").size());
        for (JsonNode e : o.get("emotions")) {
            assertEquals(96, e.get("episodes").asInt(), "16 train scenarios x 3 seeds x 2 personas");
            double eu = e.get("expected_utility").asDouble();
            JsonNode ci = e.get("expected_utility_ci");
            assertTrue(ci.get(0).asDouble() <= eu && eu <= ci.get(1).asDouble(), e.toString());
            assertTrue(e.has("success_rate"));
        }
        // anger provokes walk-aways from threat and pressure; gratitude de-escalates them
        assertTrue(o.get("p_value").asDouble() < 1e-6, o.toString());
        for (String f : new String[]{"emotions.csv", "emotions.md", "emotions.json", "emotions.html"}) {
            assertTrue(Files.size(out.resolve(f)) > 100, f);
        }
        String html = Files.readString(out.resolve("emotions.html"));
        assertTrue(html.contains("<svg") && html.contains("gratitude") && !html.contains("http://www.w3.org/1999/xlink\" href"));
        assertTrue(Files.readString(out.resolve("emotions.csv")).startsWith("emotion,episodes,success_rate"));
    }

    @Test
    void aRandomPolicyCorpusIsNotAPerEmotionStudy(@TempDir Path dir) {
        Path corpus = dir.resolve("random");
        assertEquals(0, CliRunner.run("sweep", "--domain", "debt", "--generate", "5", "--seeds", "1", "--personas",
                "vanilla", "--out", corpus.toString()).exit());
        CliRunner.Run r = CliRunner.run("analyze", "emotions", "--corpus", corpus.toString(), "--out",
                dir.resolve("x").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("fixed-emotion corpus"), r.err());
    }
}
