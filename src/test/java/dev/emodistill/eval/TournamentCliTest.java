package dev.emodistill.eval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.emodistill.cli.CliRunner;
import dev.emodistill.io.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * sweep (both roles) -> counterparty-dataset -> train selector (both roles) -> tournament, end to end through the
 * command line, and the refusals that keep the two roles apart.
 */
class TournamentCliTest {
    @TempDir
    static Path dir;
    static Path focalCorpus;
    static Path cpCorpus;
    static Path focalIql;
    static Path cpIql;

    private static CliRunner.Run ok(String... args) {
        CliRunner.Run r = CliRunner.run(args);
        assertEquals(0, r.exit(), String.join(" ", args) + "\n" + r.err());
        return r;
    }

    @BeforeAll
    static void trainBothRoles() {
        focalCorpus = dir.resolve("focal");
        cpCorpus = dir.resolve("cp");
        List<String> common = List.of("--domain", "student", "--generate", "10", "--seeds", "2", "--max-messages",
                "10", "--personas", "vanilla,threat");
        ok(concat(List.of("sweep"), common, List.of("--out", focalCorpus.toString())));
        ok(concat(List.of("sweep"), common, List.of("--role", "counterparty", "--focal-response", "vanilla",
                "--out", cpCorpus.toString())));
        focalIql = dir.resolve("iql");
        ok("train", "selector", "--corpus", focalCorpus.toString(), "--out", focalIql.toString(), "--steps", "30",
                "--hidden", "16", "--batch", "32");
        Path data = dir.resolve("cp-transitions.jsonl");
        JsonNode d = ok("counterparty-dataset", "--corpus", cpCorpus.toString(), "--out", data.toString(), "--json")
                .json();
        assertEquals("counterparty", d.path("role").asText());
        assertTrue(d.path("transitions").asInt() > 20, d.toString());
        cpIql = dir.resolve("iql-cp");
        ok("train", "selector", "--dataset", data.toString(), "--out", cpIql.toString(), "--steps", "30", "--hidden",
                "16", "--batch", "32");
    }

    private static String[] concat(List<String> a, List<String> b, List<String> c) {
        return java.util.stream.Stream.of(a, b, c).flatMap(List::stream).toArray(String[]::new);
    }

    @Test
    void theCounterpartyCorpusAndCheckpointRecordTheRole() throws Exception {
        JsonNode manifest = Json.MAPPER.readTree(Files.readString(cpCorpus.resolve("manifest.json")));
        assertEquals("counterparty", manifest.path("config").path("role").asText());
        assertEquals("random", manifest.path("config").path("focal_policy").asText());
        assertEquals("vanilla", manifest.path("config").path("focal_response").asText());
        String first = Files.readAllLines(cpCorpus.resolve("episodes.jsonl")).get(0);
        assertTrue(first.contains("\"policy\":\"counterparty:random\""), first);
        JsonNode ckpt = Json.MAPPER.readTree(Files.readString(cpIql.resolve("manifest.json")));
        assertEquals("counterparty", ckpt.path("state_schema").path("role").asText());
        assertTrue(ckpt.has("scenarios"), "the scenario split travels from the corpus beside the dataset");
        JsonNode focal = Json.MAPPER.readTree(Files.readString(focalIql.resolve("manifest.json")));
        assertTrue(!focal.path("state_schema").has("role"));
    }

