package dev.emodistill.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.emodistill.io.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PersonaBreakdownTest {
    private static String episode(String agent, String persona, String scenario, String outcome, double utility) {
        return String.format(java.util.Locale.ROOT, "{\"agent\":\"%s\",\"scenario_id\":\"%s\",\"persona\":\"%s\","
                + "\"outcome\":\"%s\",\"utility\":%s}%n", agent, scenario, persona, outcome, utility);
    }

    @Test
    void splitsOneEvaluationPerPersona(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("episodes.jsonl");
        Files.writeString(file, episode("a", "stoic", "s1", "deal", 0.6) + episode("a", "stoic", "s2", "walkaway", 0)
                + episode("b", "stoic", "s1", "deal", 0.2) + episode("b", "stoic", "s2", "deal", 0.4)
                + episode("a", "volatile", "s1", "deal", 0.9) + episode("b", "volatile", "s1", "timeout", 0));
        JsonNode r = PersonaBreakdown.of(file, List.of("a", "b"), List.of("stoic", "volatile"), 1);
        JsonNode stoicA = r.path("stoic").path("agents").get(0);
        assertEquals("a", stoicA.path("name").asText());
        assertEquals(2, stoicA.path("episodes").asInt());
        assertEquals(0.3, stoicA.path("expected_utility").asDouble(), 1e-9);
        assertEquals(0.5, stoicA.path("success_rate").asDouble(), 1e-9);
        JsonNode ci = stoicA.path("expected_utility_ci");
        assertTrue(ci.get(0).asDouble() <= 0.3 && 0.3 <= ci.get(1).asDouble(), ci.toString());
        assertEquals(0.3, r.path("stoic").path("agents").get(1).path("expected_utility").asDouble(), 1e-9);
        assertEquals(1.0, r.path("stoic").path("agents").get(1).path("success_rate").asDouble(), 1e-9);
        assertEquals(0.9, r.path("volatile").path("agents").get(0).path("expected_utility").asDouble(), 1e-9);
        assertEquals(0.0, r.path("volatile").path("agents").get(1).path("success_rate").asDouble(), 1e-9);

        Files.writeString(file, episode("c", "stoic", "s1", "deal", 0.6));
        InputException e = assertThrows(InputException.class,
                () -> PersonaBreakdown.of(file, List.of("a"), List.of("stoic"), 1));
        assertTrue(e.getMessage().contains("episodes.jsonl"), e.getMessage());
    }
}
