package dev.emodistill.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import dev.emodistill.cli.CliRunner;
import dev.emodistill.io.InputException;
import dev.emodistill.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Resumable sweeps: nothing lost, nothing doubled, nothing mixed, whatever happens to the process. */
class SweepTest {
    private static String[] sweep(Path out, String... extra) {
        return sweepWithSeeds(out, 2, extra);
    }

    private static String[] sweepWithSeeds(Path out, int seeds, String... extra) {
        List<String> args = new ArrayList<>(List.of("sweep", "--domain", "debt", "--generate", "10", "--seeds",
                Integer.toString(seeds), "--personas", "vanilla,threat", "--seed", "4", "--out", out.toString()));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    private static CliRunner.Run run(String... args) {
        return CliRunner.run(args);
    }

    @Test
    void aSweepWritesEveryPlannedEpisodeOnceWithAManifest(@TempDir Path dir) throws Exception {
        CliRunner.Run r = run(sweep(dir.resolve("c"), "--json"));
        assertEquals(0, r.exit(), r.err());
        assertEquals(32, r.json().get("planned_episodes").asInt(), "8 train scenarios x 2 seeds x 2 personas");
        CorpusDir corpus = CorpusDir.at(dir.resolve("c"));
        JsonNode m = corpus.manifest();
        assertEquals("complete", m.get("status").asText());
        assertEquals(32, m.get("completed_episodes").asInt());
        assertEquals(8, m.get("scenarios").get("train_ids").size());
        assertEquals(2, m.get("scenarios").get("test_ids").size());
        assertEquals("generated", m.get("scenarios").get("source").get("type").asText());
        assertTrue(m.get("created_by").get("version").asText().length() > 0);
        List<CorpusEpisode> episodes = corpus.readEpisodes();
        assertEquals(32, new HashSet<>(episodes.stream().map(CorpusEpisode::episodeId).toList()).size());
        CorpusEpisode first = episodes.get(0);
        assertEquals("debt-g4-0001/vanilla/random/s0", first.episodeId());
        assertTrue(first.turns().size() >= 2 && first.turns().get(0).isFocal());
    }

    @Test
    void fixedSweepsPlayEachEmotionAndWorkersDoNotChangeTheFile(@TempDir Path dir) throws Exception {
        assertEquals(0, run(sweep(dir.resolve("one"), "--policy", "fixed", "--emotions", "anger,gratitude,none",
                "--workers", "1")).exit());
        assertEquals(0, run(sweep(dir.resolve("two"), "--policy", "fixed", "--emotions", "anger,gratitude,none",
                "--workers", "2")).exit());
        byte[] one = Files.readAllBytes(dir.resolve("one").resolve(CorpusDir.EPISODES));
        assertArrayEquals(one, Files.readAllBytes(dir.resolve("two").resolve(CorpusDir.EPISODES)));
        List<CorpusEpisode> episodes = CorpusDir.at(dir.resolve("one")).readEpisodes();
        assertEquals(96, episodes.size());
        assertEquals(32, episodes.stream().filter(e -> e.policy().equals("no-emotion")).count());
        assertTrue(episodes.stream().filter(e -> e.policy().equals("fixed:anger"))
                .allMatch(e -> e.focalTurns().stream().allMatch(t -> t.emotion().label().equals("anger"))));
    }

    @Test
    void resumingRepairsATornLineAndMatchesAnUninterruptedRun(@TempDir Path dir) throws Exception {
        Path reference = dir.resolve("ref");
        assertEquals(0, run(sweep(reference)).exit());
        Path resumed = dir.resolve("resumed");
        assertEquals(0, run(sweep(resumed)).exit());
        // Simulate a crash after 11 episodes, in the middle of writing the 12th.
        Path file = resumed.resolve(CorpusDir.EPISODES);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Files.writeString(file, String.join("\n", lines.subList(0, 11)) + "\n" + lines.get(11).substring(0, 300));
        var manifest = CorpusDir.at(resumed).manifest();
        manifest.put("status", CorpusDir.STATUS_RUNNING);
        CorpusDir.at(resumed).writeManifest(manifest);
        assertThrows(InputException.class, () -> CorpusDir.at(resumed).readEpisodes(), "incomplete corpora are refused");

        CliRunner.Run r = run(sweep(resumed, "--json"));
        assertEquals(0, r.exit(), r.err());
        assertEquals(11, r.json().get("already_done").asInt());
        assertTrue(r.json().get("repaired_torn_line").asBoolean());
        assertArrayEquals(Files.readAllBytes(reference.resolve(CorpusDir.EPISODES)), Files.readAllBytes(file));
    }

    @Test
    void killMinus9AtAnyMomentThenRerunningCompletesExactlyOnce(@TempDir Path dir) throws Exception {
        String[] args = {"sweep", "--domain", "medical", "--generate", "20", "--seeds", "25", "--personas", "training",
                "--seed", "9", "--out", dir.resolve("killed").toString(), "--workers", "2"};
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path")));
        String cache = System.getProperty("emodistill.cache");
        if (cache != null) {
            command.add("-Demodistill.cache=" + cache);
        }
        command.add("dev.emodistill.cli.Main");
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile()).start();
        Path file = dir.resolve("killed").resolve(CorpusDir.EPISODES);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && (!Files.exists(file) || Files.size(file) < 400_000)) {
            Thread.sleep(20);
        }
        p.destroyForcibly();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        long partial = Files.exists(file) ? Files.lines(file).count() : 0;
        assertTrue(partial > 0 && partial < 1600, "killed mid-run after " + partial + " lines; child log: "
                + Files.readString(dir.resolve("child.log")));

