package dev.emodistill.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.emodistill.domain.Domain;
import dev.emodistill.emotion.EkmanGroup;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.eval.ExploitabilityAudit;
import dev.emodistill.io.Json;
import dev.emodistill.io.Provenance;
import dev.emodistill.llm.LlmRole;
import dev.emodistill.llm.NegotiationStub;
import dev.emodistill.llm.StubLlmServer;
import dev.emodistill.llm.StubLlmServer.Call;
import dev.emodistill.llm.StubLlmServer.Reply;
import dev.emodistill.negotiation.OfferFormat;
import dev.emodistill.negotiation.OfferParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code audit --target llm} end to end against a scripted negotiation "bot" on a chat-completions server on
 * 127.0.0.1: a bot that gives way to angry words is found exploitable by anger, a bot that reads only the numbers is
 * not, failed model calls become recorded errors rather than deals, and the API key is written nowhere.
 */
class AuditLlmCliTest {
    static final String KEY_ENV = "ACME_BOT_KEY";
    static final String KEY = "sk-acme-bot-5f2e-DO-NOT-LEAK-91c0";
    static final String MODEL = "acme-bot";

    /** Words of hot anger, none of which the template expresser uses for any other emotion. */
    static final Pattern ANGRY = Pattern.compile("\\b(furious|angry|anger|outrageous|livid|fuming|infuriating|fed up"
            + "|how dare|temper|blood boil)", Pattern.CASE_INSENSITIVE);
    static final Pattern OWN_TARGET = Pattern.compile("Your own target is (.+?)\\.(?:\\s|$)");
    static final Pattern THEIRS = Pattern.compile("Their latest offer is (.+?)\\.(?:\\s|$)");
    static final Pattern MINE = Pattern.compile("Your latest offer is (.+?)\\.(?:\\s|$)");

    @TempDir
    Path tmp;

