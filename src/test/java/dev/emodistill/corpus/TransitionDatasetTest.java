package dev.emodistill.corpus;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.domain.Domain;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.io.InputException;
import dev.emodistill.io.Json;
import dev.emodistill.io.JsonLines;
import dev.emodistill.io.Provenance;
import dev.emodistill.negotiation.Act;
import dev.emodistill.negotiation.Outcome;
import dev.emodistill.negotiation.Role;
import dev.emodistill.rl.StateBuilder;
import dev.emodistill.rl.StateSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static dev.emodistill.corpus.TransitionFixtures.episode;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransitionDatasetTest {
    private static final Reward DEFAULT = Rewards.defaultReward();

    @TempDir
    Path dir;

    private static TransitionDataset build(List<CorpusEpisode> episodes) {
        return TransitionDataset.build(episodes, DEFAULT, StateSchema.DEFAULT, "corpus.jsonl", "0".repeat(64));
    }

    @Test
    void aThreeTurnDealGivesThreeTransitions() {
        CorpusEpisode e = TransitionFixtures.debtDeal();
        List<Transition> x = build(List.of(e)).transitions();
        assertEquals(3, x.size());
        // default = time-weighted net + terminal: 0; 0.1 * 0.8; 0.1 * 0.6 + 2 * 0.6 (see RewardsTest)
        double[] rewards = {0, 0.08, 1.26};
        Emotion[] shown = {Emotion.ANGER, Emotion.JOY, Emotion.ANGER};
        StateBuilder states = new StateBuilder(StateSchema.DEFAULT);
        for (int t = 0; t < 3; t++) {
            Transition tr = x.get(t);
            assertEquals(t, tr.t());
            assertEquals("debt-deal", tr.episodeId());
            assertEquals(shown[t].index(), tr.a());
            assertEquals(rewards[t], tr.r(), 1e-9);
            assertEquals(t == 2, tr.done());
            assertFalse(tr.timeout());
            assertArrayEquals(states.build(e, t), tr.s(), 1e-6f);
            assertArrayEquals(states.build(e, t + 1), tr.s2(), 1e-6f);
            if (t > 0) {
                assertArrayEquals(x.get(t - 1).s2(), tr.s(), "s2 of one turn is s of the next");
            }
        }
    }

    @Test
    void aTimeoutIsMarkedOnTheLastTransitionOnlyAndIsNotTerminal() {
        List<Transition> x = build(List.of(TransitionFixtures.debtTimeout())).transitions();
        assertEquals(3, x.size());
        for (Transition tr : x) {
            assertFalse(tr.done());
            assertEquals(tr.t() == 2, tr.timeout());
        }
        assertEquals(-1, x.get(2).r(), 1e-9);
        assertEquals(-0.066667, x.get(1).r(), 1e-12, "rewards are rounded to 6 decimals");
    }

    @Test
    void aWalkAwayIsTerminal() {
        CorpusEpisode walk = episode("walk", Domain.DISASTER, 90, 30)
                .focal(Emotion.ANGER, 90.0).cp(30.0).focal(Emotion.DISGUST, 85.0).cp(Act.WALK_AWAY, null).walkaway();
        List<Transition> x = build(List.of(walk)).transitions();
        assertEquals(List.of(false, true), x.stream().map(Transition::done).toList());
        assertEquals(List.of(false, false), x.stream().map(Transition::timeout).toList());
    }

    @Test
    void errorAndControlEpisodesAreSkippedAndCounted() {
        CorpusEpisode error = episode("err", Domain.DEBT, 10, 40).focal(Emotion.ANGER, 10.0).error("backend down");
        // an error episode cut off anywhere is not checked: skipped, not rejected
        CorpusEpisode brokenError = episode("err2", Domain.DEBT, 10, 40).rounds(7).focal(Emotion.ANGER, 10.0)
                .error("timeout talking to the model");
        CorpusEpisode control = episode("ctl", Domain.DEBT, 10, 40).policy("no-emotion")
                .focal(Emotion.NO_EMOTION, 10.0).cp(40.0).timeout();
        TransitionDataset d = build(List.of(TransitionFixtures.debtDeal(), error, control, brokenError,
                TransitionFixtures.disasterDeal()));
        assertEquals(new TransitionCounts(5, 2, 2, 1, 6), d.counts());
        assertEquals(6, d.transitions().size());
        assertTrue(d.transitions().stream().noneMatch(t -> t.episodeId().startsWith("err")
                || t.episodeId().equals("ctl")));
    }

    private static void assertRejected(CorpusEpisode bad, String reason) {
        InputException ex = assertThrows(InputException.class,
                () -> build(List.of(TransitionFixtures.debtDeal(), bad)));
        assertTrue(ex.getMessage().startsWith("corpus.jsonl: episode " + bad.episodeId() + ": "), ex.getMessage());
        assertTrue(ex.getMessage().contains(reason), ex.getMessage());
    }

    @Test
    void inconsistentEpisodesAreRejectedWithTheEpisodeAndTheReason() {
        CorpusEpisode good = TransitionFixtures.debtDeal();
        assertRejected(episode("u", Domain.DEBT, 10, 40).focal(Emotion.ANGER, 10.0).cp(Act.ACCEPT, null)
                .deal(10, 0.9), "utility 0.9 does not match deal value 10.0");
        assertRejected(episode("r", Domain.DEBT, 10, 40).rounds(2).focal(Emotion.ANGER, 10.0).cp(40.0).timeout(),
                "rounds is 2 but the transcript has 1 focal turns");
        assertRejected(episode("alt", Domain.DEBT, 10, 40)
                .raw(0, Role.FOCAL, 0, Act.OFFER, Emotion.ANGER, 10.0)
                .raw(1, Role.FOCAL, 1, Act.OFFER, Emotion.ANGER, 12.0).timeout(), "does not alternate");
        assertRejected(episode("after-walk", Domain.DEBT, 10, 40).focal(Emotion.ANGER, 10.0)
                .cp(Act.WALK_AWAY, null).focal(Emotion.ANGER, 12.0).walkaway(), "message 1 ends the negotiation");
        assertRejected(episode("after-accept", Domain.DEBT, 10, 40).focal(Emotion.ANGER, 10.0)
                .cp(Act.ACCEPT, null).focal(Emotion.ANGER, 12.0).cp(40.0).timeout(), "(an acceptance)");
        assertRejected(episode("after-meet", Domain.DEBT, 10, 40).focal(Emotion.ANGER, 20.0).cp(21.0)
                .focal(Emotion.ANGER, 12.0).cp(40.0).timeout(), "(offers within tolerance)");
        assertRejected(episode("h", Domain.DEBT, 10, 40).horizon(2).focal(Emotion.ANGER, 10.0).cp(40.0)
                .focal(Emotion.ANGER, 11.0).cp(40.0).focal(Emotion.ANGER, 12.0).cp(40.0).timeout(),
                "horizon H = 2 is smaller than the 3 focal turns");
        assertRejected(episode("label", Domain.DEBT, 10, 40).focal(Emotion.ANGER, 10.0).cp(40.0)
                .focal(null, 12.0).cp(40.0).timeout(), "focal turn 1 has no emotion label");
        assertRejected(episode("mixed", Domain.DEBT, 10, 40).focal(Emotion.NO_EMOTION, 10.0).cp(40.0)
                .focal(Emotion.ANGER, 12.0).cp(40.0).timeout(), "1 of 2 focal turns have no emotion label");
        assertRejected(episode("fixed", Domain.DEBT, 10, 40).policy("fixed:anger").focal(Emotion.ANGER, 10.0)
                .cp(40.0).focal(Emotion.JOY, 12.0).cp(40.0).timeout(), "policy fixed:anger but focal turn 1 shows joy");
        assertRejected(episode("mid", Domain.DISASTER, 90, 30).tolerance(3).focal(Emotion.FEAR, 60.0).cp(57.0)
                .deal(58, 28 / 60.0), "deal value 58.0 is not what the transcript agreed (58.5");
        assertRejected(episode("nodeal", Domain.DEBT, 10, 40).focal(Emotion.FEAR, 10.0).cp(40.0).deal(25, 0.5),
                "neither accepts nor brings the offers within tolerance");
        assertRejected(episode("walk", Domain.DEBT, 10, 40).focal(Emotion.FEAR, 10.0).cp(40.0)
                .build(Outcome.WALKAWAY, null, 0, Role.COUNTERPARTY, null), "the last message is not a walk-away");
        assertRejected(episode("value", Domain.DEBT, 10, 40).focal(Emotion.FEAR, 10.0).cp(40.0)
                .build(Outcome.TIMEOUT, 20.0, 0, null, null), "a timeout has no deal value");
        // the good episode alone is fine
        assertEquals(3, build(List.of(good)).transitions().size());
    }

    @Test
    void theJudgeRewardNeedsAJudgedCorpus() {
        InputException ex = assertThrows(InputException.class, () -> TransitionDataset.build(
                List.of(TransitionFixtures.debtDeal()), Rewards.byName("judge+terminal"), StateSchema.DEFAULT,
                "c.jsonl", "x"));
        assertTrue(ex.getMessage().contains("emodistill judge"), ex.getMessage());
    }

    /** Writes the fixtures as a real corpus file and reads them back through the corpus codec. */
    private Path corpus(List<CorpusEpisode> episodes) throws IOException {
        Path file = dir.resolve("episodes.jsonl");
        StringBuilder sb = new StringBuilder();
        for (CorpusEpisode e : episodes) {
            sb.append(Json.line(EpisodeCodec.toJson(e))).append('\n');
        }
        Files.writeString(file, sb.toString());
        return file;
    }

    private static List<CorpusEpisode> readCorpus(Path file) {
        return JsonLines.read(file).stream().map(EpisodeCodec::fromJson).toList();
    }

    @Test
    void headerAndTransitionsRoundTripThroughTheFile() throws IOException {
        Path corpus = corpus(List.of(TransitionFixtures.debtDeal(), TransitionFixtures.disasterDeal(),
                TransitionFixtures.debtTimeout(),
                episode("err", Domain.DEBT, 10, 40).focal(Emotion.ANGER, 10.0).error("boom")));
        TransitionDataset built = TransitionDataset.build(readCorpus(corpus), DEFAULT, StateSchema.DEFAULT, corpus);
        Path out = dir.resolve("transitions.jsonl");
        built.write(out);

        TransitionDataset read = TransitionDataset.read(out);
        assertEquals(built.transitions(), read.transitions());
        assertEquals(new TransitionCounts(4, 3, 1, 0, 9), read.counts());
        assertEquals(StateSchema.DEFAULT, read.stateSchema());
        assertEquals("time_weighted_net+terminal", read.rewardName());
        assertEquals(DEFAULT.formula(), read.rewardFormula());
        assertEquals(corpus.toString(), read.sourcePath());
        assertEquals(Provenance.sha256(corpus), read.sourceSha256());

        ObjectNode header = (ObjectNode) Json.MAPPER.readTree(Files.readAllLines(out).get(0));
        assertEquals("emodistill.transitions", header.get("kind").asText());
        assertEquals(TransitionDataset.SCHEMA_VERSION, header.get("schema_version").asInt());
        assertEquals(StateSchema.DEFAULT.featureNames().size(), header.path("state_schema").path("feature_names").size());
        assertTrue(header.path("state_schema").path("domain_features").asBoolean());
        assertEquals(1, header.path("counts").path("episodes_skipped").path("error").asInt());
        assertEquals(10, Files.readAllLines(out).size(), "header + 9 transitions");
    }

    @Test
    void domainAgnosticDatasetsStoreShorterStates() throws IOException {
        Path corpus = corpus(List.of(TransitionFixtures.disasterDeal()));
        TransitionDataset d = TransitionDataset.build(readCorpus(corpus), Rewards.NET, StateSchema.DOMAIN_AGNOSTIC,
                corpus);
        Path out = dir.resolve("t.jsonl");
        d.write(out);
        TransitionDataset read = TransitionDataset.read(out);
        assertFalse(read.stateSchema().domainFeatures());
        assertEquals(StateSchema.DEFAULT.dimension() - 4, read.transitions().get(0).s().length);
    }

    /** Writes a valid dataset, applies {@code edit} to one line (1-based), and returns the read error. */
    private InputException corrupt(int lineNumber, UnaryOperator<ObjectNode> edit) throws IOException {
        Path out = dir.resolve("broken.jsonl");
        build(List.of(TransitionFixtures.debtDeal())).write(out);
        List<String> lines = new ArrayList<>(Files.readAllLines(out));
        ObjectNode node = (ObjectNode) Json.MAPPER.readTree(lines.get(lineNumber - 1));
        lines.set(lineNumber - 1, Json.line(edit.apply(node)));
        Files.write(out, lines);
        return assertThrows(InputException.class, () -> TransitionDataset.read(out));
    }

    private void assertNames(InputException ex, int line, String field) {
        String m = ex.getMessage();
        assertTrue(m.startsWith(dir.resolve("broken.jsonl").toString()), m);
        assertTrue(m.contains("line " + line + ","), m);
        assertTrue(m.contains("field '" + field + "'"), m);
    }

    @Test
    void theReaderNamesTheCorruptedLineAndField() throws IOException {
        assertNames(corrupt(3, n -> n.put("a", 28)), 3, "a");
        assertNames(corrupt(2, n -> {
            ((ArrayNode) n.get("s")).remove(0);
            return n;
        }), 2, "s");
        assertNames(corrupt(4, n -> n.put("done", 2)), 4, "done");
        assertNames(corrupt(4, n -> n.put("timeout", 1)), 4, "timeout");
        assertNames(corrupt(3, n -> n.put("r", "high")), 3, "r");
        assertNames(corrupt(2, n -> {
            ((ArrayNode) n.get("s2")).set(5, "x");
            return n;
        }), 2, "s2[5]");
        assertNames(corrupt(3, n -> n.put("t", -1)), 3, "t");
    }

    @Test
    void theReaderChecksTheHeader() throws IOException {
        assertNames(corrupt(1, n -> n.put("kind", "emodistill.episodes")), 1, "kind");
        InputException newer = corrupt(1, n -> n.put("schema_version", TransitionDataset.SCHEMA_VERSION + 1));
        assertNames(newer, 1, "schema_version");
        assertTrue(newer.getMessage().contains("newer"), newer.getMessage());
        assertNames(corrupt(1, n -> {
            ((ObjectNode) n.get("state_schema")).put("version", 0);
            return n;
        }), 1, "state_schema.version");
        assertNames(corrupt(1, n -> {
            ((ObjectNode) n.get("counts")).put("transitions", 2);
            return n;
        }), 1, "counts.transitions");
    }

    @Test
    void theReaderRejectsInvalidJsonAndEmptyFiles() throws IOException {
        Path out = dir.resolve("bad.jsonl");
        build(List.of(TransitionFixtures.debtDeal())).write(out);
        List<String> lines = new ArrayList<>(Files.readAllLines(out));
        lines.set(2, lines.get(2).substring(0, 40));
        Files.write(out, lines);
        InputException ex = assertThrows(InputException.class, () -> TransitionDataset.read(out));
        assertTrue(ex.getMessage().contains("line 3"), ex.getMessage());

        Files.writeString(out, "");
        assertTrue(assertThrows(InputException.class, () -> TransitionDataset.read(out)).getMessage()
                .contains("header"));
    }
}
