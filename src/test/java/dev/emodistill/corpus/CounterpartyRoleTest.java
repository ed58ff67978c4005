package dev.emodistill.corpus;

import dev.emodistill.domain.Domain;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.io.InputException;
import dev.emodistill.negotiation.Act;
import dev.emodistill.negotiation.CounterpartyUtility;
import dev.emodistill.negotiation.Outcome;
import dev.emodistill.negotiation.Role;
import dev.emodistill.rl.StateSchema;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The counterparty role's utility, mirrored episode, rewards and transitions, on hand-built episodes whose numbers
 * are worked out in the comments.
 */
class CounterpartyRoleTest {
    private static final double EPS = 1e-9;
    private static final StateSchema CP_SCHEMA = StateSchema.DEFAULT.forRole(Role.COUNTERPARTY);

    /**
     * Debt, T_f = 10, T_c = 40, H = 5, played in the counterparty role. Focal 10, cp 40 (sadness), focal 16, cp 34
     * (anger), focal 22, cp accepts (gratitude): deal at 22, focal u = (40 - 22) / 30 = 0.6. Mirrored, pos' = 1 - pos:
     * focal 10 -> 0, 16 -> 0.2, 22 -> 0.4; cp 40 -> 1, 34 -> 0.8.
     */
    static CorpusEpisode acceptedDeal() {
        return TransitionFixtures.episode("cp-deal", Domain.DEBT, 10, 40)
                .policy(CounterpartyView.policyLabel("random"))
                .focal(Emotion.NEUTRAL, 10.0)
                .raw(1, Role.COUNTERPARTY, 0, Act.OFFER, Emotion.SADNESS, 40.0)
                .raw(2, Role.FOCAL, 1, Act.OFFER, Emotion.NEUTRAL, 16.0)
                .raw(3, Role.COUNTERPARTY, 1, Act.OFFER, Emotion.ANGER, 34.0)
                .raw(4, Role.FOCAL, 2, Act.OFFER, Emotion.NEUTRAL, 22.0)
                .raw(5, Role.COUNTERPARTY, 2, Act.ACCEPT, Emotion.GRATITUDE, null)
                .deal(22, 0.6);
    }

    /** The same opening, then the counterparty walks away on its second turn. */
    static CorpusEpisode walkaway() {
        return TransitionFixtures.episode("cp-walk", Domain.DEBT, 10, 40)
                .policy(CounterpartyView.policyLabel("random"))
                .focal(Emotion.NEUTRAL, 10.0)
                .raw(1, Role.COUNTERPARTY, 0, Act.OFFER, Emotion.FEAR, 40.0)
                .raw(2, Role.FOCAL, 1, Act.OFFER, Emotion.NEUTRAL, 16.0)
                .raw(3, Role.COUNTERPARTY, 1, Act.WALK_AWAY, Emotion.DISGUST, null)
                .walkaway();
    }

    @Test
    void counterpartyUtilityIsOneMinusUOnADealAndZeroOtherwise() {
        assertEquals(0.4, CounterpartyUtility.of(Outcome.DEAL, 0.6), EPS);
        assertEquals(1.0, CounterpartyUtility.of(Outcome.DEAL, 0.0), EPS);
        assertEquals(0.0, CounterpartyUtility.of(Outcome.DEAL, 1.0), EPS);
        for (Outcome o : List.of(Outcome.WALKAWAY, Outcome.TIMEOUT, Outcome.ERROR)) {
            assertEquals(0.0, CounterpartyUtility.of(o, 0), EPS, o.label());
        }
        assertEquals(0.4, CounterpartyView.mirror(acceptedDeal()).utility(), EPS);
        assertEquals(0.0, CounterpartyView.mirror(walkaway()).utility(), EPS);
    }

    @Test
    void theMirrorSwapsSpeakersAndTargetsSoPositionsRunTheOtherWay() {
        CorpusEpisode played = acceptedDeal();
        CorpusEpisode m = CounterpartyView.mirror(played);
        assertEquals(40, m.focalTarget());
        assertEquals(10, m.counterpartyTarget());
        assertEquals("random", m.policy(), "the prefix is dropped: the swept policy is the acting side's");
        assertEquals(3, m.rounds(), "its own turns");
        assertEquals(Role.FOCAL, m.endedBy(), "the counterparty's acceptance ended it, and it is 'own' now");
        for (double x : new double[]{10, 16, 22, 34, 40, 55}) {
            assertEquals(1 - played.position(x), m.position(x), EPS, "pos'(" + x + ")");
        }
        for (int i = 0; i < played.turns().size(); i++) {
            assertEquals(played.turns().get(i).speaker().other(), m.turns().get(i).speaker());
            assertEquals(played.turns().get(i).emotion(), m.turns().get(i).emotion());
        }
        assertEquals(List.of(Emotion.SADNESS, Emotion.ANGER, Emotion.GRATITUDE),
                m.focalTurns().stream().map(CorpusTurn::emotion).toList());
    }

