package dev.emodistill.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import dev.emodistill.cli.CliRunner;
import dev.emodistill.io.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code emodistill judge} on a real corpus, and how later commands pick up the judged file. */
class JudgeCliTest {
    @Test
    void judgesEveryFocalTurnRecordsItAndLaterCommandsUseIt(@TempDir Path dir) throws Exception {
        Path corpus = dir.resolve("c");
        assertEquals(0, CliRunner.run("sweep", "--domain", "medical", "--generate", "5", "--seeds", "2",
                "--personas", "pressure,victim", "--out", corpus.toString()).exit());
        byte[] episodesBefore = Files.readAllBytes(corpus.resolve(CorpusDir.EPISODES));
        CliRunner.Run r = CliRunner.run("judge", "--corpus", corpus.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        int turns = r.json().get("scored_turns").asInt();
        assertTrue(r.json().get("judge").asText().contains("evaluation"), r.json().toString());

        CorpusDir c = CorpusDir.at(corpus);
        JsonNode judged = c.manifest().get("judged");
        assertEquals(CorpusDir.JUDGED, judged.get("file").asText());
        assertEquals(turns, judged.get("scored_turns").asInt());
        List<CorpusEpisode> episodes = c.readEpisodes();
        int seen = 0;
        for (CorpusEpisode e : episodes) {
            for (CorpusTurn t : e.turns()) {
                if (t.isFocal()) {
                    assertNotNull(t.judgeScore());
                    assertTrue(t.judgeScore() >= 1 && t.judgeScore() <= 10);
                    assertTrue(!t.judgeRationale().isBlank() && !t.judgeRationale().contains("\n"));
                    seen++;
                } else {
                    assertNull(t.judgeScore());
                }
            }
        }
        assertEquals(turns, seen);
        assertArrayEquals(episodesBefore, Files.readAllBytes(corpus.resolve(CorpusDir.EPISODES)), "the sweep's file is kept");

        // Judging is deterministic: a second run writes the same file.
        byte[] first = Files.readAllBytes(c.judgedFile());
        assertEquals(0, CliRunner.run("judge", "--corpus", corpus.toString()).exit());
        assertArrayEquals(first, Files.readAllBytes(c.judgedFile()));

        CliRunner.Run data = CliRunner.run("dataset", "--corpus", corpus.toString(), "--reward", "judge", "--out",
                dir.resolve("t.jsonl").toString(), "--json");
        assertEquals(0, data.exit(), data.err());
        assertEquals(turns, data.json().get("transitions").asInt());

        Files.writeString(c.judgedFile(), Files.readString(c.judgedFile()).substring(0, 500));
        InputException e = assertThrows(InputException.class, c::readEpisodes);
        assertTrue(e.getMessage().contains("judged.jsonl") && e.getMessage().contains("sha256"), e.getMessage());
    }

    @Test
    void anIncompleteCorpusIsNotJudged(@TempDir Path dir) throws Exception {
        Path corpus = dir.resolve("c");
        assertEquals(0, CliRunner.run("sweep", "--domain", "debt", "--generate", "5", "--seeds", "1",
                "--personas", "vanilla", "--out", corpus.toString()).exit());
        var m = CorpusDir.at(corpus).manifest();
        m.put("status", CorpusDir.STATUS_RUNNING);
        CorpusDir.at(corpus).writeManifest(m);
        CliRunner.Run r = CliRunner.run("judge", "--corpus", corpus.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("not complete"), r.err());
        assertTrue(!Files.exists(CorpusDir.at(corpus).judgedFile()));
    }
}
