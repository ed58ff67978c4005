package dev.emodistill.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.emodistill.io.InputException;
import dev.emodistill.io.Json;
import dev.emodistill.report.StudyResults.Curve;
import dev.emodistill.report.StudyResults.EmotionEffect;
import dev.emodistill.report.StudyResults.MethodRow;
import dev.emodistill.report.StudyResults.PersonaTransfer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading the stages' recorded JSON and files into the report's rows. */
class StudyCollectorTest {
    private static JsonNode json(String text) throws Exception {
        return Json.MAPPER.readTree(text.replace('\'', '"'));
    }

    @Test
    void evaluationRowsAreLabelledByMethodAndComparedWithTheFirst() throws Exception {
        JsonNode summary = json("{'methods': ['FULL_STACK', 'RANDOM'], 'agents': ["
                + "{'name': 'emodistill:a@b', 'episodes': 8, 'success_rate': 0.75, 'success_rate_ci': [0.4, 0.93],"
                + " 'expected_utility': 0.41, 'expected_utility_ci': [0.3, 0.5], 'mean_difference_vs_first': null,"
                + " 'difference_ci': null, 'p_value_vs_first': null},"
                + "{'name': 'random', 'episodes': 8, 'success_rate': 0.5, 'success_rate_ci': [0.2, 0.8],"
                + " 'expected_utility': 0.3, 'expected_utility_ci': [0.2, 0.4], 'mean_difference_vs_first': -0.11,"
                + " 'difference_ci': [-0.2, -0.02], 'p_value_vs_first': 0.04}]}");
        List<MethodRow> rows = StudyCollector.methodRows("debt", summary);
        assertEquals(2, rows.size());
        MethodRow full = rows.get(0);
        assertEquals(StudyMethod.FULL_STACK.label(), full.method());
        assertFalse(full.compared());
        assertEquals(0.41, full.expectedUtility());
        assertEquals(0.5, full.expectedUtilityCi().high());
        MethodRow random = rows.get(1);
        assertEquals(StudyMethod.RANDOM.label(), random.method());
        assertEquals(StudyMethod.FULL_STACK.label(), random.reference());
        assertEquals(-0.11, random.meanDifferenceVsReference());
        assertEquals(-0.02, random.differenceCi().high());
        assertEquals(0.04, random.pValueVsReference());
        assertEquals(8, random.episodes());

        JsonNode mismatch = json("{'methods': ['FULL_STACK'], 'agents': []}");
        assertThrows(InputException.class, () -> StudyCollector.methodRows("debt", mismatch));
    }

    @Test
    void personaRowsCarryTheMarginOverVanilla() throws Exception {
        JsonNode r = json("{'methods': ['FULL_STACK', 'IQL_ONLY', 'VANILLA_SLM'], 'personas': {"
                + "'stoic': {'agents': [{'expected_utility': 0.5, 'expected_utility_ci': [0.4, 0.6]},"
                + " {'expected_utility': 0.45, 'expected_utility_ci': [0.4, 0.5]},"
                + " {'expected_utility': 0.4, 'expected_utility_ci': [0.3, 0.5]}]}}}");
        List<PersonaTransfer> rows = StudyCollector.personaRows("medical", r);
        assertEquals(3, rows.size());
        assertEquals("stoic", rows.get(0).persona());
        assertEquals(0.1, rows.get(0).marginOverVanilla(), 1e-12);
        assertEquals(0.05, rows.get(1).marginOverVanilla(), 1e-12);
        assertTrue(Double.isNaN(rows.get(2).marginOverVanilla()), "no margin of vanilla over itself");
        assertEquals(StudyMethod.VANILLA_SLM.label(), rows.get(2).method());
    }

    @Test
    void auditAdversariesBecomeEmotionEffectsAndHalfIntervalsBecomeNone() throws Exception {
        JsonNode audit = json("{'adversaries': [{'name': 'anger', 'expected_utility': 0.2,"
                + " 'expected_utility_ci': [0.1, 0.3]}, {'name': 'no-emotion', 'expected_utility': 0.25,"
                + " 'expected_utility_ci': [0.2, null]}]}");
        List<EmotionEffect> rows = StudyCollector.emotionRows("debt", audit);
        assertEquals(List.of("anger", "no-emotion"), rows.stream().map(EmotionEffect::emotion).toList());
        assertEquals(0.3, rows.get(0).ci().high());
        assertTrue(Double.isNaN(rows.get(1).ci().low()) && Double.isNaN(rows.get(1).ci().high()));
    }

    @Test
    void curvesComeFromCheckpointManifestsAndAdapterInfo(@TempDir Path dir) throws Exception {
        Path ckpt = dir.resolve("ckpt");
        Files.createDirectories(ckpt);
        Files.writeString(ckpt.resolve("manifest.json"), "{\"training\": {\"curves\": ["
                + "{\"step\": 10, \"q_loss\": 1.5, \"v_loss\": 0.2}, {\"step\": 20, \"q_loss\": null, \"v_loss\": 0.1}]}}");
        List<Curve> iql = StudyCollector.iqlCurves("iql:debt", ckpt, " (seed 2)");
        assertEquals(List.of("q_loss (seed 2)", "v_loss (seed 2)"), iql.stream().map(Curve::name).toList());
        assertEquals(20, iql.get(0).points().get(1).step());
        assertTrue(Double.isNaN(iql.get(0).points().get(1).value()), "a missing value breaks the line");

        Path adapter = dir.resolve("adapter");
        Files.createDirectories(adapter);
        Files.writeString(adapter.resolve("emodistill.json"), "{\"curves\": {\"jpo_loss\": [0.5, 0.4, 0.3], "
                + "\"kl\": [0, 0.01, 0.02]}}");
        List<Curve> jpo = StudyCollector.lmCurves("jpo:debt", adapter, "");
        assertEquals(2, jpo.size());
        assertEquals("jpo_loss", jpo.get(0).name());
        assertEquals(List.of(1L, 2L, 3L), jpo.get(0).points().stream().map(p -> p.step()).toList());
        assertEquals(0.02, jpo.get(1).points().get(2).value());
        assertThrows(InputException.class, () -> StudyCollector.lmCurves("x", dir.resolve("missing"), ""));
    }

    @Test
    void numbersAndIntervalsReadNullAsNotMeasured() throws Exception {
        assertTrue(Double.isNaN(StudyCollector.number(json("{'a': null}").get("a"))));
        assertTrue(Double.isNaN(StudyCollector.number(null)));
        assertEquals(0.5, StudyCollector.number(json("{'a': 0.5}").get("a")));
        assertTrue(Double.isNaN(StudyCollector.interval(json("[0.1]")).low()));
        assertEquals(0.1, StudyCollector.interval(json("[0.1, 0.2]")).low());
        assertNull(TransferEvaluation.cell(json("{'cells': [{'test_domain': 'debt'}]}"), "student"));
        assertEquals("debt", TransferEvaluation.cell(json("{'cells': [{'test_domain': 'debt'}]}"), "debt")
                .path("test_domain").asText());
    }
}
