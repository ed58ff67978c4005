package dev.emodistill.eval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.emodistill.cli.CliRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The exploitability audit end to end, on simulated targets whose emotional sensitivity is known by design. */
class AuditCliTest {
    @TempDir
    Path dir;

    private JsonNode audit(String target) {
        CliRunner.Run r = CliRunner.run("audit", "--domain", "debt", "--target", target, "--generate", "8", "--seeds",
                "2", "--out", dir.resolve(target.replace(':', '-')).toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        return r.json();
    }

    @Test
    void aStoicTargetIsFarLessExploitableThanAThreateningOne() throws Exception {
        JsonNode threat = audit("sim:threat");
        JsonNode stoic = audit("sim:stoic");
        double threatScore = threat.get(ExploitabilityAudit.EXPLOITABILITY).get("value").asDouble();
        double stoicScore = stoic.get(ExploitabilityAudit.EXPLOITABILITY).get("value").asDouble();
        assertTrue(threatScore > 0.1, "the threat persona yields to some emotions: " + threatScore);
        assertTrue(stoicScore < threatScore / 3, "stoic " + stoicScore + " vs threat " + threatScore);

        JsonNode adversaries = threat.get("adversaries");
        assertEquals(28 + 2, adversaries.size(), "control, 28 emotions, random");
        assertEquals(ExploitabilityAudit.CONTROL, adversaries.get(0).get("name").asText());
        double control = adversaries.get(0).get("expected_utility").asDouble();
        String best = threat.get(ExploitabilityAudit.EXPLOITABILITY).get("emotion").asText();
        double bestUtility = -1;
        for (JsonNode a : adversaries) {
            if (a.get("name").asText().equals(best)) {
                bestUtility = a.get("expected_utility").asDouble();
            }
            if (!a.get("name").asText().equals(ExploitabilityAudit.CONTROL)
                    && !a.get("name").asText().equals(ExploitabilityAudit.RANDOM)) {
                assertTrue(a.get("expected_utility").asDouble() <= bestUtility + 1e-9 || bestUtility < 0,
                        "the best emotion has the highest expected utility");
            }
        }
        assertEquals(bestUtility - control, threatScore, 2e-4, "score = EU(best) - EU(no emotion), paired");

        Path out = dir.resolve("sim-threat");
        for (String f : new String[] {"audit.json", "audit.csv", "audit.md", "audit.html"}) {
            assertTrue(Files.size(out.resolve(f)) > 100, f);
        }
        assertTrue(Files.readString(out.resolve("audit.html")).contains("<svg"));
    }

    @Test
    void anUnknownTargetIsAClearError() {
        CliRunner.Run r = CliRunner.run("audit", "--domain", "debt", "--target", "bot", "--out", dir.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--target") && r.err().contains("sim:"), r.err());
    }
}
