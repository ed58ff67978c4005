package dev.emodistill.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.emodistill.domain.Domain;
import dev.emodistill.io.InputException;
import dev.emodistill.io.Json;
import dev.emodistill.report.StudyResults.Standing;
import dev.emodistill.report.StudyResults.TournamentMatrix;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tournament's stages in the study plan and the collector's reading of a tournament's JSON. */
class TournamentStagesTest {
    private static final StudyPlan.Commands NONE = (log, args) -> {
        throw new AssertionError("planning must not run commands");
    };

    private static Stage find(List<Stage> stages, String name) {
        return stages.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void theTournamentWaitsForBothRolesSelectorsAndTrainsUnderTheTrainingLock() {
        StudyScale small = StudyScale.named("small");
        List<Stage> stages = StudyPlan.stages(small, List.of(Domain.DEBT), 1, NONE, 2);
        Stage sweep = find(stages, StudyPlan.sweepCounterparty(Domain.DEBT));
        assertTrue(sweep.inputs().isEmpty());
        assertEquals("counterparty", sweep.config().path("role").asText());
        assertEquals(StudyPlan.TOURNAMENT_FOCAL_RESPONSE, sweep.config().path("focal_response").asText());
        for (int i = 1; i <= small.iqlSeeds(); i++) {
            Stage iql = find(stages, StudyPlan.iqlCounterparty(Domain.DEBT, i));
            assertEquals(List.of(StudyPlan.sweepCounterparty(Domain.DEBT)), iql.inputs());
            assertTrue(iql.locks().contains(StudyPlan.TRAINING_LOCK));
            assertEquals(small.iqlSteps(), iql.config().path("steps").asInt(), "the scale's IQL settings");
        }
        Stage t = find(stages, StudyPlan.tournament(Domain.DEBT));
        Set<String> expected = new HashSet<>();
        for (int i = 1; i <= small.iqlSeeds(); i++) {
            expected.add(StudyPlan.iql(Domain.DEBT, i));
            expected.add(StudyPlan.iqlCounterparty(Domain.DEBT, i));
        }
        assertEquals(expected, Set.copyOf(t.inputs()), "no language-model stage: it can overlap their training");
        assertTrue(t.locks().isEmpty());
        assertTrue(stages.indexOf(t) < stages.indexOf(find(stages, StudyPlan.evaluate(Domain.DEBT))),
                "scheduled before the slow evaluation");
    }

    @Test
    void changingTheIqlStepsRetrainsBothRolesAndReplaysTheTournament() {
        StudyScale tiny = StudyScale.named("tiny");
        StudyScale more = new StudyScale(tiny.name(), tiny.scenarios(), tiny.sweepSeeds(), tiny.maxMessages(),
                tiny.iqlHidden(), tiny.iqlSteps() + 1, tiny.iqlSeeds(), tiny.pretrainSteps(), tiny.pretrainDialogues(),
                tiny.sftSteps(), tiny.jpoRounds(), tiny.evalSeeds(), tiny.bestSeeds(), tiny.probeTurns(),
                tiny.auditSeeds());
        Map<String, String> a = Pipeline.plan(Path.of("/r"), StudyPlan.stages(tiny, List.of(Domain.DEBT), 1, NONE, 2),
                "v").keys();
        Map<String, String> b = Pipeline.plan(Path.of("/r"), StudyPlan.stages(more, List.of(Domain.DEBT), 1, NONE, 2),
                "v").keys();
        assertEquals(a.get(StudyPlan.sweepCounterparty(Domain.DEBT)), b.get(StudyPlan.sweepCounterparty(Domain.DEBT)));
        assertTrue(!a.get(StudyPlan.iqlCounterparty(Domain.DEBT, 1)).equals(b.get(StudyPlan.iqlCounterparty(Domain.DEBT, 1))));
        assertTrue(!a.get(StudyPlan.tournament(Domain.DEBT)).equals(b.get(StudyPlan.tournament(Domain.DEBT))));
    }

    static JsonNode tournamentJson() throws Exception {
        return Json.MAPPER.readTree(("{'focal_standings': ["
                + "{'rank': 1, 'agent': 'iql:/s/a+/s/b', 'role': 'focal', 'mean_utility': 0.41,"
                + " 'mean_utility_ci': [0.38, 0.44], 'wins': 0, 'draws': 1, 'losses': 1, 'points': 0.5},"
                + "{'rank': 2, 'agent': 'random', 'role': 'focal', 'mean_utility': 0.35,"
                + " 'mean_utility_ci': [0.3, 0.4], 'wins': 0, 'draws': 0, 'losses': 2, 'points': 0}],"
                + "'counterparty_standings': ["
                + "{'rank': 1, 'agent': 'iql-cp:/c/a+/c/b', 'role': 'counterparty', 'mean_utility': 0.62,"
                + " 'mean_utility_ci': [0.6, 0.64], 'wins': 2, 'draws': 0, 'losses': 0, 'points': 2},"
                + "{'rank': 2, 'agent': 'persona:vanilla', 'role': 'counterparty', 'mean_utility': 0.55,"
                + " 'mean_utility_ci': [0.5, 0.6], 'wins': 1, 'draws': 1, 'losses': 0, 'points': 1.5}],"
                + "'matches': ["
                + "{'focal': 'iql:/s/a+/s/b', 'counterparty': 'persona:vanilla', 'focal_expected_utility': 0.45,"
                + " 'focal_expected_utility_ci': [0.4, 0.5], 'counterparty_expected_utility': 0.45},"
                + "{'focal': 'iql:/s/a+/s/b', 'counterparty': 'iql-cp:/c/a+/c/b', 'focal_expected_utility': 0.37,"
                + " 'focal_expected_utility_ci': [0.33, 0.41], 'counterparty_expected_utility': 0.63},"
                + "{'focal': 'random', 'counterparty': 'persona:vanilla', 'focal_expected_utility': 0.34,"
                + " 'focal_expected_utility_ci': [0.3, 0.38], 'counterparty_expected_utility': 0.66}]}")
                .replace('\'', '"'));
    }

    @Test
    void theCollectorReadsStandingsAndTheMatchGridWithReadableNames() throws Exception {
        JsonNode t = tournamentJson();
        List<Standing> rows = StudyCollector.standingRows("debt", t);
        assertEquals(4, rows.size());
        assertEquals("IQL selector", rows.get(0).agent());
        assertEquals("focal", rows.get(0).role());
        assertEquals("debt", rows.get(0).domain());
        assertEquals(0.44, rows.get(0).ci().high());
        assertEquals("IQL counterparty selector", rows.get(2).agent());
        assertEquals(1.5, rows.get(3).points());

        TournamentMatrix m = StudyCollector.tournamentMatrix("debt", t);
        assertEquals(List.of("IQL selector", "random"), m.focal());
        assertEquals(List.of("persona:vanilla", "IQL counterparty selector"), m.counterparties());
        assertEquals(0.37, m.focalEu()[0][1]);
        assertEquals(0.63, m.counterpartyEu()[0][1]);
        assertTrue(Double.isNaN(m.focalEu()[1][1]), "random never met the counterparty selector here");
        assertEquals("IQL counterparty selector (pressure's tactic)",
                StudyCollector.entrantLabel("iql-cp@pressure:/c/a"));
        assertThrows(InputException.class, () -> StudyCollector.tournamentMatrix("debt", Json.object()));
    }
}
