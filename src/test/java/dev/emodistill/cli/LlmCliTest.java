package dev.emodistill.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.io.Json;
import dev.emodistill.io.Provenance;
import dev.emodistill.llm.LlmRole;
import dev.emodistill.llm.NegotiationStub;
import dev.emodistill.llm.StubLlmServer;
import dev.emodistill.llm.StubLlmServer.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every command with LLM roles end to end against a chat-completions server on 127.0.0.1: simulate, sweep, judge
 * and evaluate with every role (and mixes) on the model, the cache, cost accounting, an intermittently failing
 * endpoint, bad settings, and the API key never written anywhere.
 */
class LlmCliTest {
    static final String KEY_ENV = "EMO_TEST_KEY";
    static final String KEY = "sk-live-0123456789-TOPSECRET-abcdef";

    @TempDir
    Path tmp;

    StubLlmServer server = StubLlmServer.start(NegotiationStub::respond);
    final List<CliRunner.Run> runs = new ArrayList<>();
    private Function<String, String> savedEnvironment;

    @BeforeEach
    void environment() {
        savedEnvironment = LlmOptions.environment;
        LlmOptions.environment = Map.of(KEY_ENV, KEY)::get;
    }

    @AfterEach
    void restore() throws IOException {
        LlmOptions.environment = savedEnvironment;
        server.close();
        assertKeyNeverWritten();
    }

