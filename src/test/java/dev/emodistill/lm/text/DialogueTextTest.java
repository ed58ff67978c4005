package dev.emodistill.lm.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.emodistill.domain.Domain;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.negotiation.Act;
import dev.emodistill.negotiation.OfferParser;
import dev.emodistill.negotiation.Role;
import java.util.List;
import org.junit.jupiter.api.Test;

class DialogueTextTest {
    private static final List<String> HISTORY = List.of(
            DialogueText.contextLine(Domain.DEBT, Role.FOCAL, "I propose full payment within 10 days."),
            DialogueText.contextLine(Domain.DEBT, Role.COUNTERPARTY, "I can pay within 60 days."),
            DialogueText.contextLine(Domain.DEBT, Role.FOCAL, "I can move the payment date to 20 days."),
            DialogueText.contextLine(Domain.DEBT, Role.COUNTERPARTY, "My revised proposal is\npayment within 45 days."));

    @Test
    void layoutHasTheMarkersInOrderAndOnlyTheLastTwoMessages() {
        PromptParts parts = new PromptParts(Domain.DEBT, Role.FOCAL, HISTORY, Emotion.ANGER, Act.OFFER, 30.0);
        assertEquals("<|system|>debt. You are the collection agent.<|context|>"
                + "Agent: I can move the payment date to 20 days.\nDebtor: My revised proposal is payment within 45 days."
                + "<|system|>Offer 30 days.<|emotion|>anger<|response|>", DialogueText.prompt(parts));
    }

    @Test
    void exampleIsPromptResponseEos() {
        PromptParts parts = new PromptParts(Domain.STUDENT, Role.COUNTERPARTY, List.of(), null, Act.ACCEPT, 90.0);
        String example = DialogueText.example(parts, "I accept 10:30 PM.");
        assertEquals(DialogueText.prompt(parts) + "I accept 10:30 PM.<|eos|>", example);
        assertTrue(DialogueText.prompt(parts).contains("You are the teenager."));
        assertTrue(DialogueText.prompt(parts).endsWith("<|system|>Accept 10:30 PM.<|emotion|>none<|response|>"));
        assertEquals("I accept 10:30 PM.", DialogueText.response(example));
        assertEquals("Partial", DialogueText.response(DialogueText.prompt(parts) + " Partial"));
    }

    @Test
    void noEmotionReadsNone() {
        PromptParts none = new PromptParts(Domain.MEDICAL, Role.FOCAL, List.of(), null, null, null);
        assertTrue(DialogueText.prompt(none).endsWith("<|system|>Reply.<|emotion|>none<|response|>"));
        assertEquals(DialogueText.prompt(none), DialogueText.prompt(none.withEmotion(Emotion.NO_EMOTION)));
        assertTrue(DialogueText.prompt(none.withEmotion(Emotion.GRATITUDE)).contains("<|emotion|>gratitude<|"));
        assertTrue(DialogueText.prompt(none).contains("Reply."));
        PromptParts walk = new PromptParts(Domain.DISASTER, Role.FOCAL, List.of(), null, Act.WALK_AWAY, null);
        assertTrue(DialogueText.prompt(walk).contains("Walk away."));
    }

    @Test
    void theSystemLineStatesTheOfferTheParserReads() {
        for (Domain d : Domain.values()) {
            for (double v : new double[] {1, 14, 95, 270}) {
                double value = NeutralGrammar.round(d, v);
                PromptParts parts = new PromptParts(d, Role.FOCAL, List.of(), null, Act.OFFER, value);
                String prompt = DialogueText.prompt(parts);
                String system = prompt.substring(prompt.lastIndexOf("<|system|>"));
                assertEquals(value, OfferParser.parse(d, system).getAsDouble(), system);
            }
        }
    }

    @Test
    void dialogueExamplesCarryTheHistoryOfEachTurn() {
        List<GrammarLine> dialogue = NeutralGrammar.dialogue(Domain.DISASTER, 12);
        List<String> examples = DialogueText.examples(dialogue);
        assertEquals(dialogue.size(), examples.size());
        for (int i = 0; i < dialogue.size(); i++) {
            String ex = examples.get(i);
            assertTrue(ex.endsWith(dialogue.get(i).text() + "<|eos|>"), ex);
            assertEquals(dialogue.get(i).text(), DialogueText.response(ex));
            if (i > 0) {
                assertTrue(ex.contains(DialogueText.contextLine(Domain.DISASTER, dialogue.get(i - 1).role(),
                        dialogue.get(i - 1).text())), ex);
            }
            String context = ex.substring(ex.indexOf("<|context|>") + 11, ex.indexOf("<|system|>", ex.indexOf("<|context|>")));
            assertEquals(Math.min(i, 2), context.isEmpty() ? 0 : context.split("\n").length, ex);
        }
    }
}