    @Test
    void rewardsOfTheMirroredEpisodeAreTheFocalFormulasSeenFromTheCounterparty() {
        CorpusEpisode m = CounterpartyView.mirror(acceptedDeal());
        // t = 0: the focal agent replies 16 after 10: pos' 0 -> 0.2, a concession of 0.2; own 40 is its target.
        assertEquals(0.2, Rewards.concession(m, 0), EPS);
        assertEquals(0.0, Rewards.capitulation(m, 0), EPS);
        // t = 1: focal 16 -> 22 (0.2 -> 0.4); own 40 -> 34 (1 -> 0.8): net 0.
        assertEquals(0.2, Rewards.concession(m, 1), EPS);
        assertEquals(0.2, Rewards.capitulation(m, 1), EPS);
        // t = 2: it accepts 22, moving from 0.8 to 0.4; no reply. Terminal +2(1 - u) = 0.8 on its last turn.
        assertEquals(0.0, Rewards.concession(m, 2), EPS);
        assertEquals(0.4, Rewards.capitulation(m, 2), EPS);
        assertEquals(0.0, Rewards.terminal(m, 1), EPS);
        assertEquals(2 * 0.4, Rewards.terminal(m, 2), EPS);
        assertEquals(-0.4 * (1 - 2 / 5.0) + 0.8, Rewards.defaultReward().reward(m, 2), EPS);

        CorpusEpisode w = CounterpartyView.mirror(walkaway());
        assertEquals(-1, Rewards.terminal(w, 1), EPS, "a walk-away is worth -1 to the side that learns, as for focal");
    }

    @Test
    void transitionsAreOnePerCounterpartyTurnWithItsEmotionAndTheMirroredReward() {
        CounterpartyTransitions.Built b = CounterpartyTransitions.build(List.of(acceptedDeal(), walkaway()),
                Rewards.defaultReward(), CP_SCHEMA);
        assertEquals(5, b.transitions().size());
        assertEquals(new TransitionCounts(2, 2, 0, 0, 5), b.counts());
        List<Transition> deal = b.transitions().subList(0, 3);
        assertEquals(List.of(Emotion.SADNESS.index(), Emotion.ANGER.index(), Emotion.GRATITUDE.index()),
                deal.stream().map(Transition::a).toList());
        assertEquals(0.2, deal.get(0).r(), 1e-6);
        assertEquals(0.0, deal.get(1).r(), 1e-6);
        assertEquals(0.56, deal.get(2).r(), 1e-6);
        assertFalse(deal.get(1).done());
        assertTrue(deal.get(2).done(), "a deal is terminal");
        assertTrue(b.transitions().get(4).done(), "a walk-away is terminal");
        assertEquals(List.of(0, 1, 2, 0, 1), b.transitions().stream().map(Transition::t).toList());
        int progress = CP_SCHEMA.indexOf("turn_progress");
        assertEquals(0.2f, deal.get(1).s()[progress], 1e-6f);
        assertEquals(deal.get(0).s2()[progress], deal.get(1).s()[progress]);
    }

    @Test
    void controlsAndErrorsAreSkippedAndFocalCorporaAndTheJudgeAreRefused() {
        CorpusEpisode control = TransitionFixtures.episode("cp-control", Domain.DEBT, 10, 40)
                .policy(CounterpartyView.policyLabel("no-emotion"))
                .focal(Emotion.NEUTRAL, 10.0)
                .raw(1, Role.COUNTERPARTY, 0, Act.OFFER, Emotion.NO_EMOTION, 40.0)
                .raw(2, Role.FOCAL, 1, Act.OFFER, Emotion.NEUTRAL, 16.0)
                .raw(3, Role.COUNTERPARTY, 1, Act.OFFER, Emotion.NO_EMOTION, 34.0)
                .timeout();
        CorpusEpisode error = TransitionFixtures.episode("cp-error", Domain.DEBT, 10, 40)
                .policy(CounterpartyView.policyLabel("random")).focal(Emotion.NEUTRAL, 10.0).error("boom");
        CounterpartyTransitions.Built b = CounterpartyTransitions.build(List.of(control, error, acceptedDeal()),
                Rewards.defaultReward(), CP_SCHEMA);
        assertEquals(new TransitionCounts(3, 1, 1, 1, 3), b.counts());

        CorpusEpisode focalRole = TransitionFixtures.debtDeal();
        InputException notCp = assertThrows(InputException.class, () -> CounterpartyTransitions.build(
                List.of(focalRole), Rewards.defaultReward(), CP_SCHEMA));
        assertTrue(notCp.getMessage().contains("focal-role sweep"), notCp.getMessage());
        InputException judge = assertThrows(InputException.class, () -> CounterpartyTransitions.build(
                List.of(acceptedDeal()), Rewards.byName("net+judge"), CP_SCHEMA));
        assertTrue(judge.getMessage().contains("focal turns only"), judge.getMessage());
    }
}
