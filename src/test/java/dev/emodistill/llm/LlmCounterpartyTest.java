package dev.emodistill.llm;

import dev.emodistill.domain.Domain;
import dev.emodistill.domain.Scenario;
import dev.emodistill.domain.ScenarioGenerator;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.llm.StubLlmServer.Reply;
import dev.emodistill.negotiation.Act;
import dev.emodistill.negotiation.EmotionPolicies;
import dev.emodistill.negotiation.EpisodeResult;
import dev.emodistill.negotiation.Message;
import dev.emodistill.negotiation.Outcome;
import dev.emodistill.negotiation.ProtocolConfig;
import dev.emodistill.negotiation.Role;
import dev.emodistill.negotiation.TurnContext;
import dev.emodistill.sim.Personas;
import dev.emodistill.sim.SimWorld;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The LLM counterparty: its three-line reply format, offers, the extractor and whole episodes. */
class LlmCounterpartyTest {
    @TempDir
    Path tmp;

    StubLlmServer server = StubLlmServer.start(NegotiationStub::respond);

    @AfterEach
    void stop() {
        server.close();
    }

    final Scenario debt = ScenarioGenerator.generate(Domain.DEBT, 1, 3).get(0);

    LlmCounterparty counterparty(LlmClient client, boolean extractor) {
        LlmOfferExtractor x = extractor ? new LlmOfferExtractor(client, LlmFixtures.settings(server, LlmRole.EXTRACTOR),
                Prompts.builtin()) : null;
        return new LlmCounterparty(client, LlmFixtures.settings(server, LlmRole.COUNTERPARTY), Prompts.builtin(),
                Personas.get("victim"), 17, 0, x);
    }

    TurnContext afterFocalOffer(double offer) {
        List<Message> t = new ArrayList<>();
        t.add(new Message(0, Role.FOCAL, 0, "Pay in " + (int) offer + " days.", offer, Act.OFFER, Emotion.ANGER,
                LlmFixtures.neutral().classify("")));
        return new TurnContext(debt, Role.COUNTERPARTY, 0, 15, 2, t);
    }

    @Test
    void readsTheThreeLineFormatWithMarkdownNoise() {
        LlmCounterparty c = counterparty(LlmFixtures.client(tmp, CacheMode.OFF), false);
        LlmCounterparty.Reply r = c.parse("**ACTION:** offer\n**EMOTION:** Sadness\n**MESSAGE:** I can only do 60 days.\n"
                + "It is all I have.", afterFocalOffer(10));
        assertEquals(Act.OFFER, r.act());
        assertEquals(Emotion.SADNESS, r.emotion());
        assertEquals(60.0, r.offer());
        assertEquals("I can only do 60 days. It is all I have.", r.text());
        LlmCounterparty.Reply accept = c.parse("ACTION: accept\nEMOTION: relief\nMESSAGE: Fine, deal.", afterFocalOffer(10));
        assertEquals(Act.ACCEPT, accept.act());
        assertEquals(10.0, accept.offer());
        LlmCounterparty.Reply walk = c.parse("ACTION: walk away\nEMOTION: anger\nMESSAGE: I am done here.",
                afterFocalOffer(10));
        assertEquals(Act.WALK_AWAY, walk.act());
        assertNull(walk.offer());
    }

    @Test
    void anAcceptWithNothingOnTheTableIsAnOfferAndAnUnknownEmotionIsNeutral() {
        LlmClient client = LlmFixtures.client(tmp, CacheMode.OFF);
        LlmCounterparty c = counterparty(client, false);
        TurnContext empty = new TurnContext(debt, Role.COUNTERPARTY, 0, 15, 2, List.of());
        LlmCounterparty.Reply r = c.parse("ACTION: accept\nEMOTION: smug\nMESSAGE: I accept 45 days.", empty);
        assertEquals(Act.OFFER, r.act());
        assertEquals(45.0, r.offer());
        assertEquals(Emotion.NEUTRAL, r.emotion());
        assertEquals(1, client.usage().events(LlmCounterparty.EVENT_EMOTION_UNREADABLE));
    }

