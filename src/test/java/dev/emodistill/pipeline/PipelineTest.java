package dev.emodistill.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stage cache on toy stages whose dependency graphs and execution counts are known. */
class PipelineTest {
    private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    private final StringWriter progress = new StringWriter();

    private Pipeline.Settings settings(int jobs) {
        return new Pipeline.Settings(jobs, "test-1", new PrintWriter(progress, true));
    }

    private int count(String name) {
        return runs.getOrDefault(name, new AtomicInteger()).get();
    }

    private static ObjectNode config(Object... kv) {
        ObjectNode o = Json.object();
        for (int i = 0; i < kv.length; i += 2) {
            o.set((String) kv[i], Json.MAPPER.valueToTree(kv[i + 1]));
        }
        return o;
    }

    /**
     * A stage that counts its runs, writes a file, and returns its config value plus the sum of its inputs' values,
     * so a result also proves which input results it saw.
     */
    private Stage counting(String name, int value, String... inputs) {
        return Stage.of(name, config("value", value), List.of(inputs), 1, ctx -> {
            runs.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
            int total = value;
            for (String in : inputs) {
                total += ctx.inputResult(in).path("total").asInt();
                assertTrue(Files.isRegularFile(ctx.inputDir(in).resolve("out.txt")), "input files are in place");
            }
            Files.writeString(ctx.dir().resolve("out.txt"), name);
            ctx.log().println(name + " ran");
            return Json.object().put("total", total);
        });
    }

    /** a -> b -> d, a -> c, and e on its own. */
    private List<Stage> graph(int bValue) {
        return List.of(counting("a", 1), counting("b", bValue, "a"), counting("c", 100, "a"),
                counting("d", 1000, "b"), counting("e", 5));
    }

    @Test
    void secondRunSkipsEveryStageAndReusesTheRecordedResults(@TempDir Path root) throws Exception {
        Pipeline.Result first = Pipeline.run(root, graph(10), settings(1));
        assertEquals(5, first.executed().size());
        assertEquals(List.of(), first.skipped());
        assertEquals(1011, first.outcome("d").result().path("total").asInt());
        for (String s : List.of("a", "b", "c", "d", "e")) {
            assertEquals(1, count(s), s);
            Path dir = first.outcome(s).dir();
            assertEquals(root.resolve("stages"), dir.getParent());
            assertTrue(dir.getFileName().toString().matches(s + "-[0-9a-f]{12}"), dir.toString());
            JsonNode record = Json.MAPPER.readTree(Files.readString(dir.resolve(StageRecord.FILE)));
            assertEquals(first.outcome(s).key(), record.path("key").asText());
            assertEquals("test-1", record.path("code_version").asText());
            assertTrue(record.has("started_at") && record.has("ended_at"));
        }
        JsonNode dRecord = Json.MAPPER.readTree(Files.readString(first.outcome("d").dir().resolve(StageRecord.FILE)));
        assertEquals("b", dRecord.path("inputs").path(0).path("name").asText());
        assertEquals(first.outcome("b").key(), dRecord.path("inputs").path(0).path("key").asText());
        assertTrue(Files.readString(first.outcome("a").dir().resolve("stage.log")).contains("a ran"));

        Pipeline.Result second = Pipeline.run(root, graph(10), settings(1));
        assertEquals(List.of(), second.executed());
        assertEquals(List.of("a", "b", "c", "d", "e"), second.skipped());
        for (String s : List.of("a", "b", "c", "d", "e")) {
            assertEquals(1, count(s), s + " must not run again");
            assertTrue(second.outcome(s).skipped());
            assertEquals(first.outcome(s).key(), second.outcome(s).key());
        }
        assertEquals(1011, second.outcome("d").result().path("total").asInt(), "the recorded result is reused");
    }

    @Test
    void changingOneStageRerunsItAndEverythingBelowItOnly(@TempDir Path root) {
        Pipeline.Result first = Pipeline.run(root, graph(10), settings(1));
        Pipeline.Result second = Pipeline.run(root, graph(20), settings(1));
        assertEquals(Set.of("b", "d"), Set.copyOf(second.executed()));
        assertEquals(List.of("a", "c", "e"), second.skipped());
        assertEquals(2, count("b"));
        assertEquals(2, count("d"));
        assertEquals(1, count("a"));
        assertEquals(1, count("c"));
        assertEquals(1, count("e"));
        assertEquals(1021, second.outcome("d").result().path("total").asInt());
        assertNotEquals(first.outcome("d").dir(), second.outcome("d").dir(), "a new key gets a new folder");
        assertEquals(first.outcome("c").dir(), second.outcome("c").dir());

        // Going back to the first configuration finds the first run's folders still complete.
        Pipeline.Result third = Pipeline.run(root, graph(10), settings(1));
        assertEquals(List.of(), third.executed());
    }