        CliRunner.Run again = run(args);
        assertEquals(0, again.exit(), again.err());
        String[] fresh = args.clone();
        fresh[fresh.length - 3] = dir.resolve("fresh").toString();
        assertEquals(0, run(fresh).exit());
        assertArrayEquals(Files.readAllBytes(dir.resolve("fresh").resolve(CorpusDir.EPISODES)), Files.readAllBytes(file));
        assertEquals(1600, CorpusDir.at(dir.resolve("killed")).readEpisodes().size());
    }

    @Test
    void aFolderWithAnotherConfigurationIsRefused(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("c");
        assertEquals(0, run(sweep(out)).exit());
        byte[] before = Files.readAllBytes(out.resolve(CorpusDir.EPISODES));
        CliRunner.Run r = run(sweepWithSeeds(out, 3));
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("different configuration") && r.err().contains("seeds: 2 -> 3"), r.err());
        assertArrayEquals(before, Files.readAllBytes(out.resolve(CorpusDir.EPISODES)), "nothing touched");
    }

    @Test
    void twoProcessesCannotShareAFolder(@TempDir Path dir) {
        Path out = dir.resolve("c");
        try (CorpusDir.Lock held = CorpusDir.at(out).lock()) {
            CliRunner.Run r = run(sweep(out));
            assertEquals(2, r.exit());
            assertTrue(r.err().contains("in use by another emodistill process"), r.err());
        }
        assertEquals(0, run(sweep(out)).exit(), "free again once the lock is released");
    }

    @Test
    void damageIsReportedWithFileAndLineAndNeverAcceptedSilently(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("c");
        assertEquals(0, run(sweep(out)).exit());
        Path file = out.resolve(CorpusDir.EPISODES);
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        String original = String.join("\n", lines) + "\n";

        lines.set(4, lines.get(4).replace("\"outcome\":\"", "\"outcome\":\"x"));
        Files.writeString(file, String.join("\n", lines) + "\n");
        InputException e = assertThrows(InputException.class, () -> CorpusDir.at(out).readEpisodes());
        assertTrue(e.getMessage().contains("episodes.jsonl") && e.getMessage().contains("sha256"), e.getMessage());

        var manifest = CorpusDir.at(out).manifest();
        manifest.put("status", CorpusDir.STATUS_RUNNING);
        CorpusDir.at(out).writeManifest(manifest);
        CliRunner.Run r = run(sweep(out));
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("line 5") && r.err().contains("outcome"), r.err());
        assertTrue(Files.readString(file).contains("\"outcome\":\"x"), "a damaged middle line is reported, not deleted");

        Files.writeString(file, original.replace("\"schema_version\":1,\"episode_id\"", "\"schema_version\":0,\"episode_id\""));
        r = run(sweep(out));
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("line 1") && r.err().contains("older"), r.err());

        Files.delete(out.resolve(CorpusDir.MANIFEST));
        r = run(sweep(out));
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("manifest.json does not"), r.err());
        e = assertThrows(InputException.class, () -> CorpusDir.at(out).readEpisodes());
        assertTrue(e.getMessage().contains("manifest.json"), e.getMessage());
        assertEquals(Json.MAPPER.readTree(original.lines().findFirst().orElseThrow()).get("episode_id").asText(),
                "debt-g4-0001/vanilla/random/s0");
    }
}
