package dev.emodistill.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** reproduce --fork's runner: a real child JVM per command, the same results as in-process, failures reported. */
class ChildProcessCommandsTest {
    @TempDir
    static Path dir;
    static Path corpus;

    @BeforeAll
    static void sweep() {
        corpus = dir.resolve("corpus");
        CliRunner.Run r = CliRunner.run("sweep", "--domain", "student", "--generate", "8", "--seeds", "2",
                "--max-messages", "10", "--personas", "vanilla,threat", "--out", corpus.toString());
        assertEquals(0, r.exit(), r.err());
    }

    private static List<String> train(Path out) {
        return List.of("train", "selector", "--corpus", corpus.toString(), "--out", out.toString(), "--steps", "25",
                "--hidden", "16", "--batch", "32", "--seed", "7", "--json");
    }

    @Test
    void aChildProcessTrainsTheSameWeightsAsThisProcessAndItsLogReachesTheStageLog() throws Exception {
        Path inProcess = dir.resolve("in");
        Path forked = dir.resolve("forked");
        StringWriter log = new StringWriter();
        JsonNode here = ReproduceCommand.inner(new PrintWriter(log, true), train(inProcess));
        StringWriter childLog = new StringWriter();
        JsonNode child = new ChildProcessCommands().json(new PrintWriter(childLog, true), train(forked));
        assertEquals(here.path("steps").asInt(), child.path("steps").asInt(), child.toString());
        assertTrue(child.path("steps").asInt() > 0, child.toString());
        assertArrayEquals(Files.readAllBytes(inProcess.resolve("weights.safetensors")),
                Files.readAllBytes(forked.resolve("weights.safetensors")),
                "a stage's output must not depend on the process it ran in");
        assertTrue(log.toString().contains("train iql: 25 done"), log.toString());
        assertTrue(childLog.toString().contains("train iql: 25 done"), childLog.toString());
    }

    @Test
    void aFailingChildIsAStepFailureWithItsExitCodeAndMessage() {
        StringWriter log = new StringWriter();
        Nested.NestedFailure f = assertThrows(Nested.NestedFailure.class, () -> new ChildProcessCommands()
                .json(new PrintWriter(log, true), List.of("train", "selector", "--corpus",
                        dir.resolve("missing").toString(), "--out", dir.resolve("x").toString(), "--json")));
        assertEquals(Main.EXIT_BAD_INPUT, f.exitCode);
        assertTrue(log.toString().contains("missing"), log.toString());
    }

    @Test
    void destroyingTheRunningChildrenFailsTheirStage() throws Exception {
        ChildProcessCommands c = new ChildProcessCommands();
        List<String> longRun = List.of("train", "selector", "--corpus", corpus.toString(), "--out",
                dir.resolve("long").toString(), "--steps", "10000000", "--hidden", "16", "--json");
        java.util.concurrent.CompletableFuture<Throwable> failure = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> {
                    try {
                        c.json(new PrintWriter(new StringWriter(), true), longRun);
                        return null;
                    } catch (RuntimeException e) {
                        return e;
                    }
                });
        int destroyed = 0;
        for (int i = 0; i < 600 && destroyed == 0; i++) {
            Thread.sleep(50);
            destroyed = ChildProcessCommands.destroyRunning();
        }
        assertEquals(1, destroyed);
        Throwable t = failure.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue(t instanceof Nested.NestedFailure, String.valueOf(t));
        assertTrue(((Nested.NestedFailure) t).exitCode != Main.EXIT_OK);
        assertEquals(0, ChildProcessCommands.destroyRunning(), "a finished child is no longer tracked");
    }

    @Test
    void theChildGetsThisJvmsOptionsButNoDebuggerOrAgent() {
        ChildProcessCommands c = new ChildProcessCommands("/opt/jdk/bin/java", List.of("-Xmx3g",
                "-agentlib:jdwp=transport=dt_socket,server=y,address=5005", "-javaagent:/x/jacoco.jar",
                "-Dai.djl.offline=true"), "/a.jar:/b.jar");
        assertEquals(List.of("/opt/jdk/bin/java", "-Xmx3g", "-Dai.djl.offline=true", "-cp", "/a.jar:/b.jar",
                Main.class.getName()), c.launch());
        assertFalse(c.launch().stream().anyMatch(s -> s.contains("jdwp")));
    }
}
