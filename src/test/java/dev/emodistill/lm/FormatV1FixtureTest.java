package dev.emodistill.lm;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.io.Json;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A model folder written by format version 1 ({@code src/test/resources/lm/fixture-v1}, made once by {@link #main})
 * must keep loading and computing the logits stored beside it. Do not regenerate the fixture when the format
 * changes: the point is that old folders still load.
 */
class FormatV1FixtureTest {
    /** Where {@link #main} writes the fixture; the test reads the copy on the test class path. */
    static final Path SOURCE = Paths.get("src/test/resources/lm/fixture-v1");
    static final String EXPECTED = "expected-logits.json";

    @Test
    void aFormatVersion1FolderStillLoadsWithItsLogits() throws Exception {
        Path fixture = Paths.get(FormatV1FixtureTest.class.getResource("/lm/fixture-v1").toURI());
        JsonNode expected = Json.MAPPER.readTree(fixture.resolve(EXPECTED).toFile());
        assertEquals(1, Json.MAPPER.readTree(fixture.resolve(Checkpoints.INFO).toFile()).path("format_version").asInt());
        try (NDManager m = LmTests.ENGINE.newSubManager()) {
            LlamaModel model = LlamaModel.load(fixture, m);
            List<int[]> rows = rows(expected.path("tokens"));
            float[] logits = LmTests.flatLogits(model, rows);
            JsonNode values = expected.path("logits");
            assertEquals(values.size(), logits.length);
            float[] stored = new float[values.size()];
            for (int i = 0; i < stored.length; i++) {
                stored[i] = (float) values.get(i).asDouble();
            }
            // Engines may round the last bit differently; the logits are O(1).
            LmTests.assertClose(stored, logits, 1e-5, "fixture logits");
            int[] greedy = new Generator(model).generate(rows.subList(0, 1), SamplingOptions.greedy(4), new long[1])
                    .get(0).tokens();
            JsonNode g = expected.path("greedy");
            for (int i = 0; i < greedy.length; i++) {
                assertEquals(g.get(i).asInt(), greedy[i], "greedy token " + i);
            }
        }
    }

    private static List<int[]> rows(JsonNode tokens) {
        List<int[]> rows = new ArrayList<>();
        for (JsonNode r : tokens) {
            int[] row = new int[r.size()];
            for (int i = 0; i < row.length; i++) {
                row[i] = r.get(i).asInt();
            }
            rows.add(row);
        }
        return rows;
    }

    /** Writes the fixture (run once, from the repository root). */
    public static void main(String[] args) throws Exception {
        LlamaConfig config = new LlamaConfig("llama", 24, 8, 2, 2, 1, 12, 16, 10_000, 1e-6, false, false, 0,
                List.of(1), null);
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            LlamaModel model = LlamaModel.create(config, 2024, m);
            LmTests.sharpen(model, 30);
            model.save(SOURCE, CheckpointInfo.of("FormatV1FixtureTest.main", 2024), null);
            List<int[]> rows = List.of(new int[]{0, 5, 9, 3, 17}, new int[]{0, 22, 4});
            ObjectNode o = Json.object();
            ArrayNode tokens = o.putArray("tokens");
            for (int[] r : rows) {
                ArrayNode a = tokens.addArray();
                for (int t : r) {
                    a.add(t);
                }
            }
            ArrayNode logits = o.putArray("logits");
            for (float v : LmTests.flatLogits(model, rows)) {
                logits.add(v);
            }
            ArrayNode greedy = o.putArray("greedy");
            for (int t : new Generator(model).generate(rows.subList(0, 1), SamplingOptions.greedy(4), new long[1])
                    .get(0).tokens()) {
                greedy.add(t);
            }
            Files.writeString(SOURCE.resolve(EXPECTED), Json.line(o) + "\n");
        }
    }
}
