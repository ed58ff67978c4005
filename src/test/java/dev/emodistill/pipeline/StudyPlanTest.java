package dev.emodistill.pipeline;

import dev.emodistill.domain.Domain;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The study's stage graph, planned without running anything. */
class StudyPlanTest {
    private static final StudyPlan.Commands NONE = (log, args) -> {
        throw new AssertionError("planning must not run commands");
    };
    private static final Path ROOT = Path.of("/runs/x");

    private static List<Stage> stages(StudyScale scale, List<Domain> domains) {
        return StudyPlan.stages(scale, domains, 1, NONE, 2);
    }

    private static StudyScale withSftSteps(StudyScale s, int steps) {
        return new StudyScale(s.name(), s.scenarios(), s.sweepSeeds(), s.maxMessages(), s.iqlHidden(), s.iqlSteps(),
                s.iqlSeeds(), s.pretrainSteps(), s.pretrainDialogues(), steps, s.jpoRounds(), s.evalSeeds(),
                s.bestSeeds(), s.probeTurns(), s.auditSeeds());
    }

    @Test
    void everyDomainGetsTheWholeChainAndOneBaseModelIsShared() {
        List<Domain> all = List.of(Domain.values());
        List<Stage> stages = stages(StudyScale.named("small"), all);
        Set<String> names = stages.stream().map(Stage::name).collect(Collectors.toSet());
        assertEquals(stages.size(), names.size());
        // 1 shared pre-training + per domain: sweep, judge, held-out sweep, audit, 3 IQL seeds, SFT, emotion-free SFT,
        // JPO, evaluate, personas, probes, IQL without domain features, transfer, and the tournament's counterparty
        // sweep, 3 counterparty IQL seeds and tournament
        assertEquals(1 + all.size() * (15 + 5), stages.size());
        for (Domain d : all) {
            for (String n : List.of(StudyPlan.sweep(d), StudyPlan.judge(d), StudyPlan.iql(d, 3), StudyPlan.sft(d),
                    StudyPlan.sftFree(d), StudyPlan.jpo(d), StudyPlan.testSweep(d), StudyPlan.probes(d),
                    StudyPlan.evaluate(d), StudyPlan.personas(d), StudyPlan.audit(d), StudyPlan.iqlNoDomain(d),
                    StudyPlan.transfer(d))) {
                assertTrue(names.contains(n), n);
            }
        }
        Stage transfer = find(stages, StudyPlan.transfer(Domain.DEBT));
        for (Domain d : all) {
            assertTrue(transfer.inputs().contains(StudyPlan.sweep(d)), "transfer reads every domain's held-out ids");
        }
        Stage eval = find(stages, StudyPlan.evaluate(Domain.MEDICAL));
        assertTrue(eval.inputs().containsAll(List.of(StudyPlan.iql(Domain.MEDICAL, 1), StudyPlan.iql(Domain.MEDICAL, 2),
                StudyPlan.iql(Domain.MEDICAL, 3), StudyPlan.PRETRAIN, StudyPlan.sft(Domain.MEDICAL),
                StudyPlan.sftFree(Domain.MEDICAL), StudyPlan.jpo(Domain.MEDICAL))), eval.inputs().toString());
    }

    @Test
    void trainingStagesShareOneLockAndLanguageModelEvaluationsAnother() {
        List<Stage> stages = stages(StudyScale.named("tiny"), List.of(Domain.DEBT));
        for (Stage s : stages) {
            boolean training = s.name().equals(StudyPlan.PRETRAIN) || s.name().startsWith("iql-")
                    || s.name().startsWith("sft-") || s.name().startsWith("jpo-");
            assertEquals(training, s.locks().contains(StudyPlan.TRAINING_LOCK), s.name());
            boolean lmEval = s.name().startsWith("evaluate-") || s.name().startsWith("personas-");
            assertEquals(lmEval, s.locks().contains(StudyPlan.LM_AGENTS_LOCK), s.name());
        }
    }

    @Test
    void inSeparateProcessesTheProcessLocksGoAndTheKeysStay() {
        List<Stage> shared = stages(StudyScale.named("tiny"), List.of(Domain.DEBT));
        List<Stage> separate = StudyPlan.inSeparateProcesses(shared);
        assertEquals(shared.stream().map(Stage::name).toList(), separate.stream().map(Stage::name).toList());
        for (Stage s : separate) {
            assertTrue(s.locks().isEmpty(), s.name() + " " + s.locks());
        }
        assertTrue(shared.stream().anyMatch(s -> !s.locks().isEmpty()));
        assertEquals(Pipeline.plan(ROOT, shared, "v").keys(), Pipeline.plan(ROOT, separate, "v").keys(),
                "a run folder made by either runner is resumed by the other");
    }

