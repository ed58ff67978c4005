package dev.emodistill.negotiation;

import dev.emodistill.domain.Domain;
import dev.emodistill.domain.Scenario;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.emotion.EmotionClassifier;
import dev.emodistill.emotion.EmotionDistribution;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The protocol's rules with scripted agents: parsing, agreement, acceptance, walk-away, timeout, errors. */
class NegotiationTest {
    /** Debt: T_f = 10, T_c = 60, so the default tolerance is max(1, 2.5) = 2.5 days. */
    private static final Scenario DEBT = new Scenario("t-1", Domain.DEBT, 10, 60, false, Map.of());
    private static final EmotionClassifier NEUTRAL = new EmotionClassifier() {
        @Override
        public EmotionDistribution classify(String text) {
            return EmotionDistribution.pure(Emotion.NEUTRAL);
        }

        @Override
        public String describe() {
            return "test: always neutral";
        }
    };

    /** Says the scripted lines in order; the act comes with each line. */
    private static final class Script implements NegotiationAgent {
        private final Deque<Utterance> lines = new ArrayDeque<>();

        Script(Object... actAndText) {
            for (int i = 0; i < actAndText.length; i += 2) {
                lines.add(new Utterance((String) actAndText[i + 1], (Act) actAndText[i], Emotion.NEUTRAL, null));
            }
        }

        @Override
        public Utterance act(TurnContext context) {
            if (lines.isEmpty()) {
                return new Utterance("I hold at my last offer.", Act.OFFER, Emotion.NEUTRAL, null);
            }
            return lines.poll();
        }
    }

    private static EpisodeResult run(NegotiationAgent focal, NegotiationAgent counterparty) {
        return Negotiation.run(DEBT, focal, counterparty, ProtocolConfig.DEFAULT, NEUTRAL);
    }

    @Test
    void offersWithinToleranceCloseAtTheMidpointOfTheLatestOffers() {
        EpisodeResult r = run(
                new Script(Act.OFFER, "Pay within 10 days.", Act.OFFER, "Fine, 30 days."),
                new Script(Act.OFFER, "I need 60 days.", Act.OFFER, "I can do it in 32 days."));
        assertEquals(Outcome.DEAL, r.outcome());
        assertEquals(31.0, r.dealValue(), 1e-9);
        assertEquals((60 - 31) / 50.0, r.utility(), 1e-9);
        assertEquals(2, r.rounds());
        assertEquals(Role.COUNTERPARTY, r.endedBy());
    }

    @Test
    void offersAreParsedFromTheTextNotTakenFromTheTactic() {
        EpisodeResult r = run(new Script(Act.OFFER, "We can wait two weeks, and that is final."),
                new Script(Act.ACCEPT, "Agreed."));
        assertEquals(14.0, r.messages().get(0).offer());
        assertEquals(Outcome.DEAL, r.outcome());
        assertEquals(14.0, r.dealValue(), 1e-9, "acceptance closes at the accepted standing offer");
    }

    @Test
    void acceptingWithoutAStandingOfferDoesNotCloseTheDeal() {
        EpisodeResult r = run(new Script(Act.OFFER, "Let us talk about the balance.", Act.OFFER, "Pay in 20 days."),
                new Script(Act.ACCEPT, "Sure.", Act.ACCEPT, "Deal."));
        assertEquals(Outcome.DEAL, r.outcome());
        assertEquals(20.0, r.dealValue(), 1e-9);
        assertEquals(4, r.messages().size());
    }

    @Test
    void walkAwayEndsWithoutADeal() {
        EpisodeResult r = run(new Script(Act.OFFER, "Pay within 10 days."),
                new Script(Act.WALK_AWAY, "I'm done with this, goodbye. Not even in 60 days."));
        assertEquals(Outcome.WALKAWAY, r.outcome());
        assertNull(r.dealValue());
        assertEquals(0, r.utility());
        assertNull(r.messages().get(1).offer(), "a walk-away states no offer");
    }

    @Test
    void runningOutOfMessagesIsATimeout() {
        EpisodeResult r = Negotiation.run(DEBT, new Script(Act.OFFER, "Pay in 10 days."),
                new Script(Act.OFFER, "Maybe in 60 days."), new ProtocolConfig(6, Tolerance.DEFAULT), NEUTRAL);
        assertEquals(Outcome.TIMEOUT, r.outcome());
        assertEquals(6, r.messages().size());
        assertEquals(3, r.rounds());
        assertEquals(0, r.utility());
    }

    @Test
    void anAgentFailureIsAnErrorNotADeal() {
        NegotiationAgent broken = ctx -> {
            throw new IllegalStateException("backend unavailable");
        };
        EpisodeResult r = run(new Script(Act.OFFER, "Pay in 10 days."), broken);
        assertEquals(Outcome.ERROR, r.outcome());
        assertTrue(r.error().contains("backend unavailable"), r.error());
        assertEquals(0, r.utility());
        assertEquals(1, r.messages().size());
        assertEquals(1, r.rounds(), "rounds count focal turns actually taken");
        EpisodeResult focalFails = run(ctx -> {
            throw new IllegalStateException("model timeout");
        }, new Script(Act.OFFER, "60 days."));
        assertEquals(0, focalFails.rounds());
        assertEquals(0, focalFails.messages().size());
    }

    @Test
    void fixedToleranceReproducesThePapersFiveUnits() {
        ProtocolConfig paper = new ProtocolConfig(30, Tolerance.fixed(5));
        EpisodeResult r = Negotiation.run(DEBT, new Script(Act.OFFER, "Pay in 25 days."),
                new Script(Act.OFFER, "30 days then."), paper, NEUTRAL);
        assertEquals(Outcome.DEAL, r.outcome());
        assertEquals(27.5, r.dealValue(), 1e-9);
        assertEquals(2.5, Tolerance.DEFAULT.units(DEBT), 1e-9);
        Scenario narrow = new Scenario("n", Domain.MEDICAL, 14, 7, false, Map.of());
        assertEquals(1.0, Tolerance.DEFAULT.units(narrow), 1e-9, "at least one unit");
    }

    @Test
    void transcriptRecordsSpeakerTurnAndPerception() {
        EpisodeResult r = run(new Script(Act.OFFER, "Pay in 10 days.", Act.OFFER, "Pay in 12 days."),
                new Script(Act.OFFER, "60 days.", Act.OFFER, "12 days works."));
        List<Message> m = r.messages();
        assertEquals(List.of(Role.FOCAL, Role.COUNTERPARTY, Role.FOCAL, Role.COUNTERPARTY),
                m.stream().map(Message::speaker).toList());
        assertEquals(List.of(0, 0, 1, 1), m.stream().map(Message::turn).toList());
        assertEquals(Emotion.NEUTRAL, m.get(0).perceived().top());
    }
}
