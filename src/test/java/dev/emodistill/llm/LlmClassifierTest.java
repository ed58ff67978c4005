package dev.emodistill.llm;

import dev.emodistill.emotion.Emotion;
import dev.emodistill.emotion.EmotionDistribution;
import dev.emodistill.llm.StubLlmServer.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The LLM emotion classifier and the offer extractor. */
class LlmClassifierTest {
    @TempDir
    Path tmp;

    StubLlmServer server = StubLlmServer.start(NegotiationStub::respond);

    @AfterEach
    void stop() {
        server.close();
    }

    LlmClassifier classifier() {
        return new LlmClassifier(LlmFixtures.client(tmp, CacheMode.READWRITE),
                LlmFixtures.settings(server, LlmRole.CLASSIFIER), Prompts.builtin(), 0);
    }

    @Test
    void parsesWeightsOverTheTwentyEightLabels() {
        EmotionDistribution d = LlmClassifier.parse("Here: {\"anger\": 3, \"Annoyance\": 1, \"smugness\": 5}");
        assertEquals(0.75, d.probability(Emotion.ANGER), 1e-12);
        assertEquals(0.25, d.probability(Emotion.ANNOYANCE), 1e-12);
        assertNull(LlmClassifier.parse("anger"));
        assertNull(LlmClassifier.parse("{\"smugness\": 1}"));
        assertNull(LlmClassifier.parse("{\"anger\": -1}"));
        assertNull(LlmClassifier.parse("{not json}"));
    }

    @Test
    void digitsAreMaskedSoOneRequestServesEveryNumberAndTheTextIsQuoted() {
        LlmClassifier c = classifier();
        EmotionDistribution a = c.classify("Pay within 14 days!");
        EmotionDistribution b = c.classify("Pay within 21 days!");
        assertEquals(a, b);
        assertEquals(1, server.callCount());
        assertTrue(server.calls().get(0).lastUser().contains("QUOTED \"Pay within 00 days!\""));
        assertEquals(Emotion.NEUTRAL, a.top());
        classifier().classify("Pay within 30 days!");
        assertEquals(1, server.callCount(), "a new run is served from the disk cache");
    }

    @Test
    void aReplyWithoutLabelsIsCorrectedThenFails() {
        server.script(Reply.content("It sounds angry."), Reply.content("{\"anger\": 1}"));
        assertEquals(Emotion.ANGER, classifier().classify("Now!").top());
        server.responder(call -> Reply.content("angry, I think"));
        LlmException e = assertThrows(LlmException.class, () -> classifier().classify("Later?"));
        assertTrue(e.getMessage().startsWith("classifier LLM"), e.getMessage());
    }

    @Test
    void theExtractorAsksTheModelOnlyWhenTheParserFindsNothing() {
        LlmClient client = LlmFixtures.client(tmp, CacheMode.READWRITE);
        LlmOfferExtractor x = new LlmOfferExtractor(client, LlmFixtures.settings(server, LlmRole.EXTRACTOR),
                Prompts.builtin());
        assertEquals(14.0, x.extract(dev.emodistill.domain.Domain.DEBT, "Two weeks from today.").getAsDouble());
        assertEquals(0, server.callCount());
        assertTrue(x.extract(dev.emodistill.domain.Domain.DEBT, "Whenever suits you.").isEmpty());
        assertEquals(1, server.callCount());
        server.responder(call -> Reply.content("10:30 PM"));
        assertEquals(90.0, x.extract(dev.emodistill.domain.Domain.STUDENT, "Half past ten-ish?").getAsDouble());
        server.responder(call -> Reply.content("maybe soon"));
        assertTrue(x.extract(dev.emodistill.domain.Domain.DEBT, "Eventually.").isEmpty());
        assertEquals(1, client.usage().events(LlmOfferExtractor.EVENT_UNREADABLE));
    }
}
