package dev.emodistill.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.emodistill.eval.Metrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliTest {
    private static List<CommandLine> allCommands(CommandLine root) {
        List<CommandLine> out = new ArrayList<>();
        out.add(root);
        for (CommandLine sub : root.getSubcommands().values()) {
            if (!sub.getCommandName().equals("help")) {
                out.addAll(allCommands(sub));
            }
        }
        return out;
    }

    @Test
    void everyCommandHasCompleteHelp() {
        List<CommandLine> commands = allCommands(Main.commandLine());
        assertTrue(commands.size() >= 13, "commands: " + commands.size());
        for (CommandLine c : commands) {
            String name = c.getCommandSpec().qualifiedName(" ");
            List<String> args = new ArrayList<>(List.of(name.split(" ")).subList(1, name.split(" ").length));
            args.add("--help");
            CliRunner.Run r = CliRunner.run(args.toArray(String[]::new));
            assertEquals(0, r.exit(), name);
            assertTrue(r.out().contains("Usage: " + name), name + ":\n" + r.out());
            assertFalse(r.err().contains("WARN"), name + " help has a formatting problem: " + r.err());
            assertTrue(c.getCommandSpec().usageMessage().description().length > 0, name + " has a description");
            for (CommandLine.Model.OptionSpec o : c.getCommandSpec().options()) {
                assertTrue(o.description().length > 0 && !o.description()[0].isBlank(),
                        name + " " + o.longestName() + " has no description");
            }
        }
    }

    @Test
    void simulateJsonIsOneObjectWithTheMetricsAndIsByteIdenticalPerSeed() {
        String[] args = {"simulate", "--domain", "debt", "--persona", "vanilla", "--emotion", "sadness",
                "--episodes", "12", "--seed", "5", "--json"};
        CliRunner.Run a = CliRunner.run(args);
        assertEquals(0, a.exit(), a.err());
        JsonNode o = a.json();
        for (String key : List.of(Metrics.SUCCESS_RATE, Metrics.MEAN_UTILITY, Metrics.EXPECTED_UTILITY,
                Metrics.MEAN_ROUNDS, Metrics.WALKAWAY_RATE, Metrics.EPISODES)) {
            assertTrue(o.has(key), key);
        }
        assertEquals(12, o.get(Metrics.EPISODES).asInt());
        assertEquals(a.out(), CliRunner.run(args).out(), "same seed, byte-identical output");
        args[args.length - 2] = "6";
        assertFalse(a.out().equals(CliRunner.run(args).out()), "another seed, other episodes");
    }

    @Test
    void simulateTextAndTranscripts() {
        CliRunner.Run r = CliRunner.run("simulate", "--domain", "student", "--persona", "threat", "--policy", "random",
                "--episodes", "2", "--transcript");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("expected_utility") && r.out().contains("counterparty"), r.out());
        assertTrue(r.out().matches("(?s).*\\d{1,2}:\\d\\d [AP]M.*"), "bedtimes are stated as clock times");
        CliRunner.Run j = CliRunner.run("simulate", "--domain", "medical", "--persona", "stoic", "--policy", "none",
                "--episodes", "2", "--transcript", "--json");
        assertEquals(2, j.json().get("transcripts").size());
        assertEquals("no-emotion", j.json().get("policy").asText());
    }

    @Test
    void badInputExitsWithTwoAndSaysWhatAndWhere(@TempDir Path dir) throws Exception {
        CliRunner.Run r = CliRunner.run("simulate", "--domain", "space", "--persona", "vanilla", "--emotion", "anger");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("unknown domain 'space'") && r.err().contains("debt"), r.err());

        r = CliRunner.run("simulate", "--domain", "debt", "--persona", "pirate", "--emotion", "anger");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("unknown persona 'pirate'"), r.err());

        r = CliRunner.run("simulate", "--domain", "debt", "--persona", "vanilla", "--emotion", "rage");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("unknown emotion 'rage'"), r.err());

        r = CliRunner.run("simulate", "--domain", "debt", "--persona", "vanilla", "--emotion", "anger", "--episodes", "-3");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--episodes"), r.err());

        Path out = dir.resolve("s.jsonl");
        r = CliRunner.run("scenarios", "generate", "--domain", "debt", "--count", "-1", "--out", out.toString());
        assertEquals(2, r.exit());
        assertFalse(Files.exists(out), "nothing written");

        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, "{\"id\":\"a\",\"domain\":\"debt\",\"focal_target\":5,\"counterparty_target\":50,\"estimated\":false}\n"
                + "{\"id\":\"b\",\"domain\":\"debt\",\"focal_target\":5,\"estimated\":false}\n");
        r = CliRunner.run("simulate", "--domain", "debt", "--persona", "vanilla", "--emotion", "anger",
                "--scenarios", bad.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("bad.jsonl line 2") && r.err().contains("counterparty_target"), r.err());

        r = CliRunner.run("simulate", "--domain", "debt", "--persona", "vanilla");
        assertEquals(2, r.exit(), "--emotion or --policy is required");
    }

    @Test
    void scenariosGenerateAndSimulateOnTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("debt.jsonl");
        CliRunner.Run r = CliRunner.run("scenarios", "generate", "--domain", "debt", "--count", "10", "--seed", "3",
                "--out", file.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        assertEquals(10, r.json().get("scenarios").asInt());
        assertEquals(8, r.json().get("split").get("train").asInt());
        assertEquals(10, Files.readAllLines(file).size());
        r = CliRunner.run("simulate", "--domain", "debt", "--persona", "victim", "--emotion", "anger",
                "--episodes", "10", "--scenarios", file.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        r = CliRunner.run("simulate", "--domain", "disaster", "--persona", "victim", "--emotion", "anger",
                "--scenarios", file.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("no disaster scenarios"), r.err());
    }

    @Test
    void scenariosImportReportsRejectsAndWritesOnlyWhenLenient(@TempDir Path dir) throws Exception {
        Path csv = Path.of("src/test/resources/scenarios/hospital_surgery_scenarios.csv");
        Path out = dir.resolve("medical.jsonl");
        CliRunner.Run strict = CliRunner.run("scenarios", "import", "--domain", "medical", "--csv", csv.toString(),
                "--out", out.toString());
        assertEquals(2, strict.exit(), strict.out() + strict.err());
        assertTrue(strict.out().contains("rows rejected:") && strict.out().contains(" line "), strict.out());
        assertFalse(Files.exists(out));
        CliRunner.Run lenient = CliRunner.run("scenarios", "import", "--domain", "medical", "--csv", csv.toString(),
                "--out", out.toString(), "--lenient", "--json");
        assertEquals(0, lenient.exit(), lenient.err());
        int loaded = lenient.json().get("loaded").asInt();
        assertTrue(loaded > 0 && lenient.json().get("rejected").asInt() > 0);
        assertEquals(loaded, Files.readAllLines(out).size());

        CliRunner.Run wrong = CliRunner.run("scenarios", "import", "--domain", "debt", "--csv", csv.toString(),
                "--out", out.toString());
        assertEquals(2, wrong.exit());
        assertTrue(wrong.err().contains("hospital_surgery_scenarios.csv"), wrong.err());
    }

    @Test
    void perceptionEvalAndTrainOnSmallTsvFiles(@TempDir Path dir) throws Exception {
        Path tsv = dir.resolve("small.tsv");
        Files.writeString(tsv, String.join("\n",
                "I can't believe how kind you have been, thank you!\t15\tc1",
                "This is infuriating and I am done waiting.\t2\tc2",
                "I'm scared this will go badly.\t14\tc3",
                "We lost everything and I feel empty.\t25,16\tc4",
                "The meeting is on the usual schedule.\t27\tc5",
                "What do you mean by that exactly?\t7,6\tc6") + "\n");
        CliRunner.Run e = CliRunner.run("perception", "eval", "--goemotions", tsv.toString(), "--json");
        assertEquals(0, e.exit(), e.err());
        JsonNode m = e.json();
        for (String key : List.of("examples", "top1", "top3", "macro_f1", "ekman_top1")) {
            assertTrue(m.has(key), key);
        }
        assertEquals(6, m.get("examples").asInt());
        assertTrue(m.get("top3").asDouble() >= m.get("top1").asDouble());

        Path model = dir.resolve("head");
        CliRunner.Run t = CliRunner.run("perception", "train", "--goemotions", tsv.toString(), "--out", model.toString(),
                "--epochs", "80", "--json");
        assertEquals(0, t.exit(), t.err());
        assertTrue(Files.isRegularFile(model.resolve("manifest.json")) && Files.isRegularFile(model.resolve("head.json")));
        CliRunner.Run again = CliRunner.run("perception", "eval", "--goemotions", tsv.toString(), "--classifier",
                model.toString(), "--json");
        assertEquals(1.0, again.json().get("top1").asDouble(), 1e-9, "a head retrained on six sentences fits them");

        Files.writeString(tsv, "text only, no labels\n");
        CliRunner.Run bad = CliRunner.run("perception", "eval", "--goemotions", tsv.toString());
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("line 1"), bad.err());
    }

    @Test
    void analyzeSimPrintsCellsAndChecks(@TempDir Path dir) {
        CliRunner.Run r = CliRunner.run("analyze", "sim", "--domain", "medical", "--episodes-per-emotion", "8", "--seed", "2",
                "--out", dir.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode o = r.json();
        assertEquals(5 * 29 + 3, o.get("cells").size(), "4 personas + mix, 29 policies, 3 rules on the mix");
        assertEquals(3, o.get("checks").size());
        assertTrue(Files.isRegularFile(dir.resolve("study.json")) && Files.isRegularFile(dir.resolve("table.md")));
    }

    @Test
    void benchSweepKeepsStandardOutputForItsOwnJson() {
        CliRunner.Run b = CliRunner.run("bench", "sweep", "--seeds", "1", "--json");
        assertEquals(0, b.exit(), b.err());
        assertEquals(80, b.json().get("episodes").asInt());
        assertTrue(b.json().get("episodes_per_second_with_judge").asDouble() > 0);
        assertTrue(b.err().contains("sweep complete"), "the nested commands report on standard error");
    }

    @Test
    void benchIqlReportsThroughputAndDecisionLatency() {
        CliRunner.Run b = CliRunner.run("bench", "iql", "--steps", "20", "--hidden", "32", "--json");
        assertEquals(0, b.exit(), b.err());
        assertTrue(b.json().get("steps_per_second").asDouble() > 0);
        assertTrue(b.json().get("decision_microseconds_with_state").asDouble() > 0);
    }

    /** Sizes that run every stage of the study on one domain in seconds (the numbers mean nothing). */
    static final String[] TOY_STUDY = {"--domains", "student", "--scenarios", "5", "--sweep-seeds", "1",
            "--max-messages", "4", "--iql-hidden", "8", "--iql-steps", "20", "--pretrain-steps", "2",
            "--pretrain-dialogues", "5", "--sft-steps", "1", "--jpo-rounds", "1", "--eval-seeds", "1", "--best-seeds", "1",
            "--probe-turns", "2", "--audit-seeds", "1"};

    @Test
    void benchAndQuickstartRunSmall(@TempDir Path dir) throws Exception {
        CliRunner.Run b = CliRunner.run("bench", "sim", "--domain", "debt", "--episodes", "40", "--json");
        assertEquals(0, b.exit(), b.err());
        assertTrue(b.json().get("warm_episodes_per_second").asDouble() > 0);
        List<String> args = new ArrayList<>(List.of("quickstart", "--out", dir.toString()));
        args.addAll(List.of(TOY_STUDY));
        CliRunner.Run q = CliRunner.run(args.toArray(String[]::new));
        assertEquals(0, q.exit(), q.err());
        assertTrue(q.out().contains("full stack (IQL + SFT + JPO)") && q.out().contains("vanilla SLM"), q.out());
        String[] lines = q.out().strip().split("\n");
        Path report = Path.of(lines[lines.length - 1]);
        assertEquals(dir.toAbsolutePath().normalize().resolve("report").resolve("report.html"), report,
                "the last line is the report's plain path");
        assertTrue(Files.isRegularFile(report));
        String results = Files.readString(report.resolveSibling("results.json"));
        assertTrue(results.contains("\"scale\" : \"tiny\"") || results.contains("\"scale\":\"tiny\""),
                "quickstart is reproduce at the tiny scale");
        assertTrue(results.contains("\"quickstart\""), "and says it was made by quickstart");
    }

    @Test
    void reproduceRunsEveryStageOnceThenResumesFromTheCache(@TempDir Path dir) throws Exception {
        List<String> args = new ArrayList<>(List.of("reproduce", "--scale", "tiny", "--out", dir.toString()));
        args.addAll(List.of(TOY_STUDY));
        CliRunner.Run q = CliRunner.run(args.toArray(String[]::new));
        assertEquals(0, q.exit(), q.err());
        assertTrue(q.out().contains("full stack (IQL + SFT + JPO)") && q.out().contains("vanilla SLM")
                && q.out().contains("best fixed emotion") && q.out().contains("no emotion"), q.out());
        Path html = dir.resolve("report").resolve("report.html").toAbsolutePath().normalize();
        List<String> lines = q.out().strip().lines().toList();
        assertEquals(html.toString(), lines.get(lines.size() - 1), "the report's path is the last line: " + q.out());
        assertTrue(Files.isRegularFile(html));
        assertTrue(Files.isRegularFile(dir.resolve("report").resolve("results.json")));
        List<Path> records;
        try (var s = Files.list(dir.resolve("stages"))) {
            records = s.map(p -> p.resolve("stage.json")).filter(Files::isRegularFile).sorted().toList();
        }
        assertEquals(17, records.size(), "one complete stage.json per stage of a one-domain study: " + records);
        List<String> before = new ArrayList<>();
        for (Path r : records) {
            before.add(Files.readString(r));
        }

        args.add("--json");
        CliRunner.Run again = CliRunner.run(args.toArray(String[]::new));
        assertEquals(0, again.exit(), again.err());
        JsonNode j = again.json();
        assertEquals(17, j.path("stages").asInt());
        assertEquals(0, j.path("executed").asInt(), "a second run finds every stage complete");
        assertEquals(17, j.path("skipped").asInt());
        assertEquals(html.toString(), j.path("report").asText());
        for (int i = 0; i < records.size(); i++) {
            assertEquals(before.get(i), Files.readString(records.get(i)), "stage records are left as they were");
        }
        assertEquals(4, j.path("claims").size());
    }
}
