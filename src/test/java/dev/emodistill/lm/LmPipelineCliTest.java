package dev.emodistill.lm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.emodistill.cli.CliRunner;
import dev.emodistill.io.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The expression pipeline through the command line at toy size: sweep -> judge -> IQL -> lm pretrain -> lm sft
 * (conditioned and emotion-free) -> lm jpo -> PEFT export/import -> evaluate the four language-model agents. It
 * checks the wiring and the artifacts, not the learning (the steps are far too few); the learning is measured by
 * the experiments in the closing notes.
 */
class LmPipelineCliTest {
    @TempDir
    static Path dir;
    static Path corpus;
    static Path iql;
    static Path base;
    static Path sft;
    static Path free;
    static Path jpo;

    @BeforeAll
    static void buildEverything() {
        corpus = dir.resolve("corpus");
        ok(CliRunner.run("sweep", "--domain", "debt", "--generate", "10", "--seeds", "3", "--personas", "vanilla",
                "--out", corpus.toString()));
        ok(CliRunner.run("judge", "--corpus", corpus.toString()));
        iql = dir.resolve("iql");
        ok(CliRunner.run("train", "selector", "--corpus", corpus.toString(), "--out", iql.toString(), "--steps", "30",
                "--hidden", "16", "--batch", "32"));
        base = dir.resolve("base");
        ok(CliRunner.run("lm", "pretrain", "--out", base.toString(), "--steps", "4", "--dialogues", "15"));
        sft = dir.resolve("sft");
        ok(CliRunner.run("lm", "sft", "--base", base.toString(), "--corpus", corpus.toString(), "--selector",
                iql.toString(), "--steps", "3", "--out", sft.toString()));
        free = dir.resolve("sft-free");
        ok(CliRunner.run("lm", "sft", "--base", base.toString(), "--corpus", corpus.toString(), "--rank", "returns",
                "--no-emotion", "--steps", "2", "--out", free.toString()));
        jpo = dir.resolve("jpo");
        ok(CliRunner.run("lm", "jpo", "--sft", sft.toString(), "--corpus", corpus.toString(), "--steps", "2", "--out",
                jpo.toString()));
    }

    private static CliRunner.Run ok(CliRunner.Run r) {
        assertEquals(0, r.exit(), r.err());
        return r;
    }

    @Test
    void foldersAreHuggingFaceAndPeftLayoutsWithProvenance() throws Exception {
        for (String f : new String[] {"config.json", "model.safetensors", "tokenizer.json", "emodistill.json"}) {
            assertTrue(Files.isRegularFile(base.resolve(f)), f);
        }
        JsonNode peft = Json.MAPPER.readTree(jpo.resolve("adapter_config.json").toFile());
        assertEquals("LORA", peft.get("peft_type").asText());
        assertEquals(base.toAbsolutePath().toString(), peft.get("base_model_name_or_path").asText());
        JsonNode sftInfo = Json.MAPPER.readTree(sft.resolve("emodistill.json").toFile());
        assertTrue(sftInfo.toString().contains("\"emotion_conditioned\":true"), sftInfo.toString());
        assertTrue(sftInfo.toString().contains(iql.toAbsolutePath().toString()), "records the selector");
        JsonNode jpoInfo = Json.MAPPER.readTree(jpo.resolve("emodistill.json").toFile());
        assertTrue(jpoInfo.toString().contains("\"kl_beta\":0.04"), jpoInfo.toString());
        assertTrue(jpoInfo.toString().contains("\"kl\""), "the KL curve is kept");

        Path exported = dir.resolve("peft");
        ok(CliRunner.run("lm", "export-peft", "--adapter", jpo.toString(), "--out", exported.toString()));
        Path imported = dir.resolve("imported");
        ok(CliRunner.run("lm", "import-peft", "--peft", exported.toString(), "--base", base.toString(), "--out",
                imported.toString()));
        assertEquals(-1, Files.mismatch(jpo.resolve("adapter_model.safetensors"),
                imported.resolve("adapter_model.safetensors")), "the adapter weights survive the round trip");
    }

    @Test
    void onPolicyJpoSamplesScoresAndRecordsItsCurves() throws Exception {
        Path onPolicy = dir.resolve("jpo-on-policy");
        ok(CliRunner.run("lm", "jpo", "--sft", sft.toString(), "--corpus", corpus.toString(), "--on-policy",
                "--iterations", "2", "--out", onPolicy.toString()));
        JsonNode info = Json.MAPPER.readTree(onPolicy.resolve("emodistill.json").toFile());
        assertTrue(info.toString().contains("\"mode\":\"on-policy\""), info.toString());
        assertTrue(info.toString().contains("judge_score"), "the judge score curve is kept");
        assertEquals("scenario", info.path("details").path("grouping").asText(), "DESIGN's grouping by default");
    }