    @Test
    void theTournamentWritesMatchesAndStandings() throws Exception {
        Path out = dir.resolve("tournament");
        CliRunner.Run r = ok("tournament", "--domain", "student", "--focal", "no-emotion,iql:" + focalIql,
                "--counterparty", "persona:vanilla,iql-cp:" + cpIql, "--seeds", "2", "--max-messages", "10",
                "--focal-response", "vanilla", "--out", out.toString(), "--json");
        JsonNode j = r.json();
        assertEquals("emodistill.tournament", j.path("kind").asText());
        assertEquals(1, j.path("schema_version").asInt());
        assertEquals("tournament", j.path("created_by").path("command").asText());
        assertEquals("vanilla", j.path("focal_response").asText());
        assertEquals(2, j.path("scenario_count").asInt(), "the held-out scenarios of the checkpoints' split");
        assertEquals(4, j.path("matches").size());
        assertEquals(2, j.path("focal_standings").size());
        assertEquals(2, j.path("counterparty_standings").size());
        for (String f : List.of("matches.jsonl", "matches.csv", "standings.json", "standings.csv", "standings.md")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        assertEquals(4, Files.readAllLines(out.resolve("matches.jsonl")).size());
        assertEquals(1 + 4, Files.readAllLines(out.resolve("matches.csv")).size());
        assertEquals(1 + 4, Files.readAllLines(out.resolve("standings.csv")).size());
        assertEquals(j, Json.MAPPER.readTree(Files.readString(out.resolve("standings.json"))));
        String md = Files.readString(out.resolve("standings.md"));
        assertTrue(md.contains("iql-cp:" + cpIql) && md.contains("persona:vanilla"), md);
        JsonNode first = Json.MAPPER.readTree(Files.readAllLines(out.resolve("matches.jsonl")).get(0));
        assertEquals("no-emotion", first.path("focal").asText());
        assertEquals("persona:vanilla", first.path("counterparty").asText());
    }

    @Test
    void aSelectorIsRefusedInTheOtherRole() {
        CliRunner.Run asFocal = CliRunner.run("evaluate", "--domain", "student", "--agents", "iql:" + cpIql,
                "--seeds", "1", "--max-messages", "10");
        assertEquals(2, asFocal.exit(), asFocal.err());
        assertTrue(asFocal.err().contains("trained for the counterparty role"), asFocal.err());
        CliRunner.Run inTournament = CliRunner.run("tournament", "--domain", "student", "--focal", "iql:" + cpIql,
                "--counterparty", "persona:vanilla", "--seeds", "1", "--out", dir.resolve("t2").toString());
        assertEquals(2, inTournament.exit());
        assertTrue(inTournament.err().contains("trained for the counterparty role"), inTournament.err());
        CliRunner.Run asCp = CliRunner.run("tournament", "--domain", "student", "--focal", "random",
                "--counterparty", "iql-cp:" + focalIql, "--seeds", "1", "--out", dir.resolve("t3").toString());
        assertEquals(2, asCp.exit());
        assertTrue(asCp.err().contains("focal-role selector"), asCp.err());
    }

    @Test
    void trainingOnACounterpartyCorpusDirectlyEqualsTrainingOnItsExportedTransitions() throws Exception {
        Path direct = dir.resolve("iql-cp-direct");
        ok("train", "selector", "--corpus", cpCorpus.toString(), "--out", direct.toString(), "--steps", "30",
                "--hidden", "16", "--batch", "32");
        JsonNode ckpt = Json.MAPPER.readTree(Files.readString(direct.resolve("manifest.json")));
        assertEquals("counterparty", ckpt.path("state_schema").path("role").asText(), ckpt.toString());
        assertArrayEquals(Files.readAllBytes(cpIql.resolve("weights.safetensors")),
                Files.readAllBytes(direct.resolve("weights.safetensors")),
                "the same transitions, seed and settings train the same weights by either route");
    }

    @Test
    void eachRolesCorpusIsRefusedByTheOtherRolesExport() {
        CliRunner.Run focalExport = CliRunner.run("dataset", "--corpus", cpCorpus.toString(), "--out",
                dir.resolve("x.jsonl").toString());
        assertEquals(2, focalExport.exit());
        assertTrue(focalExport.err().contains("counterparty-dataset"), focalExport.err());
        CliRunner.Run cpExport = CliRunner.run("counterparty-dataset", "--corpus", focalCorpus.toString(), "--out",
                dir.resolve("z.jsonl").toString());
        assertEquals(2, cpExport.exit());
        assertTrue(cpExport.err().contains("focal-role sweep"), cpExport.err());
        CliRunner.Run policyWithoutRole = CliRunner.run("sweep", "--domain", "student", "--generate", "5",
                "--seeds", "1", "--focal-policy", "random", "--out", dir.resolve("w").toString());
        assertEquals(2, policyWithoutRole.exit());
        CliRunner.Run badRole = CliRunner.run("sweep", "--domain", "student", "--generate", "5", "--seeds", "1",
                "--role", "referee", "--out", dir.resolve("v").toString());
        assertEquals(2, badRole.exit());
        assertTrue(badRole.err().contains("--role"), badRole.err());
    }
}
