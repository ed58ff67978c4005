package dev.emodistill.rl;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.corpus.Transition;
import dev.emodistill.io.InputException;
import dev.emodistill.io.Json;
import dev.emodistill.io.Provenance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OfflineDataTest {
    @TempDir
    Path dir;

    private static Transition t(float[] s, int a, double r, boolean done, boolean timeout, String episode, int turn) {
        return new Transition(s, a, r, s.clone(), done, timeout, episode, turn);
    }

    @Test
    void timeoutsBootstrapDealsAndWalkAwaysDoNot() {
        OfflineData data = OfflineData.from(List.of(
                t(new float[]{1, 0}, 3, 0.5, false, false, "e1", 0),
                t(new float[]{0, 1}, 4, 1.0, true, false, "e1", 1),
                t(new float[]{1, 1}, 5, -1.0, false, true, "e2", 0)), 2);
        assertArrayEquals(new float[]{0, 1, 0}, data.done(), "a timeout is not terminal");
        assertArrayEquals(new int[]{0, 2}, data.initialIndices());
        assertArrayEquals(new float[]{0, 1}, data.state(1));
        assertArrayEquals(new float[]{0.5f, 1f, -1f}, data.rewards());
        boolean[] seen = data.seenActions();
        assertTrue(seen[3] && seen[4] && seen[5]);
        assertFalse(seen[0] || seen[27]);
        assertNull(data.schema());
    }

    @Test
    void badTransitionsAreNamedByEpisodeAndTurn() {
        InputException nan = assertThrows(InputException.class, () -> OfflineData.from(List.of(
                t(new float[]{1}, 0, 0.0, false, false, "ok", 0),
                t(new float[]{1}, 0, Double.NaN, false, false, "ep-7", 3)), 1));
        assertTrue(nan.getMessage().contains("episode ep-7 t=3") && nan.getMessage().contains("reward"),
                nan.getMessage());

        InputException inf = assertThrows(InputException.class, () -> OfflineData.from(List.of(
                t(new float[]{Float.POSITIVE_INFINITY}, 0, 0.0, false, false, "ep-2", 1)), 1));
        assertTrue(inf.getMessage().contains("episode ep-2 t=1") && inf.getMessage().contains("index 0"),
                inf.getMessage());

        InputException dim = assertThrows(InputException.class, () -> OfflineData.from(List.of(
                t(new float[]{1, 2, 3}, 0, 0.0, false, false, "ep-3", 0)), 2));
        assertTrue(dim.getMessage().contains("3 values") && dim.getMessage().contains("expected 2"),
                dim.getMessage());

        InputException action = assertThrows(InputException.class, () -> OfflineData.from(List.of(
                t(new float[]{1}, 28, 0.0, false, false, "ep-4", 0)), 1));
        assertTrue(action.getMessage().contains("action 28"), action.getMessage());

        InputException empty = assertThrows(InputException.class, () -> OfflineData.from(List.of(), 4));
        assertTrue(empty.getMessage().contains("no transitions"), empty.getMessage());
    }

    @Test
    void readingAFileRecordsItsPathAndHash() throws Exception {
        StateSchema schema = StateSchema.DEFAULT;
        List<Transition> transitions = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            float[] s = new float[schema.dimension()];
            s[i] = 0.5f;
            transitions.add(t(s, i + 1, i * 0.25, i == 2, false, "ep", i));
        }
        Path file = dir.resolve("transitions.jsonl");
        ObjectNode header = Json.object();
        header.put("kind", "emodistill.transitions");
        header.put("schema_version", 1);
        header.set("state_schema", schema.toJson());
        header.putObject("reward").put("name", "net").put("formula", "r = test");
        header.putObject("source").put("path", "corpus/episodes.jsonl").put("sha256", "ab".repeat(32));
        ObjectNode counts = header.putObject("counts");
        counts.put("episodes_read", 1).put("episodes_used", 1).put("transitions", transitions.size());
        counts.putObject("episodes_skipped").put("error", 0).put("no_emotion", 0);
        StringBuilder text = new StringBuilder(Json.line(header)).append('\n');
        for (Transition x : transitions) {
            ObjectNode o = Json.object();
            ArrayNode s = o.putArray("s");
            for (float v : x.s()) {
                s.add(v);
            }
            o.put("a", x.a()).put("r", x.r());
            ArrayNode s2 = o.putArray("s2");
            for (float v : x.s2()) {
                s2.add(v);
            }
            o.put("done", x.done() ? 1 : 0).put("timeout", 0).put("episode_id", x.episodeId()).put("t", x.t());
            text.append(Json.line(o)).append('\n');
        }
        Files.writeString(file, text);

        OfflineData data = OfflineData.read(file);
        assertEquals(3, data.size());
        assertSame(schema, data.schema());
        assertEquals(file.toString(), data.origin().path());
        assertEquals(Provenance.sha256(file), data.origin().sha256());
        assertEquals("ab".repeat(32), data.origin().corpusSha256());
        assertEquals("net", data.origin().rewardName());
        assertArrayEquals(new float[]{0, 0, 1}, data.done());
        assertArrayEquals(new int[]{1, 2, 3}, data.actions());
    }
}