    @Test
    void theExtractorReadsWhatTheParserMissesAndTheNumberIsWrittenIntoTheText() {
        server.responder(call -> NegotiationStub.roleOf(call) == LlmRole.EXTRACTOR ? Reply.content("37 days")
                : NegotiationStub.respond(call));
        LlmClient client = LlmFixtures.client(tmp, CacheMode.OFF);
        LlmCounterparty.Reply r = counterparty(client, true).parse(
                "ACTION: offer\nEMOTION: fear\nMESSAGE: Give me until the end of next month, please.", afterFocalOffer(10));
        assertEquals(37.0, r.offer());
        assertTrue(r.text().endsWith("(37 days)"), r.text());
        assertEquals(1, server.callCount());
        assertTrue(server.calls().get(0).lastUser().contains("QUOTED \"Give me until the end of next month, please.\""));
        assertEquals(0.0, server.calls().get(0).body().path("temperature").asDouble(), "the extractor is greedy");
    }

    @Test
    void aReplyWithNoNumberIsCorrectedThenReportedNamingTheRoleAndTheModel() {
        server.responder(call -> NegotiationStub.roleOf(call) == LlmRole.COUNTERPARTY
                ? Reply.content("ACTION: offer\nEMOTION: sadness\nMESSAGE: I really cannot say.")
                : NegotiationStub.respond(call));
        LlmClient client = LlmFixtures.client(tmp, CacheMode.OFF);
        LlmCounterparty c = counterparty(client, true);
        LlmException e = assertThrows(LlmException.class, () -> c.act(afterFocalOffer(10)));
        assertEquals(LlmException.Kind.BAD_REPLY, e.kind());
        assertTrue(e.getMessage().startsWith("counterparty LLM (model stub-counterparty"), e.getMessage());
        assertTrue(e.getMessage().contains("states no number of days") && e.getMessage()
                .contains("--counterparty-llm-model 'stub-counterparty'"), e.getMessage());
        long counterpartyCalls = server.calls().stream().filter(x -> NegotiationStub.roleOf(x) == LlmRole.COUNTERPARTY).count();
        assertEquals(2, counterpartyCalls, "one request and one correction");
    }

    @Test
    void aWholeEpisodeAgainstTheTemplateFocalAgentReachesADeal() {
        LlmClient client = LlmFixtures.client(tmp, CacheMode.READWRITE);
        SimWorld.Roles roles = new SimWorld.Roles(SimWorld.Roles.EMBEDDED.expresser(),
                (s, p, g, seed) -> new LlmCounterparty(client, LlmFixtures.settings(server, LlmRole.COUNTERPARTY),
                        Prompts.builtin(), p, seed, 0, null), "test", false);
        SimWorld world = new SimWorld(ProtocolConfig.DEFAULT, LlmFixtures.neutral(), roles);
        EpisodeResult r = world.play(debt, Personas.get("threat"), EmotionPolicies.random(), 8);
        assertEquals(Outcome.DEAL, r.outcome(), () -> r.error() + " " + r.messages());
        for (Message m : r.messages()) {
            if (m.speaker() == Role.COUNTERPARTY) {
                assertEquals(Emotion.NERVOUSNESS, m.emotion());
                assertTrue(m.text().startsWith("That is hard for me."), m.text());
            }
        }
        String system = server.calls().get(0).system();
        assertTrue(system.contains(Prompts.builtin().persona("threat")), "persona prompt missing: " + system);
        assertTrue(!system.contains("Creditor Target Days"), "the focal side's private field leaked: " + system);
        int calls = server.callCount();
        EpisodeResult again = world.play(debt, Personas.get("threat"), EmotionPolicies.random(), 8);
        assertEquals(calls, server.callCount(), "a replay is served from the cache");
        assertEquals(dev.emodistill.sim.EpisodeJson.toJson(r), dev.emodistill.sim.EpisodeJson.toJson(again));
        EpisodeResult other = world.play(debt, Personas.get("threat"), EmotionPolicies.random(), 9);
        assertNotEquals(calls, server.callCount(), "another episode seed samples anew");
        assertNotEquals(null, other);
    }

    @Test
    void aPersonaWithoutAPromptIsRefused() {
        var p = Personas.get("vanilla");
        Prompts prompts = Prompts.builtin();
        assertTrue(prompts.hasPersona(p.name()));
        assertThrows(dev.emodistill.io.InputException.class, () -> prompts.persona("nobody"));
    }
}
