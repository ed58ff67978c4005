package dev.emodistill.corpus;

import dev.emodistill.cli.CliRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code emodistill dataset} end to end on a real corpus. */
class DatasetCliTest {
    @Test
    void exportsTransitionsWithAHeaderAndRefusesBadInput(@TempDir Path dir) throws Exception {
        Path corpus = dir.resolve("c");
        assertEquals(0, CliRunner.run("sweep", "--domain", "student", "--generate", "5", "--seeds", "2",
                "--personas", "victim", "--out", corpus.toString()).exit());
        Path out = dir.resolve("t.jsonl");
        CliRunner.Run r = CliRunner.run("dataset", "--corpus", corpus.toString(), "--out", out.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        int transitions = r.json().get("transitions").asInt();
        int focalTurns = CorpusDir.at(corpus).readEpisodes().stream().mapToInt(CorpusEpisode::rounds).sum();
        assertEquals(focalTurns, transitions, "one transition per focal turn");
        TransitionDataset back = TransitionDataset.read(out);
        assertEquals(transitions, back.transitions().size());
        assertEquals(82, back.stateSchema().dimension());
        assertEquals(Files.readAllLines(out).size(), transitions + 1, "header + transitions");

        CliRunner.Run off = CliRunner.run("dataset", "--corpus", corpus.toString(), "--out",
                dir.resolve("t2.jsonl").toString(), "--domain-features", "off", "--reward", "concession", "--json");
        assertEquals(78, off.json().get("state_dimension").asInt());

        CliRunner.Run bad = CliRunner.run("dataset", "--corpus", corpus.toString(), "--out",
                dir.resolve("t3.jsonl").toString(), "--reward", "happiness");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("happiness") && bad.err().contains("concession"), bad.err());
        assertFalse(Files.exists(dir.resolve("t3.jsonl")));

        CliRunner.Run unjudged = CliRunner.run("dataset", "--corpus", corpus.toString(), "--out",
                dir.resolve("t4.jsonl").toString(), "--reward", "judge");
        assertEquals(2, unjudged.exit());
        assertTrue(unjudged.err().contains("judge"), unjudged.err());

        CliRunner.Run missing = CliRunner.run("dataset", "--corpus", dir.resolve("nothing").toString(), "--out",
                dir.resolve("t5.jsonl").toString());
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("manifest.json"), missing.err());
    }
}