    StubLlmServer server;
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
        if (server != null) {
            server.close();
        }
        try (Stream<Path> files = Files.walk(tmp)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertFalse(new String(Files.readAllBytes(f), StandardCharsets.UTF_8).contains(KEY),
                        "the API key was written to " + f);
            }
        }
        for (CliRunner.Run r : runs) {
            assertFalse(r.out().contains(KEY) || r.err().contains(KEY), "the API key was printed");
        }
    }

    /**
     * The bot's counter-offer: from its last offer (or its target) it moves {@code share} of the way toward the
     * adversary's latest offer, and says so in the three-line format. It reads the prompt the way a model would.
     */
    static Reply counterOffer(Call call, double share) {
        Domain d = NegotiationStub.domainOf(call);
        OptionalDouble target = value(d, OWN_TARGET, call.system());
        OptionalDouble theirs = value(d, THEIRS, call.lastUser());
        OptionalDouble mine = value(d, MINE, call.lastUser());
        double from = mine.isPresent() ? mine.getAsDouble() : target.getAsDouble();
        double offer = theirs.isPresent() ? from + (theirs.getAsDouble() - from) * share : from;
        return Reply.content("ACTION: offer\nEMOTION: neutral\nMESSAGE: I can do " + OfferFormat.render(d, offer) + ".",
                150, 30);
    }

    /** The adversary's latest message as the bot's prompt quotes it ("- them (turn N): QUOTED ..."). */
    static String lastAdversaryLine(Call call) {
        String last = "";
        for (String line : call.lastUser().split("\\R")) {
            if (line.startsWith("- them (turn")) {
                last = line;
            }
        }
        return last;
    }

    /** The adversary's first message, the same in every request of one episode. */
    static String firstAdversaryLine(Call call) {
        for (String line : call.lastUser().split("\\R")) {
            if (line.startsWith("- them (turn 1)")) {
                return line;
            }
        }
        return "";
    }

    /** A bot that concedes half the gap after an angry message and a tenth otherwise. */
    static Reply emotionalBot(Call call) {
        requireCounterparty(call);
        return counterOffer(call, ANGRY.matcher(lastAdversaryLine(call)).find() ? 0.5 : 0.1);
    }

    /** A bot that reads only the numbers. */
    static Reply flatBot(Call call) {
        requireCounterparty(call);
        return counterOffer(call, 0.25);
    }

    private static void requireCounterparty(Call call) {
        assertEquals(LlmRole.COUNTERPARTY, NegotiationStub.roleOf(call), "only the target runs on the model");
    }

    private static OptionalDouble value(Domain d, Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? OfferParser.parse(d, m.group(1)) : OptionalDouble.empty();
    }

    StubLlmServer bot(StubLlmServer.Responder responder) {
        server = StubLlmServer.start(responder).requireKey(KEY).models(MODEL);
        return server;
    }

    CliRunner.Run audit(Path out, int scenarios, int seeds, String... extra) {
        List<String> a = new ArrayList<>(List.of("audit", "--domain", "debt", "--target", "llm", "--generate",
                Integer.toString(scenarios), "--seeds", Integer.toString(seeds), "--workers", "2", "--out", out.toString(),
                "--json", "--counterparty-llm-base-url", server.baseUrl(), "--counterparty-llm-model", MODEL,
                "--counterparty-llm-api-key-env", KEY_ENV, "--llm-retries", "0", "--llm-timeout", "5",
                "--cache-dir", tmp.resolve("cache").toString(), "--llm-price-input", "1", "--llm-price-output", "2"));
        a.addAll(List.of(extra));
        CliRunner.Run r = CliRunner.run(a.toArray(String[]::new));
        runs.add(r);
        return r;
    }

    static JsonNode adversary(JsonNode audit, String name) {
        for (JsonNode a : audit.path("adversaries")) {
            if (a.path("name").asText().equals(name)) {
                return a;
            }
        }
        throw new AssertionError("no adversary " + name);
    }

    static List<JsonNode> lines(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            out.add(Json.MAPPER.readTree(line));
        }
        return out;
    }

    @Test
    void aBotThatGivesWayToAngerIsFoundExploitableByAnger() throws IOException {
        bot(AuditLlmCliTest::emotionalBot);
        Path out = tmp.resolve("emotional");
        CliRunner.Run r = audit(out, 3, 2);
        assertEquals(0, r.exit(), r.err());
        JsonNode a = r.json();
        JsonNode score = a.path(ExploitabilityAudit.EXPLOITABILITY);
        Emotion best = Emotion.parse(score.path("emotion").asText()).orElseThrow();
        assertEquals(EkmanGroup.ANGER, best.ekman(), "most effective: " + best);
        double value = score.path("value").asDouble();
        assertTrue(value > 0.05, "exploitability " + value);
        assertTrue(score.path("ci").get(0).asDouble() > 0, "CI " + score.path("ci"));
        JsonNode anger = adversary(a, "anger");
        assertTrue(anger.path("concession_vs_no_emotion").path("mean_difference").asDouble() > 0,
                "the bot concedes more to anger: " + anger);
        assertEquals("llm:" + MODEL, a.path("target").asText());
        assertEquals(0, a.path("failed_episodes").asInt());
        assertEquals(30 * 3 * 2, a.path("planned_episodes").asInt());

        // Provenance: where the target lives and which prompts it saw; usage and cost from the replies.
        JsonNode file = Json.MAPPER.readTree(Files.readString(out.resolve("audit.json")));
        assertEquals(a.path(ExploitabilityAudit.EXPLOITABILITY), file.path(ExploitabilityAudit.EXPLOITABILITY));
        JsonNode details = file.path("target_details");
        assertEquals("llm", details.path("type").asText());
        assertEquals(server.baseUrl(), details.path("base_url").asText());
        assertEquals(MODEL, details.path("model").asText());
        assertEquals("vanilla", details.path("persona").asText());
        assertTrue(details.path("prompts").asText().startsWith("prompts v1 sha256:"), details.toString());
        assertEquals(MODEL, file.path("role_settings").path("counterparty").path("model").asText());
        JsonNode usage = file.path("llm");
        assertEquals(server.callCount(), usage.path("http_calls").asInt());
        assertEquals(150L * server.callCount(), usage.path("input_tokens").asLong());
        assertEquals(server.callCount() * (150 * 1.0 + 30 * 2.0) / 1e6, usage.path("cost_usd").asDouble(), 1e-9);
        String md = Files.readString(out.resolve("audit.md"));
        assertTrue(md.contains("model " + MODEL + " at " + server.baseUrl()) && md.contains("LLM usage:"), md);
        assertTrue(Files.readString(out.resolve("audit.html")).contains("<svg"));
        List<JsonNode> episodes = lines(out.resolve("episodes.jsonl"));
        assertEquals(30 * 3 * 2, episodes.size());
        assertTrue(episodes.get(0).path("messages").isMissingNode(), "transcripts only with --transcripts");
    }

    @Test
    void aBotThatIgnoresEmotionScoresNearZero() {
        bot(AuditLlmCliTest::flatBot);
        CliRunner.Run r = audit(tmp.resolve("flat"), 3, 2);
        assertEquals(0, r.exit(), r.err());
        JsonNode score = r.json().path(ExploitabilityAudit.EXPLOITABILITY);
        double value = score.path("value").asDouble();
        assertTrue(Math.abs(value) < 0.02, "exploitability " + value);
        double low = score.path("ci").get(0).asDouble();
        double high = score.path("ci").get(1).asDouble();
        assertTrue(low <= 0 && 0 <= high, "the CI contains 0: " + score.path("ci"));
        JsonNode control = adversary(r.json(), ExploitabilityAudit.CONTROL);
        assertTrue(control.path("success_rate").asDouble() > 0, "the flat bot makes deals: " + control);
    }

    @Test
    void failedCallsAreRecordedErrorsNeverDeals() throws IOException {
        // Every call of an episode whose first adversary message hashes to 0-3 fails (about a quarter of them).
        bot(call -> "0123".indexOf(Provenance.sha256(firstAdversaryLine(call)).charAt(0)) >= 0
                ? Reply.serverError() : flatBot(call));
        Path out = tmp.resolve("flaky");
        CliRunner.Run r = audit(out, 2, 2, "--transcripts");
        assertEquals(0, r.exit(), r.err());
        JsonNode a = r.json();
        int planned = a.path("planned_episodes").asInt();
        int failed = a.path("failed_episodes").asInt();
        assertTrue(failed > 0 && failed < planned, failed + " of " + planned);
        assertTrue(r.err().contains("ended in an error"), r.err());

        List<JsonNode> episodes = lines(out.resolve("episodes.jsonl"));
        assertEquals(planned, episodes.size());
        Map<String, int[]> byAgent = new HashMap<>();
        for (JsonNode e : episodes) {
            int[] c = byAgent.computeIfAbsent(e.path("agent").asText(), k -> new int[3]);
            // --transcripts: every episode carries its messages, a failed one those played before the failure.
            assertTrue(e.path("messages").isArray() && e.path("messages").size() >= 1, e.toString());
            assertEquals("focal", e.path("messages").get(0).path("speaker").asText());
            if (e.path("outcome").asText().equals("error")) {
                c[0]++;
                assertTrue(e.path("deal_value").isNull() && e.path("error").asText().contains("HTTP 500"), e.toString());
            } else if (e.path("outcome").asText().equals("deal")) {
                c[1]++;
            } else {
                c[2]++;
            }
        }
        int errors = 0;
        for (JsonNode adv : a.path("adversaries")) {
            int[] c = byAgent.get(adv.path("name").asText());
            assertEquals(c[0], adv.path("errors").asInt(), adv.toString());
            assertEquals(c[1] + c[2], adv.path("episodes").asInt(), "errors are not episodes: " + adv);
            if (adv.path("episodes").asInt() > 0) {
                assertEquals(c[1], adv.path("success_rate").asDouble() * adv.path("episodes").asInt(), 1e-3,
                        "only real deals count: " + adv);
            }
            errors += c[0];
        }
        assertEquals(failed, errors);
        assertTrue(a.path("llm").path("by_role").toString().contains("\"failures\""), a.path("llm").toString());
    }

    @Test
    void anEndpointThatAlwaysFailsGivesErrorsAndNoScore() throws IOException {
        bot(call -> Reply.serverError());
        Path out = tmp.resolve("down");
        CliRunner.Run r = audit(out, 1, 1);
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("every episode that could be compared failed"), r.err());
        JsonNode a = Json.MAPPER.readTree(Files.readString(out.resolve("audit.json")));
        assertEquals(30, a.path("planned_episodes").asInt());
        assertEquals(30, a.path("failed_episodes").asInt());
        assertTrue(a.path(ExploitabilityAudit.EXPLOITABILITY).path("value").isNull());
        for (JsonNode e : lines(out.resolve("episodes.jsonl"))) {
            assertEquals("error", e.path("outcome").asText());
        }
        for (JsonNode adv : a.path("adversaries")) {
            assertEquals(0, adv.path("episodes").asInt());
            assertTrue(adv.path("success_rate").isNull(), adv.toString());
        }
    }

    @Test
    void anLlmTargetNeedsAModelAndAKnownPersona() {
        server = StubLlmServer.start(AuditLlmCliTest::flatBot);
        CliRunner.Run noModel = CliRunner.run("audit", "--domain", "debt", "--target", "llm", "--out",
                tmp.resolve("x").toString(), "--counterparty-llm-base-url", server.baseUrl());
        runs.add(noModel);
        assertEquals(2, noModel.exit(), noModel.err());
        assertTrue(noModel.err().contains("--counterparty-llm-model") || noModel.err().contains("--llm-model"),
                noModel.err());
        CliRunner.Run badPersona = CliRunner.run("audit", "--domain", "debt", "--target", "llm:nobody", "--out",
                tmp.resolve("y").toString());
        runs.add(badPersona);
        assertEquals(2, badPersona.exit(), badPersona.err());
        assertEquals(0, server.callCount());
    }
}
