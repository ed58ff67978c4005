package dev.emodistill.domain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.emodistill.io.InputException;
import dev.emodistill.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScenarioFilesTest {
    @Test
    void linesCarryTheCanonicalKeysAndEveryOriginalField(@TempDir Path dir) throws Exception {
        List<Scenario> scenarios = ScenarioGenerator.generate(Domain.STUDENT, 5, 3);
        Path file = dir.resolve("s.jsonl");
        ScenarioFiles.write(file, scenarios);
        List<String> lines = Files.readAllLines(file);
        assertEquals(5, lines.size());
        JsonNode first = Json.MAPPER.readTree(lines.get(0));
        assertEquals(scenarios.get(0).id(), first.get("id").asText());
        assertEquals("student", first.get("domain").asText());
        assertEquals("minutes past 9 PM", first.get("unit").asText());
        assertTrue(first.get("focal_target").isNumber());
        assertTrue(first.get("counterparty_target").isNumber());
        assertTrue(first.get("estimated").isBoolean());
        assertEquals(scenarios.get(0).fields().get("Robots_Requested_Bedtime"),
                first.get("Robots_Requested_Bedtime").asText());
        assertEquals(scenarios, ScenarioFiles.read(file));
    }

    @Test
    void errorsNameFileLineAndField(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.jsonl");
        String good = Json.line(ScenarioFiles.toJson(ScenarioGenerator.generate(Domain.DEBT, 1, 1).get(0)));
        Files.writeString(file, good + "\n" + good.replace("\"focal_target\":", "\"focal_target\":\"x\",\"_\":") + "\n");
        InputException e = assertThrows(InputException.class, () -> ScenarioFiles.read(file));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("focal_target"), e.getMessage());

        Files.writeString(file, good + "\n{not json\n");
        e = assertThrows(InputException.class, () -> ScenarioFiles.read(file));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("not valid JSON"), e.getMessage());

        Files.writeString(file, good.replace("\"domain\":\"debt\"", "\"domain\":\"pirates\""));
        e = assertThrows(InputException.class, () -> ScenarioFiles.read(file));
        assertTrue(e.getMessage().contains("line 1") && e.getMessage().contains("domain"), e.getMessage());

        Files.writeString(file, good + "\n" + good + "\n");
        e = assertThrows(InputException.class, () -> ScenarioFiles.read(file));
        assertTrue(e.getMessage().contains("duplicate"), e.getMessage());

        Files.writeString(file, good.replace("\"estimated\":false", "\"estimated\":\"no\""));
        e = assertThrows(InputException.class, () -> ScenarioFiles.read(file));
        assertTrue(e.getMessage().contains("estimated"), e.getMessage());
    }

    @Test
    void splitIsExplicitAndPositional() {
        List<Scenario> s = ScenarioGenerator.generate(Domain.DEBT, 10, 1);
        ScenarioSplit split = ScenarioSplit.of(s);
        assertEquals(s.subList(0, 8), split.train());
        assertEquals(s.subList(8, 10), split.test());
        assertEquals(1, ScenarioSplit.of(s.subList(0, 2)).test().size());
        assertEquals(10, split.side("all").size());
    }
}