    @Test
    void aRunStoppedByAFailureResumesAtTheFailedStage(@TempDir Path root) throws Exception {
        boolean[] broken = {true};
        Stage flaky = Stage.of("c", config("value", 100), List.of("a"), 1, ctx -> {
            runs.computeIfAbsent("c", k -> new AtomicInteger()).incrementAndGet();
            Files.writeString(ctx.dir().resolve("partial.txt"), "half written");
            if (broken[0]) {
                throw new IllegalStateException("disk on fire");
            }
            Files.writeString(ctx.dir().resolve("out.txt"), "c");
            return Json.object().put("total", 101);
        });
        List<Stage> stages = List.of(counting("a", 1), flaky, counting("d", 1000, "c"), counting("e", 5));
        PipelineException e = assertThrows(PipelineException.class, () -> Pipeline.run(root, stages, settings(1)));
        assertEquals("c", e.stage());
        assertTrue(e.getMessage().contains("disk on fire"), e.getMessage());
        assertEquals(0, count("d"), "nothing below a failed stage runs");
        assertEquals(0, count("e"), "no new stage starts after a failure");
        Path cDir = Pipeline.plan(root, stages, "test-1").dirs().get("c");
        assertFalse(Files.exists(cDir.resolve(StageRecord.FILE)), "a failed stage is not marked complete");
        Files.writeString(cDir.resolve("leftover.txt"), "from the interrupted run");

        broken[0] = false;
        Pipeline.Result resumed = Pipeline.run(root, stages, settings(1));
        assertEquals(List.of("a"), resumed.skipped());
        assertEquals(Set.of("c", "d", "e"), Set.copyOf(resumed.executed()));
        assertEquals(1, count("a"));
        assertEquals(2, count("c"));
        assertFalse(Files.exists(cDir.resolve("leftover.txt")), "an incomplete folder is cleared before the rerun");
        assertEquals(1101, resumed.outcome("d").result().path("total").asInt());
    }

    @Test
    void aTornOrForeignRecordDoesNotCountAsComplete(@TempDir Path root) throws Exception {
        Pipeline.Result first = Pipeline.run(root, graph(10), settings(1));
        Files.writeString(first.outcome("b").dir().resolve(StageRecord.FILE), "{\"kind\": \"emodistill.stage\", \"ke");
        ObjectNode foreign = (ObjectNode) Json.MAPPER.readTree(
                Files.readString(first.outcome("e").dir().resolve(StageRecord.FILE)));
        foreign.put("key", "0".repeat(64));
        Files.writeString(first.outcome("e").dir().resolve(StageRecord.FILE), Json.pretty(foreign));
        Pipeline.Result second = Pipeline.run(root, graph(10), settings(1));
        assertEquals(Set.of("b", "e"), Set.copyOf(second.executed()),
                "d's key depends on b's key only, not on b's record, so d stays complete");
        assertEquals(2, count("b"));
        assertEquals(1, count("d"));
    }

    @Test
    void keysIgnoreFieldOrderButNotValuesInputsOrCodeVersion() {
        ObjectNode ab = Json.object();
        ab.put("a", 1);
        ab.putObject("nested").put("x", 1).put("y", List.of(1, 2).size());
        ObjectNode ba = Json.object();
        ba.putObject("nested").put("y", 2).put("x", 1);
        ba.put("a", 1);
        List<StageKeys.InputKey> none = List.of();
        assertEquals(StageKeys.key("s", ab, none, "v1"), StageKeys.key("s", ba, none, "v1"));
        assertNotEquals(StageKeys.key("s", ab, none, "v1"), StageKeys.key("s", ab, none, "v2"));
        assertNotEquals(StageKeys.key("s", ab, none, "v1"), StageKeys.key("t", ab, none, "v1"));
        assertNotEquals(StageKeys.key("s", ab, none, "v1"),
                StageKeys.key("s", ab, List.of(new StageKeys.InputKey("x", "k1")), "v1"));
        assertNotEquals(StageKeys.key("s", ab, List.of(new StageKeys.InputKey("x", "k1")), "v1"),
                StageKeys.key("s", ab, List.of(new StageKeys.InputKey("x", "k2")), "v1"));
        ObjectNode changed = ab.deepCopy();
        changed.put("a", 2);
        assertNotEquals(StageKeys.key("s", ab, none, "v1"), StageKeys.key("s", changed, none, "v1"));
        assertEquals("{\"a\":1,\"nested\":{\"x\":1,\"y\":2}}", StageKeys.canonical(ba));
    }

    @Test
    void aNewCodeVersionRerunsEverything(@TempDir Path root) {
        Pipeline.run(root, graph(10), settings(1));
        Pipeline.Result other = Pipeline.run(root, graph(10),
                new Pipeline.Settings(1, "test-2", new PrintWriter(progress, true)));
        assertEquals(5, other.executed().size());
    }