    /** The key is in no file the tests wrote and in no captured output. */
    private void assertKeyNeverWritten() throws IOException {
        try (Stream<Path> files = Files.walk(tmp)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.UTF_8);
                assertFalse(content.contains(KEY), "the API key was written to " + f);
            }
        }
        for (CliRunner.Run r : runs) {
            assertFalse(r.out().contains(KEY) || r.err().contains(KEY), "the API key was printed: " + r.err());
        }
    }

    /** Common LLM options: the stub, a model, the key variable, fast retries, a private cache. */
    List<String> llm(String... extra) {
        List<String> a = new ArrayList<>(List.of("--llm-base-url", server.baseUrl(), "--llm-model", "stub-model",
                "--llm-api-key-env", KEY_ENV, "--llm-retries", "2", "--llm-backoff-ms", "1", "--llm-max-backoff-ms", "5",
                "--llm-timeout", "5", "--cache-dir", tmp.resolve("cache").toString(),
                "--llm-price-input", "2.5", "--llm-price-output", "10"));
        a.addAll(List.of(extra));
        return a;
    }

    CliRunner.Run run(List<String> args) {
        CliRunner.Run r = CliRunner.run(args.toArray(String[]::new));
        runs.add(r);
        return r;
    }

    static List<String> args(List<String> head, List<String> tail) {
        List<String> a = new ArrayList<>(head);
        a.addAll(tail);
        return a;
    }

    static String lastLine(String text) {
        String[] lines = text.strip().split("\\R");
        return lines[lines.length - 1];
    }

    Map<LlmRole, Integer> callsByRole() {
        Map<LlmRole, Integer> m = new EnumMap<>(LlmRole.class);
        for (StubLlmServer.Call c : server.calls()) {
            m.merge(NegotiationStub.roleOf(c), 1, Integer::sum);
        }
        return m;
    }

    @Test
    void simulateWithEveryRoleOnTheModelThenARerunServedFromTheCache() {
        List<String> cmd = args(List.of("simulate", "--domain", "debt", "--persona", "vanilla", "--emotion", "anger",
                "--episodes", "3", "--workers", "2", "--expresser", "llm", "--counterparty", "llm", "--classifier", "llm",
                "--json", "--transcript"), llm());
        CliRunner.Run first = run(cmd);
        assertEquals(0, first.exit(), first.err());
        JsonNode a = first.json();
        assertEquals(3, a.path("episodes").asInt());
        Map<LlmRole, Integer> roles = callsByRole();
        assertTrue(roles.get(LlmRole.EXPRESSER) > 0 && roles.get(LlmRole.COUNTERPARTY) > 0
                && roles.get(LlmRole.CLASSIFIER) > 0, roles.toString());
        for (JsonNode t : a.path("transcripts")) {
            assertEquals("deal", t.path("outcome").asText(), t.toString());
            assertTrue(t.path("messages").get(0).path("text").asText().startsWith("I hear you"));
        }
        JsonNode usage = a.path("llm");
        int calls = server.callCount();
        assertEquals(calls, usage.path("http_calls").asInt());
        // 120/20 tokens per expresser reply, 150/30 counterparty, 80/15 classifier, at 2.5 and 10 USD per 1M.
        double expected = (roles.get(LlmRole.EXPRESSER) * (120 * 2.5 + 20 * 10.0)
                + roles.get(LlmRole.COUNTERPARTY) * (150 * 2.5 + 30 * 10.0)
                + roles.get(LlmRole.CLASSIFIER) * (80 * 2.5 + 15 * 10.0)) / 1e6;
        assertEquals(expected, usage.path("cost_usd").asDouble(), 1e-9);
        assertTrue(first.err().contains("LLM usage: " + calls + " HTTP calls"), first.err());

        CliRunner.Run second = run(cmd);
        assertEquals(0, second.exit(), second.err());
        assertEquals(calls, server.callCount(), "the rerun made HTTP calls");
        ObjectNode x = (ObjectNode) first.json();
        ObjectNode y = (ObjectNode) second.json();
        assertEquals(0, y.path("llm").path("http_calls").asInt());
        assertEquals(0.0, y.path("llm").path("cost_usd").asDouble());
        assertTrue(y.path("llm").path("cache_hits").asInt() > 0);
        x.remove("llm");
        y.remove("llm");
        assertEquals(x, y, "the rerun gave other results");
    }

    @Test
    void sweepJudgeAndEvaluateWithLlmAndMixedRoles() throws IOException {
        Path corpus = tmp.resolve("corpus");
        CliRunner.Run sweep = run(args(List.of("sweep", "--domain", "debt", "--generate", "5", "--seeds", "1",
                "--personas", "vanilla,threat", "--expresser", "llm", "--counterparty", "llm", "--classifier", "llm",
                "--out", corpus.toString(), "--json"), llm()));
        assertEquals(0, sweep.exit(), sweep.err());
        assertEquals(8, sweep.json().path("planned_episodes").asInt());
        assertEquals(0, sweep.json().path("error_episodes").asInt());
        JsonNode manifest = Json.MAPPER.readTree(Files.readString(corpus.resolve("manifest.json")));
        assertEquals("complete", manifest.path("status").asText());
        assertEquals("stub-model", manifest.path("config").path("roles").path("expresser").path("model").asText());
        assertEquals("llm", manifest.path("config").path("roles").path("counterparty").path("type").asText());
        assertTrue(manifest.path("config").path("roles").path("prompts").asText().startsWith("prompts v1 sha256:"));
        assertTrue(manifest.path("config").path("perception").asText().startsWith("llm classifier"));
        assertEquals(1, manifest.path("llm_usage").size());
        assertTrue(manifest.path("llm_usage").get(0).path("cost_usd").asDouble() > 0);
        for (String line : Files.readAllLines(corpus.resolve("episodes.jsonl"))) {
            assertEquals("deal", Json.MAPPER.readTree(line).path("outcome").asText(), line);
        }

        CliRunner.Run judge = run(args(List.of("judge", "--corpus", corpus.toString(), "--judge", "llm",
                "--judge-llm-model", "small-judge", "--json"), llm()));
        assertEquals(0, judge.exit(), judge.err());
        assertEquals(7.0, judge.json().path("mean_score").asDouble());
        assertEquals(0, judge.json().path("unscored_turns").asInt());
        assertTrue(server.calls().stream().filter(c -> NegotiationStub.roleOf(c) == LlmRole.JUDGE)
                .allMatch(c -> c.model().equals("small-judge")), "the judge's own model was not used");
        manifest = Json.MAPPER.readTree(Files.readString(corpus.resolve("manifest.json")));
        assertTrue(manifest.path("judged").path("judge").asText().startsWith("llm judge (model small-judge"));
        assertTrue(manifest.path("judged").path("llm_usage").path("http_calls").asInt() > 0);

        // Mixed: the template expresser against a model counterparty; the embedded judge reading emotion by model.
        Path mixed = tmp.resolve("mixed");
        CliRunner.Run sweep2 = run(args(List.of("sweep", "--domain", "debt", "--generate", "5", "--seeds", "1",
                "--personas", "victim", "--counterparty", "llm", "--classifier", "llm", "--out", mixed.toString(),
                "--json"), llm()));
        assertEquals(0, sweep2.exit(), sweep2.err());
        JsonNode m2 = Json.MAPPER.readTree(Files.readString(mixed.resolve("manifest.json")));
        assertEquals("template", m2.path("config").path("roles").path("expresser").path("type").asText());
        CliRunner.Run judge2 = run(args(List.of("judge", "--corpus", mixed.toString(), "--classifier", "llm", "--json"),
                llm()));
        assertEquals(0, judge2.exit(), judge2.err());
        assertTrue(judge2.json().path("judge").asText().startsWith("embedded judge"), judge2.out());
        assertTrue(judge2.json().path("judge").asText().contains("llm classifier"), judge2.out());

        Path evalOut = tmp.resolve("eval");
        CliRunner.Run eval = run(args(List.of("evaluate", "--domain", "debt", "--agents", "no-emotion,fixed:anger",
                "--corpus", corpus.toString(), "--personas", "vanilla", "--seeds", "1", "--expresser", "llm",
                "--counterparty", "llm", "--classifier", "llm", "--out", evalOut.toString(), "--json"), llm()));
        assertEquals(0, eval.exit(), eval.err());
        JsonNode summary = Json.MAPPER.readTree(Files.readString(evalOut.resolve("summary.json")));
        assertEquals(2, summary.path("agents").size());
        assertTrue(summary.path("llm").path("http_calls").asInt() > 0);
        assertEquals("stub-model", summary.path("role_settings").path("counterparty").path("model").asText());
    }

    /**
     * An intermittently failing endpoint, deterministic per request: requests whose body hashes into {@code failing}
     * always get 500 (they fail past their retries), those hashing to '2' get a 503 on their first attempt only (a
     * retry succeeds), the rest are answered.
     */
    static Reply flaky(StubLlmServer.Call call, Set<Character> failing, Set<String> answered, Set<String> seen) {
        String body = Json.line(call.body());
        char h = Provenance.sha256(body).charAt(0);
        if (failing.contains(h)) {
            return Reply.serverError();
        }
        synchronized (seen) {
            if (h == '2' && seen.add(body)) {
                return Reply.status(503, "{\"error\":{\"message\":\"overloaded\"}}");
            }
        }
        synchronized (answered) {
            answered.add(body);
        }
        return NegotiationStub.respond(call);
    }

    @Test
    void aSweepAgainstAFailingEndpointRecordsErrorsAndARerunRetriesOnlyWhatFailed() throws IOException {
        Set<String> answered = new HashSet<>();
        Set<String> seen = new HashSet<>();
        server.responder(c -> flaky(c, Set.of('0', '1'), answered, seen));
        Path corpus = tmp.resolve("corpus");
        List<String> cmd = args(List.of("sweep", "--domain", "medical", "--generate", "10", "--seeds", "1",
                "--personas", "vanilla,pressure", "--expresser", "llm", "--counterparty", "llm", "--classifier", "llm",
                "--out", corpus.toString(), "--workers", "2", "--json"), llm());
        CliRunner.Run first = run(cmd);
        assertEquals(0, first.exit(), first.err());
        int planned = first.json().path("planned_episodes").asInt();
        int errors = first.json().path("error_episodes").asInt();
        assertTrue(errors > 0 && errors < planned, "errors " + errors + " of " + planned);
        assertTrue(first.err().contains("ended in an error"), first.err());
        int retries = 0;
        for (JsonNode r : first.json().path("llm").path("by_role")) {
            retries += r.path("retries").asInt();
        }
        assertTrue(retries > 0 && !seen.isEmpty(), "no transient failure was retried");
        int errorLines = 0;
        for (String line : Files.readAllLines(corpus.resolve("episodes.jsonl"))) {
            JsonNode e = Json.MAPPER.readTree(line);
            if (e.path("outcome").asText().equals("error")) {
                errorLines++;
                assertTrue(e.path("utility").asDouble() == 0 && e.path("deal_value").isNull(), line);
                assertTrue(e.path("error").asText().contains("HTTP 500") && e.path("error").asText().contains("LLM (model"),
                        e.path("error").asText());
            }
        }
        assertEquals(errors, errorLines);

        Set<String> answeredBefore = new HashSet<>(answered);
        server.reset();
        server.responder(NegotiationStub::respond);
        CliRunner.Run second = run(cmd);
        assertEquals(0, second.exit(), second.err());
        assertEquals(errors, second.json().path("retried_errors").asInt());
        assertEquals(0, second.json().path("error_episodes").asInt());
        assertTrue(server.callCount() > 0);
        for (StubLlmServer.Call c : server.calls()) {
            assertFalse(answeredBefore.contains(Json.line(c.body())), "a request answered in the first run was sent again");
        }
        // The repaired corpus is exactly what a run against a healthy endpoint writes.
        Path clean = tmp.resolve("clean");
        List<String> cleanCmd = new ArrayList<>(cmd);
        cleanCmd.set(cleanCmd.indexOf(corpus.toString()), clean.toString());
        cleanCmd.set(cleanCmd.indexOf(tmp.resolve("cache").toString()), tmp.resolve("cache2").toString());
        assertEquals(0, run(cleanCmd).exit());
        assertEquals(Files.readString(clean.resolve("episodes.jsonl")), Files.readString(corpus.resolve("episodes.jsonl")));
        JsonNode manifest = Json.MAPPER.readTree(Files.readString(corpus.resolve("manifest.json")));
        assertEquals(2, manifest.path("llm_usage").size(), "one usage record per run");
    }

    @Test
    void stopOnErrorKeepsFinishedEpisodesAndAResumeCompletes() throws IOException {
        int[] n = {0};
        server.responder(c -> {
            synchronized (n) {
                n[0]++;
                return n[0] > 60 ? Reply.serverError() : NegotiationStub.respond(c);
            }
        });
        Path corpus = tmp.resolve("corpus");
        List<String> cmd = args(List.of("sweep", "--domain", "debt", "--generate", "10", "--seeds", "1",
                "--personas", "vanilla", "--expresser", "llm", "--out", corpus.toString(), "--workers", "1",
                "--classifier", "llm", "--on-llm-error", "stop"), llm());
        CliRunner.Run failed = run(cmd);
        assertEquals(1, failed.exit(), failed.err());
        assertTrue(lastLine(failed.err()).startsWith("error: stopped at the first failed episode (--on-llm-error stop)"),
                failed.err());
        assertTrue(failed.err().contains("HTTP 500") && failed.err().contains("run the same command again to resume"),
                failed.err());
        assertFalse(failed.err().contains("at dev.emodistill"), "a stack trace was printed: " + failed.err());
        long kept = Files.readAllLines(corpus.resolve("episodes.jsonl")).size();
        assertTrue(kept > 0 && kept < 8, "kept " + kept);
        server.responder(NegotiationStub::respond);
        CliRunner.Run resumed = run(cmd);
        assertEquals(0, resumed.exit(), resumed.err());
        assertEquals(8, Files.readAllLines(corpus.resolve("episodes.jsonl")).size());
    }

    @Test
    void badSettingsGetOneLineMessagesNamingTheRoleAndTheSetting() throws IOException {
        Path corpus = tmp.resolve("corpus");
        assertEquals(0, run(args(List.of("sweep", "--domain", "debt", "--generate", "5", "--seeds", "1", "--personas",
                "vanilla", "--counterparty", "llm", "--classifier", "llm", "--out", corpus.toString()), llm())).exit());

        // A wrong key: the server echoes what it got; the message names the variable, never the key.
        server.requireKey("sk-the-right-one");
        CliRunner.Run wrongKey = run(args(List.of("judge", "--corpus", corpus.toString(), "--judge", "llm",
                "--on-llm-error", "stop"), llm()));
        assertEquals(2, wrongKey.exit(), wrongKey.err());
        assertTrue(lastLine(wrongKey.err()).startsWith("error: judge LLM (model stub-model"), wrongKey.err());
        assertTrue(wrongKey.err().contains("HTTP 401") && wrongKey.err().contains("environment variable " + KEY_ENV)
                && wrongKey.err().contains("--llm-api-key-env"), wrongKey.err());
        assertFalse(Files.exists(corpus.resolve("judged.jsonl")), "nothing is written when the judge stops");
        // ... and with --on-llm-error continue the turns are left unscored and listed, never scored 5.
        CliRunner.Run unscored = run(args(List.of("judge", "--corpus", corpus.toString(), "--judge", "llm", "--json"),
                llm()));
        assertEquals(0, unscored.exit(), unscored.err());
        JsonNode u = unscored.json();
        assertEquals(0, u.path("scored_turns").asInt());
        assertTrue(u.path("unscored_turns").asInt() > 0);
        assertTrue(unscored.err().contains("could not be scored"), unscored.err());
        JsonNode m = Json.MAPPER.readTree(Files.readString(corpus.resolve("manifest.json")));
        assertEquals(u.path("unscored_turns").asInt(), m.path("judged").path("unscored_turns").asInt());
        assertTrue(m.path("judged").path("unscored").get(0).path("reason").asText().contains("HTTP 401"));
        for (String line : Files.readAllLines(corpus.resolve("judged.jsonl"))) {
            assertFalse(line.contains("judge_score"), line);
        }
        server.requireKey(null);

        // An unknown judge model.
        server.models("stub-model");
        CliRunner.Run unknown = run(args(List.of("judge", "--corpus", corpus.toString(), "--judge", "llm",
                "--judge-llm-model", "no-such-model", "--on-llm-error", "stop"), llm()));
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("HTTP 404") && unknown.err().contains("--judge-llm-model 'no-such-model'"),
                unknown.err());

        // An unreachable URL for one role.
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        CliRunner.Run unreachable = run(args(List.of("simulate", "--domain", "debt", "--persona", "vanilla", "--emotion",
                "joy", "--episodes", "1", "--expresser", "llm", "--classifier", "llm", "--on-llm-error", "stop"),
                llm("--expresser-llm-base-url", "http://127.0.0.1:" + closed + "/v1")));
        assertEquals(1, unreachable.exit(), unreachable.err());
        assertTrue(unreachable.err().contains("expresser LLM") && unreachable.err()
                .contains("cannot reach --expresser-llm-base-url 'http://127.0.0.1:" + closed + "/v1'"), unreachable.err());

        // A reply with no number: the episode is an error with the reason (continue), never a deal.
        server.responder(c -> NegotiationStub.roleOf(c) == LlmRole.COUNTERPARTY
                ? Reply.content("ACTION: offer\nEMOTION: fear\nMESSAGE: I do not know.") : NegotiationStub.respond(c));
        CliRunner.Run noNumber = run(args(List.of("simulate", "--domain", "debt", "--persona", "vanilla", "--emotion",
                "joy", "--episodes", "2", "--counterparty", "llm", "--classifier", "llm", "--llm-extractor", "false",
                "--json", "--transcript"), llm()));
        assertEquals(0, noNumber.exit(), noNumber.err());
        for (JsonNode t : noNumber.json().path("transcripts")) {
            assertEquals("error", t.path("outcome").asText());
            assertTrue(t.path("error").asText().contains("counterparty LLM") && t.path("error").asText()
                    .contains("states no number of days") && t.path("error").asText().contains("--llm-model 'stub-model'"),
                    t.path("error").asText());
        }
        assertEquals(0.0, noNumber.json().path("success_rate").asDouble());

        // A missing model is refused before anything runs.
        CliRunner.Run noModel = run(List.of("simulate", "--domain", "debt", "--persona", "vanilla", "--emotion", "joy",
                "--judge-llm-model", "x", "--expresser", "llm"));
        assertEquals(2, noModel.exit());
        assertTrue(noModel.err().contains("--expresser llm needs a model: set --llm-model NAME or --expresser-llm-model NAME"),
                noModel.err());
    }

    @Test
    void aConfigFileHoldsTheSameSettingsAndTheCommandLineWins() throws IOException {
        Path config = tmp.resolve("emodistill.json");
        Files.writeString(config, """
                {
                  "expresser": "llm", "counterparty": "llm", "classifier": "llm",
                  "llm": {"base_url": "%s", "model": "from-config", "api_key_env": "%s", "retries": 1,
                          "backoff_ms": 1, "temperature": 0.3},
                  "llm_roles": {"counterparty": {"model": "config-counterparty", "temperature": 0.9}},
                  "cache_dir": "%s"
                }
                """.formatted(server.baseUrl(), KEY_ENV, tmp.resolve("cache").toString().replace("\\", "\\\\")));
        CliRunner.Run r = run(List.of("simulate", "--domain", "debt", "--persona", "vanilla", "--emotion", "joy",
                "--episodes", "1", "--config", config.toString(), "--llm-model", "from-cli", "--json"));
        assertEquals(0, r.exit(), r.err());
        for (StubLlmServer.Call c : server.calls()) {
            LlmRole role = NegotiationStub.roleOf(c);
            if (role == LlmRole.COUNTERPARTY) {
                assertEquals("config-counterparty", c.model(), "a role's own setting beats the shared option");
                assertEquals(0.9, c.body().path("temperature").asDouble());
            } else {
                assertEquals("from-cli", c.model(), "the command line beats the file");
                assertEquals(role == LlmRole.EXPRESSER ? 0.3 : 0.0, c.body().path("temperature").asDouble(), role.label());
            }
            assertEquals("Bearer " + KEY, c.authorization());
        }
        assertTrue(callsByRole().keySet().containsAll(List.of(LlmRole.EXPRESSER, LlmRole.COUNTERPARTY, LlmRole.CLASSIFIER)));

        Files.writeString(config, "{\"llm\": {\"model\": \"m\", \"api_key\": \"" + KEY + "\"}}");
        CliRunner.Run refused = run(List.of("simulate", "--domain", "debt", "--persona", "vanilla", "--emotion", "joy",
                "--config", config.toString(), "--expresser", "llm"));
        assertEquals(2, refused.exit());
        assertTrue(refused.err().contains("field 'llm.api_key': keys are never read from files"), refused.err());
        Files.delete(config);

        Path typo = tmp.resolve("typo.json");
        Files.writeString(typo, "{\"llm\": {\"modle\": \"m\"}}");
        CliRunner.Run bad = run(List.of("simulate", "--domain", "debt", "--persona", "vanilla", "--emotion", "joy",
                "--config", typo.toString()));
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("field 'llm.modle': unknown setting"), bad.err());
    }

    @Test
    void llmOffersLetTheModelChooseItsNumbers() {
        CliRunner.Run r = run(args(List.of("simulate", "--domain", "medical", "--persona", "vanilla", "--emotion", "pride",
                "--episodes", "1", "--expresser", "llm", "--llm-offers", "--classifier", "llm", "--json", "--transcript"),
                llm()));
        assertEquals(0, r.exit(), r.err());
        JsonNode first = r.json().path("transcripts").get(0).path("messages").get(0);
        assertTrue(first.path("text").asText().startsWith("Let me propose"), first.toString());
        assertNotEquals(0, server.callCount());
    }

    @Test
    void reproduceWithAnLlmBackendAddsTheVanillaLargeModelBesideTheFullStack() throws IOException {
        Path out = tmp.resolve("study");
        List<String> head = new ArrayList<>(List.of("reproduce", "--scale", "tiny", "--out", out.toString(),
                "--llm-model", "stub-model", "--llm-base-url", server.baseUrl(), "--llm-api-key-env", KEY_ENV));
        head.addAll(List.of(CliTest.TOY_STUDY));
        CliRunner.Run r = run(head);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("vanilla large model (stub-model)"), r.out());
        String results = Files.readString(out.resolve("report").resolve("results.json"));
        JsonNode methods = dev.emodistill.io.Json.MAPPER.readTree(results).path("methods");
        JsonNode large = null;
        for (JsonNode m : methods) {
            if (m.path("method").asText().equals("vanilla large model (stub-model)")) {
                large = m;
            }
        }
        assertNotNull(large, "the large model has a row of the main table: " + methods);
        assertEquals("full stack (IQL + SFT + JPO)", large.path("reference").asText(), large.toString());
        assertTrue(large.path("episodes").asInt() > 0, large.toString());
        try (Stream<Path> dirs = Files.list(out.resolve("stages"))) {
            Path stage = dirs.filter(d -> d.getFileName().toString().startsWith("vanilla-llm-student")).findFirst()
                    .orElseThrow();
            String record = Files.readString(stage.resolve("stage.json"));
            assertTrue(record.contains("stub-model") && record.contains(KEY_ENV), "the stage records the model and "
                    + "the key's variable: " + record);
        }
        assertNotEquals(0, server.callCount(), "the large model worded the messages (the cache key has the port)");
        for (StubLlmServer.Call c : server.calls()) {
            assertEquals(LlmRole.EXPRESSER, NegotiationStub.roleOf(c), "only the large model's words are asked for");
            assertEquals("Bearer " + KEY, c.authorization());
        }

        CliRunner.Run noModel = run(List.of("reproduce", "--scale", "tiny", "--out", tmp.resolve("x").toString(),
                "--llm-base-url", server.baseUrl()));
        assertEquals(2, noModel.exit(), noModel.err());
        assertTrue(noModel.err().contains("need --llm-model NAME"), noModel.err());
    }
}
