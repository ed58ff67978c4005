package dev.emodistill.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScenarioGeneratorTest {
    @Test
    void sameSeedSameScenariosAndFile(@TempDir Path dir) throws Exception {
        for (Domain d : Domain.values()) {
            Path a = dir.resolve(d.id() + "-a.jsonl");
            Path b = dir.resolve(d.id() + "-b.jsonl");
            ScenarioFiles.write(a, ScenarioGenerator.generate(d, 30, 5));
            ScenarioFiles.write(b, ScenarioGenerator.generate(d, 30, 5));
            assertEquals(Files.readString(a), Files.readString(b));
            assertNotEquals(ScenarioGenerator.generate(d, 30, 5), ScenarioGenerator.generate(d, 30, 6));
        }
    }

    @Test
    void fieldsAndRangesFollowThePublishedSets() {
        for (Domain d : Domain.values()) {
            List<Scenario> scenarios = ScenarioGenerator.generate(d, 400, 11);
            assertEquals(400, new HashSet<>(scenarios.stream().map(Scenario::id).toList()).size(), "unique ids");
            for (Scenario s : scenarios) {
                assertEquals(PublishedFormat.of(d).header(), List.copyOf(s.fields().keySet()));
                assertTrue(Math.abs(s.span()) >= 1);
                switch (d) {
                    case DEBT -> {
                        assertTrue(s.focalTarget() >= 5 && s.focalTarget() <= 20);
                        assertTrue(s.counterpartyTarget() >= 32 && s.counterpartyTarget() <= 179);
                        assertTrue(s.focalTarget() < s.counterpartyTarget(), "focal prefers fewer days");
                    }
                    case DISASTER -> assertTrue(s.focalTarget() > s.counterpartyTarget(), "focal prefers more minutes");
                    case STUDENT -> {
                        assertTrue(s.focalTarget() >= -30 && s.focalTarget() <= 120, "8:30-11:00 PM");
                        assertTrue(s.focalTarget() < s.counterpartyTarget(), "focal prefers an earlier bedtime");
                    }
                    case MEDICAL -> assertTrue(s.focalTarget() > s.counterpartyTarget(), "focal prefers more days");
                }
            }
            long estimated = scenarios.stream().filter(Scenario::estimated).count();
            if (d != Domain.DEBT) {
                assertTrue(estimated > 0 && estimated < 100, d + ": some rows carry free-text values: " + estimated);
            }
        }
    }
}