    @Test
    void changingTheSftStepsChangesOnlyTheKeysBelowSft() {
        List<Domain> domains = List.of(Domain.DEBT, Domain.STUDENT);
        StudyScale tiny = StudyScale.named("tiny");
        Map<String, String> before = Pipeline.plan(ROOT, stages(tiny, domains), "v").keys();
        Map<String, String> after = Pipeline.plan(ROOT, stages(withSftSteps(tiny, tiny.sftSteps() + 1), domains), "v")
                .keys();
        Set<String> changed = new HashSet<>();
        before.forEach((name, key) -> {
            if (!key.equals(after.get(name))) {
                changed.add(name);
            }
        });
        Set<String> expected = new HashSet<>();
        for (Domain d : domains) {
            expected.addAll(List.of(StudyPlan.sft(d), StudyPlan.sftFree(d), StudyPlan.jpo(d), StudyPlan.evaluate(d),
                    StudyPlan.personas(d), StudyPlan.probes(d)));
        }
        assertEquals(expected, changed);
    }

    @Test
    void theRunSeedAndTheDomainListReachTheKeys() {
        List<Stage> one = StudyPlan.stages(StudyScale.named("tiny"), List.of(Domain.DEBT), 1, NONE, 2);
        List<Stage> two = StudyPlan.stages(StudyScale.named("tiny"), List.of(Domain.DEBT), 2, NONE, 2);
        assertNotEquals(Pipeline.plan(ROOT, one, "v").keys().get(StudyPlan.sweep(Domain.DEBT)),
                Pipeline.plan(ROOT, two, "v").keys().get(StudyPlan.sweep(Domain.DEBT)));
        List<Stage> both = StudyPlan.stages(StudyScale.named("tiny"), List.of(Domain.DEBT, Domain.MEDICAL), 1, NONE, 2);
        Map<String, String> k1 = Pipeline.plan(ROOT, one, "v").keys();
        Map<String, String> k2 = Pipeline.plan(ROOT, both, "v").keys();
        assertEquals(k1.get(StudyPlan.jpo(Domain.DEBT)), k2.get(StudyPlan.jpo(Domain.DEBT)),
                "adding a domain does not invalidate another domain's training");
        assertNotEquals(k1.get(StudyPlan.transfer(Domain.DEBT)), k2.get(StudyPlan.transfer(Domain.DEBT)),
                "but it does change the transfer row, which now has another column");
        assertThrows(IllegalArgumentException.class,
                () -> StudyPlan.stages(StudyScale.named("tiny"), List.of(Domain.DEBT, Domain.DEBT), 1, NONE, 2));
    }

    @Test
    void methodSpecsFollowTheAgentSyntaxOfEvaluate() {
        StudyMethod.Artefacts a = new StudyMethod.Artefacts(List.of(Path.of("/s1"), Path.of("/s2")), Path.of("/base"),
                Path.of("/sft"), Path.of("/free"), Path.of("/jpo"));
        assertEquals("emodistill:/s1+/s2@/jpo", StudyMethod.FULL_STACK.spec(a));
        assertEquals("emodistill:/s1+/s2@/sft", StudyMethod.NO_JPO.spec(a));
        assertEquals("iql-only:/s1+/s2@/base", StudyMethod.IQL_ONLY.spec(a));
        assertEquals("emotion-free:/s1+/s2@/free", StudyMethod.EMOTION_FREE.spec(a));
        assertEquals("sft-only:/sft", StudyMethod.SFT_ONLY.spec(a));
        assertEquals("vanilla-slm:/base", StudyMethod.VANILLA_SLM.spec(a));
        assertEquals("iql:/s1+/s2", StudyMethod.IQL_TEMPLATES.spec(a));
        assertEquals(StudyMethod.FULL_STACK, StudyMethod.values()[0], "the full stack is the reference");
        assertEquals(6, java.util.Arrays.stream(StudyMethod.values()).filter(StudyMethod::speaksWithLm).count());
    }

    @Test
    void presetsGrowFromTinyToPaperAndBadSizesAreRefused() {
        StudyScale tiny = StudyScale.named("tiny");
        StudyScale small = StudyScale.named("small");
        StudyScale paper = StudyScale.named("paper");
        assertTrue(tiny.sweepSeeds() * tiny.scenarios() < small.sweepSeeds() * small.scenarios());
        assertTrue(small.sweepSeeds() < paper.sweepSeeds() && small.evalSeeds() < paper.evalSeeds());
        assertEquals(3, small.iqlSeeds(), "main claims are made over at least 3 training seeds");
        assertEquals(20, small.testScenarios());
        assertEquals(2, tiny.testScenarios());
        assertThrows(IllegalArgumentException.class, () -> StudyScale.named("huge"));
        assertThrows(IllegalArgumentException.class, () -> withSftSteps(tiny, 0));
    }

    private static Stage find(List<Stage> stages, String name) {
        return stages.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }
}
