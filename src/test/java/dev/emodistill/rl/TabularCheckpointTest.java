package dev.emodistill.rl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.corpus.Rewards;
import dev.emodistill.corpus.ScenarioProvenance;
import dev.emodistill.corpus.Transition;
import dev.emodistill.corpus.TransitionDataset;
import dev.emodistill.corpus.TransitionFixtures;
import dev.emodistill.domain.Domain;
import dev.emodistill.emotion.EkmanGroup;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.io.InputException;
import dev.emodistill.io.Json;
import dev.emodistill.io.Provenance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static dev.emodistill.rl.TabularStates.SCHEMA;
import static dev.emodistill.rl.TabularStates.state;
import static dev.emodistill.rl.TabularStates.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TabularCheckpointTest {
    @TempDir
    Path dir;

    /** Random transitions over many cells and emotions, so the round trip has plenty of distinct choices to keep. */
    private static List<Transition> noisy(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        EkmanGroup[] moods = EkmanGroup.values();
        List<Transition> out = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            float[] s = state(rng.nextDouble(), moods[rng.nextInt(moods.length)], rng.nextInt(3) - 1);
            float[] s2 = state(rng.nextDouble(), moods[rng.nextInt(moods.length)], rng.nextInt(3) - 1);
            int a = rng.nextInt(Emotion.COUNT);
            out.add(new Transition(s, a, rng.nextGaussian() + 0.05 * a, s2, rng.nextInt(5) == 0, false, "e" + i, 0));
        }
        return out;
    }

    @Test
    void saveAndLoadGiveTheSameTableAndTheSameChoices() {
        TabularPolicy p = TabularQLearning.train(SCHEMA, noisy(1), TabularQConfig.DEFAULT.withSweeps(30), 5);
        p.save(dir);
        TabularPolicy back = TabularPolicy.load(dir);
        assertEquals(p.config(), back.config());
        assertEquals(p.training().seed(), back.training().seed());
        assertEquals(p.training().tdCurve(), back.training().tdCurve());
        assertEquals(p.globalBest(), back.globalBest());
        for (int c = 0; c < p.table().cells(); c++) {
            assertEquals(p.action(c), back.action(c));
            for (int a = 0; a < Emotion.COUNT; a++) {
                assertEquals(p.table().q(c, a), back.table().q(c, a));
                assertEquals(p.table().visits(c, a), back.table().visits(c, a));
            }
        }
        SplittableRandom rng = new SplittableRandom(9);
        for (int i = 0; i < 500; i++) {
            float[] s = new float[SCHEMA.dimension()];
            for (int k = 0; k < s.length; k++) {
                s[k] = (float) rng.nextDouble();
            }
            assertEquals(p.act(s), back.act(s));
        }
    }

    @Test
    void theManifestCarriesConfigDiscretiserSchemaSeedDatasetHashAndCodeVersion() throws Exception {
        Path data = dir.resolve("data.jsonl");
        TransitionDataset.build(List.of(TransitionFixtures.debtDeal(), TransitionFixtures.debtTimeout()),
                Rewards.defaultReward(), SCHEMA, "corpus/episodes.jsonl", "abc123").write(data);
        TabularPolicy p = TabularQLearning.train(data, TabularQConfig.DEFAULT.withMinVisits(1), 3);
        Path out = dir.resolve("ckpt");
        p.save(out);
        JsonNode m = Json.MAPPER.readTree(out.resolve(TabularCheckpoint.MANIFEST).toFile());
        assertEquals(TabularCheckpoint.KIND, m.get("kind").asText());
        assertEquals("offline", m.get("training_mode").asText());
        assertEquals(TabularQConfig.DEFAULT.withMinVisits(1).toJson(), m.get("config"));
        assertEquals(72, m.get("discretiser").get("labels").size());
        assertEquals(SCHEMA.toJson(), m.get("state_schema"));
        assertEquals(3, m.get("seed").asLong());
        assertEquals(Provenance.sha256(data), m.get("dataset").get("sha256").asText());
        assertEquals("abc123", m.get("dataset").get("corpus_sha256").asText());
        assertEquals(Rewards.DEFAULT_NAME, m.get("dataset").get("reward").asText());
        assertEquals(6, m.get("dataset").get("transitions").asInt());
        assertEquals(Provenance.codeVersion(), m.get("code_version").asText());
        assertTrue(Files.isRegularFile(out.resolve(TabularCheckpoint.TABLE)));
    }

    @Test
    void scenarioProvenanceTravelsWithTheCheckpoint() {
        TabularPolicy p = TabularQLearning.train(SCHEMA, noisy(2), TabularQConfig.DEFAULT.withSweeps(2), 1);
        ScenarioProvenance prov = new ScenarioProvenance(Json.object().put("type", "generated").put("count", 5)
                .put("seed", 7), Set.of("a", "b", "c", "d"), Set.of("e"), Domain.MEDICAL);
        p.withTraining(p.training().withScenarios(prov)).save(dir);
        ScenarioProvenance back = TabularPolicy.load(dir).training().scenarioProvenance().orElseThrow();
        assertEquals(Domain.MEDICAL, back.domain());
        assertEquals(Set.of("e"), back.testIds());
        assertEquals(prov.trainIds(), back.trainIds());
    }

    @Test
    void aWrongStateSchemaVersionIsAClearError() throws Exception {
        TabularQLearning.train(SCHEMA, noisy(3), TabularQConfig.DEFAULT.withSweeps(2), 1).save(dir);
        Path manifest = dir.resolve(TabularCheckpoint.MANIFEST);
        ObjectNode m = (ObjectNode) Json.MAPPER.readTree(manifest.toFile());
        ((ObjectNode) m.get("state_schema")).put("version", StateSchema.STATE_SCHEMA_VERSION + 1);
        Files.writeString(manifest, Json.pretty(m));
        InputException e = assertThrows(InputException.class, () -> TabularPolicy.load(dir));
        assertTrue(e.getMessage().contains(manifest.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("state_schema.version"), e.getMessage());
        assertTrue(e.getMessage().contains("newer"), e.getMessage());
    }

    @Test
    void otherBrokenCheckpointsAreClearErrors() throws Exception {
        assertTrue(assertThrows(InputException.class, () -> TabularPolicy.load(dir)).getMessage()
                .contains("manifest.json is missing"));
        TabularQLearning.train(SCHEMA, noisy(4), TabularQConfig.DEFAULT.withSweeps(2), 1).save(dir);
        Path manifest = dir.resolve(TabularCheckpoint.MANIFEST);
        String original = Files.readString(manifest);

        Files.writeString(manifest, original.replace(TabularCheckpoint.KIND, "emodistill.iql"));
        assertTrue(assertThrows(InputException.class, () -> TabularPolicy.load(dir)).getMessage().contains("'kind'"));

        Files.writeString(manifest, original.replace("\"schema_version\" : 1", "\"schema_version\" : 99"));
        assertTrue(assertThrows(InputException.class, () -> TabularPolicy.load(dir)).getMessage()
                .contains("'schema_version'"));

        Files.writeString(manifest, original);
        Files.writeString(dir.resolve(TabularCheckpoint.TABLE), "{\"actions\": []}");
        InputException e = assertThrows(InputException.class, () -> TabularPolicy.load(dir));
        assertTrue(e.getMessage().contains(TabularCheckpoint.TABLE) && e.getMessage().contains("'actions'"),
                e.getMessage());

        Files.writeString(dir.resolve(TabularCheckpoint.TABLE), "{ not json");
        assertTrue(assertThrows(InputException.class, () -> TabularPolicy.load(dir)).getMessage()
                .contains("not valid JSON"));
    }

    @Test
    void aTinyKnownProblemSurvivesTheRoundTrip() {
        float[] s = state(0.2, EkmanGroup.ANGER, 0);
        float[] end = state(1, EkmanGroup.NEUTRAL, 0);
        List<Transition> data = new ArrayList<>();
        for (int k = 0; k < 6; k++) {
            data.add(step(s, Emotion.REMORSE, 1, end, true, "a" + k, 0));
            data.add(step(s, Emotion.ANGER, -1, end, true, "b" + k, 0));
        }
        TabularQLearning.train(SCHEMA, data, TabularQConfig.DEFAULT, 1).save(dir);
        assertEquals(Emotion.REMORSE, TabularPolicy.load(dir).act(s));
    }
}