    @Test
    void onPolicyJpoCanGroupSamplesOfOneSituationAndRefusesAnUnknownGrouping() throws Exception {
        Path bySituation = dir.resolve("jpo-situation");
        ok(CliRunner.run("lm", "jpo", "--sft", sft.toString(), "--corpus", corpus.toString(), "--on-policy",
                "--group", "situation", "--lr", "1e-4", "--iterations", "1", "--out", bySituation.toString()));
        JsonNode details = Json.MAPPER.readTree(bySituation.resolve("emodistill.json").toFile()).path("details");
        assertEquals("situation", details.path("grouping").asText(), details.toString());
        assertEquals(1e-4, details.path("peak_rate").asDouble(), 1e-12, details.toString());

        CliRunner.Run bad = CliRunner.run("lm", "jpo", "--sft", sft.toString(), "--corpus", corpus.toString(),
                "--on-policy", "--group", "turn", "--out", dir.resolve("jpo-bad").toString());
        assertEquals(2, bad.exit(), bad.err());
        assertTrue(bad.err().contains("--group must be situation or scenario"), bad.err());
        assertFalse(Files.exists(dir.resolve("jpo-bad")), "nothing written for a refused option");
        CliRunner.Run small = CliRunner.run("lm", "jpo", "--sft", sft.toString(), "--corpus", corpus.toString(),
                "--on-policy", "--group-size", "3", "--out", dir.resolve("jpo-small").toString());
        assertEquals(2, small.exit(), small.err());
        assertTrue(small.err().contains("--group-size must be at least 4"), small.err());
    }

    @Test
    void theLanguageModelAgentsAreEvaluatedSideBySide() {
        CliRunner.Run r = ok(CliRunner.run("evaluate", "--domain", "debt", "--agents",
                "emodistill:" + iql + "@" + jpo + ",iql-only:" + iql + "@" + base + ",vanilla-slm:" + base
                        + ",emotion-free:" + iql + "@" + free + ",sft-only:" + sft + ",no-emotion",
                "--personas", "vanilla", "--seeds", "1", "--json"));
        JsonNode agents = r.json().get("agents");
        assertEquals(6, agents.size());
        for (JsonNode a : agents) {
            assertEquals(2, a.get("episodes").asInt(), a.get("name").asText() + ": 2 held-out scenarios x 1 seed");
        }
        JsonNode lm = r.json().get("language_models");
        assertEquals(4, lm.size(), "iql-only and vanilla-slm share the base model: " + lm);
        lm.forEach(m -> assertTrue(m.get("utterances").asInt() > 0, m.toString()));
    }

    @Test
    void oneAdapterTrainsOnSeveralCorporaKeepingTheTopShareOfEach() throws Exception {
        JsonNode one = ok(CliRunner.run("lm", "sft", "--base", base.toString(), "--corpus", corpus.toString(),
                "--selector", iql.toString(), "--steps", "1", "--out", dir.resolve("sft-one").toString(), "--json"))
                .json();
        Path both = dir.resolve("sft-two");
        JsonNode two = ok(CliRunner.run("lm", "sft", "--base", base.toString(), "--corpus", corpus.toString(),
                "--selector", iql.toString(), "--corpus", corpus.toString(), "--selector", iql.toString(),
                "--steps", "1", "--out", both.toString(), "--json")).json();
        assertEquals(2 * one.get("examples").asInt(), two.get("examples").asInt(), "the top share of each corpus");
        JsonNode info = Json.MAPPER.readTree(both.resolve("emodistill.json").toFile());
        assertEquals(2, info.findValue("corpora").size(), info.toString());

        CliRunner.Run unpaired = CliRunner.run("lm", "sft", "--base", base.toString(), "--corpus", corpus.toString(),
                "--corpus", corpus.toString(), "--selector", iql.toString(), "--out", dir.resolve("z").toString());
        assertEquals(2, unpaired.exit(), unpaired.err());
        assertTrue(unpaired.err().contains("one --selector per --corpus"), unpaired.err());
    }

    @Test
    void theProbeReportsItsNumbersAndWritesEveryUtteranceItRead() throws Exception {
        Path samples = dir.resolve("probe-samples.jsonl");
        JsonNode r = ok(CliRunner.run("lm", "probe", "--model", base.toString(), "--adapter", sft.toString(),
                "--corpus", corpus.toString(), "--turns", "5", "--samples", samples.toString(), "--json")).json();
        assertEquals(5, r.get("utterances").asInt());
        List<String> lines = Files.readAllLines(samples);
        assertEquals(5, lines.size());
        int exact = 0;
        for (String line : lines) {
            JsonNode x = Json.MAPPER.readTree(line);
            assertTrue(dev.emodistill.emotion.Emotion.parse(x.get("intended").asText()).isPresent(), line);
            assertTrue(x.get("judge").asDouble() >= 0 && x.get("judge").asDouble() <= 10, line);
            exact += x.get("number_exact").asBoolean() ? 1 : 0;
        }
        assertEquals(r.get("number_exact").asDouble(), exact / 5.0, 1e-4, "the file and the summary agree");
    }

    @Test
    void badLanguageModelInputIsAClearError() {
        CliRunner.Run noBase = CliRunner.run("lm", "sft", "--base", dir.resolve("nope").toString(), "--corpus",
                corpus.toString(), "--selector", iql.toString(), "--out", dir.resolve("x").toString());
        assertEquals(2, noBase.exit(), noBase.err());
        CliRunner.Run noSelector = CliRunner.run("lm", "sft", "--base", base.toString(), "--corpus", corpus.toString(),
                "--out", dir.resolve("y").toString());
        assertEquals(2, noSelector.exit());
        assertTrue(noSelector.err().contains("--selector"), noSelector.err());
        CliRunner.Run badAgent = CliRunner.run("evaluate", "--domain", "debt", "--agents", "emodistill:" + iql
                + ",random", "--seeds", "1");
        assertEquals(2, badAgent.exit());
        assertTrue(badAgent.err().contains("SELECTOR@ADAPTER"), badAgent.err());
    }
}
