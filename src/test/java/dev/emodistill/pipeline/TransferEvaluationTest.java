package dev.emodistill.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.emodistill.cli.CliRunner;
import dev.emodistill.domain.Domain;
import dev.emodistill.io.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A selector trained without domain features, played on its own and on another domain's held-out scenarios. */
class TransferEvaluationTest {
    private static Path sweep(Path dir, String domain, int generate) {
        Path out = dir.resolve(domain + "-" + generate);
        CliRunner.Run r = CliRunner.run("sweep", "--domain", domain, "--generate", Integer.toString(generate),
                "--seeds", "1", "--max-messages", "6", "--seed", "3", "--out", out.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        return out;
    }

    @Test
    void evaluatesAcrossDomainsAndRefusesScenariosTheSelectorWasTrainedOn(@TempDir Path dir) {
        Path debt = sweep(dir, "debt", 5);
        Path student = sweep(dir, "student", 5);
        Path selector = dir.resolve("iql");
        CliRunner.Run t = CliRunner.run("train", "selector", "--corpus", debt.toString(), "--out", selector.toString(),
                "--steps", "5", "--hidden", "8", "--domain-features", "off", "--json");
        assertEquals(0, t.exit(), t.err());

        Map<Domain, Path> corpora = new LinkedHashMap<>();
        corpora.put(Domain.DEBT, debt);
        corpora.put(Domain.STUDENT, student);
        JsonNode r = TransferEvaluation.run(selector, corpora, 2, 1, 6, 2);
        assertEquals("debt", r.path("train_domain").asText());
        assertFalse(r.path("state_has_domain_features").asBoolean());
        assertEquals(2, r.path("cells").size());
        for (String d : new String[]{"debt", "student"}) {
            JsonNode cell = TransferEvaluation.cell(r, d);
            assertEquals(1, cell.path("scenarios").asInt(), "one held-out scenario of five");
            assertEquals(1 * 4 * 2, cell.path("episodes").asInt(), "scenarios x training personas x seeds");
            double eu = cell.path("expected_utility").asDouble();
            assertTrue(eu >= 0 && eu <= 1, cell.toString());
        }

        // Four generated scenarios split 3/1, so the held-out one is the fourth of five the selector trained on.
        Map<Domain, Path> leaking = Map.of(Domain.DEBT, sweep(dir, "debt", 4));
        InputException e = assertThrows(InputException.class,
                () -> TransferEvaluation.run(selector, leaking, 1, 1, 6, 2));
        assertTrue(e.getMessage().contains("was trained on 1 of the debt evaluation scenarios"), e.getMessage());
    }
}