    @Test
    void badGraphsAreRefusedBeforeAnythingRuns(@TempDir Path root) {
        IllegalArgumentException late = assertThrows(IllegalArgumentException.class,
                () -> Pipeline.run(root, List.of(counting("b", 1, "a"), counting("a", 1)), settings(1)));
        assertTrue(late.getMessage().contains("'a'"), late.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Pipeline.run(root, List.of(counting("a", 1), counting("a", 2)), settings(1)));
        assertThrows(IllegalArgumentException.class, () -> counting("Bad Name", 1));
        assertEquals(0, runs.size());
    }

    @Test
    void aStageSeesOnlyItsDeclaredInputs(@TempDir Path root) {
        Stage peeking = Stage.of("peek", config(), List.of("a"), 1, ctx -> {
            ctx.input("a");
            return Json.object().put("saw_b", ctx.inputs().containsKey("b"));
        });
        Stage nosy = Stage.of("nosy", config(), List.of("a"), 1, ctx -> ctx.inputResult("b"));
        Pipeline.Result r = Pipeline.run(root, List.of(counting("a", 1), counting("b", 2), peeking), settings(1));
        assertFalse(r.outcome("peek").result().path("saw_b").asBoolean());
        PipelineException e = assertThrows(PipelineException.class,
                () -> Pipeline.run(root, List.of(counting("a", 1), counting("b", 2), nosy), settings(1)));
        assertEquals("nosy", e.stage());
    }

    @Test
    void independentStagesRunSideBySideButNeverTwoHoldingTheSameLock(@TempDir Path root) {
        CountDownLatch bothStarted = new CountDownLatch(2);
        Stage.Body meet = ctx -> {
            bothStarted.countDown();
            // Only returns true when the other stage is running at the same time.
            return Json.object().put("met", bothStarted.await(20, TimeUnit.SECONDS));
        };
        Pipeline.Result r = Pipeline.run(root, List.of(Stage.of("x", config(), List.of(), 1, meet),
                Stage.of("y", config(), List.of(), 1, meet)), settings(2));
        assertTrue(r.outcome("x").result().path("met").asBoolean());
        assertTrue(r.outcome("y").result().path("met").asBoolean());

        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Stage> locked = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            locked.add(new Stage("locked" + i, config("i", i), List.of(), Set.of("rng"), 1, ctx -> {
                most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                Thread.sleep(30);
                inside.decrementAndGet();
                return Json.object();
            }));
        }
        Pipeline.run(root, locked, settings(3));
        assertEquals(1, most.get(), "stages sharing a lock ran at the same time");
    }

    @Test
    void dependentsWaitForEveryStageAboveThem(@TempDir Path root) {
        List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Stage> stages = new ArrayList<>();
        for (String[] s : new String[][]{{"a"}, {"b", "a"}, {"c", "b"}, {"d"}, {"e", "c", "d"}}) {
            String name = s[0];
            stages.add(Stage.of(name, config(), List.of(s).subList(1, s.length), 1, ctx -> {
                order.add("start " + name);
                Thread.sleep(10);
                order.add("end " + name);
                return Json.object();
            }));
        }
        Pipeline.run(root, stages, settings(3));
        assertTrue(order.indexOf("end a") < order.indexOf("start b"));
        assertTrue(order.indexOf("end b") < order.indexOf("start c"));
        assertTrue(order.indexOf("end c") < order.indexOf("start e"));
        assertTrue(order.indexOf("end d") < order.indexOf("start e"));
    }

    @Test
    void progressLinesShowElapsedTimeAndAnEta(@TempDir Path root) {
        Pipeline.run(root, graph(10), settings(1));
        String text = progress.toString();
        assertTrue(text.contains("5 stages, 0 complete from an earlier run (skipped), 5 to run"), text);
        assertTrue(text.contains("[1/5] start a"), text);
        assertTrue(text.matches("(?s).*\\[1/5\\] done  a in \\d+s \\| elapsed \\d+s, ETA ~\\d+s.*"), text);
        assertTrue(text.contains("  [a] a ran"), "stage logs are prefixed with the stage name: " + text);
        progress.getBuffer().setLength(0);
        Pipeline.run(root, graph(10), settings(1));
        assertTrue(progress.toString().contains("5 complete from an earlier run (skipped), 0 to run"), progress.toString());
    }

    @Test
    void stageLogDropsRedrawnProgressBars(@TempDir Path dir) throws Exception {
        StringWriter sink = new StringWriter();
        try (StageLog log = new StageLog(new PrintWriter(sink, true), "s", dir.resolve("log"))) {
            log.write("\rbar [##--] 1/4\rbar [###-] 3/4\rbar: 4 done in 1.0s   \nnext line\n");
        }
        assertEquals("  [s] bar: 4 done in 1.0s" + System.lineSeparator() + "  [s] next line"
                + System.lineSeparator(), sink.toString());
        assertEquals("bar: 4 done in 1.0s\nnext line\n", Files.readString(dir.resolve("log")));
    }
}
