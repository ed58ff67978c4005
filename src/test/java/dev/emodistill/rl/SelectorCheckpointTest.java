package dev.emodistill.rl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.corpus.Transition;
import dev.emodistill.io.InputException;
import dev.emodistill.io.Json;
import dev.emodistill.io.Provenance;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SelectorCheckpointTest {
    private static final StateSchema SCHEMA = StateSchema.DEFAULT;
    private static OfflineData data;
    private static TrainingRun run;
    private static IqlConfig config;

    @TempDir
    Path dir;

    @BeforeAll
    static void train() {
        SplittableRandom rng = new SplittableRandom(3);
        List<Transition> transitions = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            // Only the first ten emotions occur, so the saved mask is a real restriction.
            transitions.add(new Transition(randomState(rng), rng.nextInt(10), rng.nextDouble() * 2 - 1,
                    randomState(rng), rng.nextInt(8) == 0, false, "ep" + i / 8, i % 8));
        }
        data = OfflineData.from(transitions, SCHEMA.dimension(), SCHEMA, null);
        config = IqlConfig.defaults(40, 9).withNetwork(32, 2);
        run = Iql.train(data, SCHEMA, config, s -> { });
    }

    private static float[] randomState(SplittableRandom rng) {
        float[] s = new float[SCHEMA.dimension()];
        for (int j = 0; j < s.length; j++) {
            s[j] = (float) SyntheticProblems.gaussian(rng);
        }
        return s;
    }

    private static ObjectNode provenance() {
        ObjectNode p = Json.object();
        p.putObject("dataset").put("path", "/data/transitions.jsonl").put("sha256", "cd".repeat(32));
        return p;
    }

    @Test
    void roundTripRecreatesTheExactPolicy() {
        SelectorCheckpoint.save(dir, run, config.toJson(), provenance(), "test");
        SelectorCheckpoint.Loaded loaded = SelectorCheckpoint.load(dir);
        SelectorModel a = run.model();
        SelectorModel b = loaded.model();
        assertArrayEquals(a.mask(), b.mask());
        SplittableRandom rng = new SplittableRandom(17);
        for (int i = 0; i < 300; i++) {
            float[] s = randomState(rng);
            assertEquals(a.act(s), b.act(s));
            assertArrayEquals(a.actionProbabilities(s), b.actionProbabilities(s));
            assertArrayEquals(a.q(s), b.q(s));
            assertEquals(a.v(s), b.v(s));
        }
        JsonNode m = loaded.manifest();
        assertEquals(SelectorCheckpoint.KIND, m.path("kind").asText());
        assertEquals("iql", m.path("algorithm").asText());
        assertEquals(config, IqlConfig.fromJson(m.path("config")));
        assertEquals(9, m.path("seed").asLong());
        assertEquals(SCHEMA.toJson(), m.path("state_schema"));
        assertEquals("cd".repeat(32), m.path("dataset").path("sha256").asText());
        assertEquals(Provenance.codeVersion(), m.path("code_version").asText());
        assertEquals(10, m.path("action_mask").size());
        assertEquals(run.rewardScale(), m.path("training").path("reward_scale").asDouble());
        assertEquals("max_abs", m.path("training").path("reward_scaling").asText());
        assertEquals(run.curves().size(), m.path("training").path("curves").size());
        assertEquals(40, m.path("metrics").path("steps").asInt());
        assertTrue(m.path("metrics").has("final_q_loss"));
        assertTrue(Files.isRegularFile(dir.resolve(SelectorCheckpoint.WEIGHTS)));
    }

    private void rewriteManifest(java.util.function.Consumer<ObjectNode> edit) throws Exception {
        Path file = dir.resolve(SelectorCheckpoint.MANIFEST);
        ObjectNode m = (ObjectNode) Json.MAPPER.readTree(Files.readString(file));
        edit.accept(m);
        Files.writeString(file, Json.pretty(m));
    }

    @Test
    void anotherCheckpointLayoutVersionIsAClearError() throws Exception {
        SelectorCheckpoint.save(dir, run, config.toJson(), provenance(), "test");
        rewriteManifest(m -> m.put("schema_version", SelectorCheckpoint.SCHEMA_VERSION + 1));
        InputException e = assertThrows(InputException.class, () -> SelectorCheckpoint.load(dir));
        assertTrue(e.getMessage().contains("schema_version"), e.getMessage());
    }

    @Test
    void anotherStateSchemaVersionIsAClearError() throws Exception {
        SelectorCheckpoint.save(dir, run, config.toJson(), provenance(), "test");
        rewriteManifest(m -> ((ObjectNode) m.get("state_schema")).put("version", StateSchema.STATE_SCHEMA_VERSION + 1));
        InputException e = assertThrows(InputException.class, () -> SelectorCheckpoint.load(dir));
        assertTrue(e.getMessage().contains("state_schema.version"), e.getMessage());
    }

    @Test
    void foreignOrDamagedFoldersAreClearErrors() throws Exception {
        assertThrows(InputException.class, () -> SelectorCheckpoint.load(dir), "empty folder");
        SelectorCheckpoint.save(dir, run, config.toJson(), provenance(), "test");
        Path weights = dir.resolve(SelectorCheckpoint.WEIGHTS);
        byte[] bytes = Files.readAllBytes(weights);
        bytes[bytes.length - 1] ^= 1;
        Files.write(weights, bytes);
        InputException e = assertThrows(InputException.class, () -> SelectorCheckpoint.load(dir));
        assertTrue(e.getMessage().contains(SelectorCheckpoint.WEIGHTS), e.getMessage());
        rewriteManifest(m -> m.put("kind", "emodistill.tabular-q"));
        assertThrows(InputException.class, () -> SelectorCheckpoint.load(dir));
    }

    @Test
    void syntheticStateModelsCannotBeSaved() {
        OfflineData small = OfflineData.from(SyntheticProblems.chain(50, 1), SyntheticProblems.CHAIN_LENGTH);
        TrainingRun r = Iql.train(small, null, IqlConfig.defaults(2, 1).withNetwork(8, 1), s -> { });
        assertThrows(IllegalArgumentException.class,
                () -> SelectorCheckpoint.save(dir, r, config.toJson(), provenance(), "test"));
    }
}
