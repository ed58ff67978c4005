package dev.emodistill.corpus;

import dev.emodistill.domain.Domain;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.io.InputException;
import dev.emodistill.negotiation.Act;
import org.junit.jupiter.api.Test;

import static dev.emodistill.corpus.TransitionFixtures.episode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every reward formula on hand-built episodes of both polarities; expected values computed by hand. */
class RewardsTest {
    private static final double EPS = 1e-12;

    private static void assertRewards(Reward r, CorpusEpisode e, double... expected) {
        for (int t = 0; t < expected.length; t++) {
            assertEquals(expected[t], r.reward(e, t), EPS, r.name() + " at focal turn " + t + " of " + e.episodeId());
        }
    }

    @Test
    void concessionCountsCounterpartyMovesTowardTheFocalTarget() {
        // debt (fewer days better): cp 40 -> 31 is pos 0 -> 0.3; its acceptance of 22 moves it to 0.6
        assertRewards(Rewards.CONCESSION, TransitionFixtures.debtDeal(), 0, 0.3, 0.3);
        // disaster (more minutes better): cp 30 -> 48 -> 57 is pos 0 -> 0.3 -> 0.45
        assertRewards(Rewards.CONCESSION, TransitionFixtures.disasterDeal(), 0, 0.3, 0.15);
    }

    @Test
    void netSubtractsOwnCapitulation() {
        // debt: focal 10 -> 16 -> 22 gives away 0, 0.2, 0.2
        assertRewards(Rewards.NET, TransitionFixtures.debtDeal(), 0, 0.3 - 0.2, 0.3 - 0.2);
        // disaster: focal 90 -> 78 -> 60 gives away 0, 0.2, 0.3
        assertRewards(Rewards.NET, TransitionFixtures.disasterDeal(), 0, 0.3 - 0.2, 0.15 - 0.3);
    }

    @Test
    void timeWeightedNetDiscountsByProgress() {
        assertRewards(Rewards.TIME_WEIGHTED_NET, TransitionFixtures.debtDeal(), 0, 0.1 * (1 - 1 / 5.0),
                0.1 * (1 - 2 / 5.0));
        assertRewards(Rewards.TIME_WEIGHTED_NET, TransitionFixtures.disasterDeal(), 0, 0.1 * 0.8, -0.15 * 0.6);
        // H = 3; focal 10 -> 13 is a capitulation of 0.1 at t = 1
        assertRewards(Rewards.TIME_WEIGHTED_NET, TransitionFixtures.debtTimeout(), 0, -0.1 * (1 - 1 / 3.0), 0);
    }

    @Test
    void terminalIsPaidOnTheLastFocalTurnOnly() {
        assertRewards(Rewards.TERMINAL, TransitionFixtures.debtDeal(), 0, 0, 2 * 0.6);
        assertRewards(Rewards.TERMINAL, TransitionFixtures.disasterDeal(), 0, 0, 2 * 0.475);
        assertRewards(Rewards.TERMINAL, TransitionFixtures.debtTimeout(), 0, 0, -1);
        CorpusEpisode walk = episode("w", Domain.DISASTER, 90, 30)
                .focal(Emotion.ANGER, 90.0).cp(30.0).focal(Emotion.ANGER, 80.0).cp(Act.WALK_AWAY, null).walkaway();
        assertRewards(Rewards.TERMINAL, walk, 0, -1);
        // a walk-away is no offer: no concession; the focal move 90 -> 80 is a capitulation of 1/6
        assertRewards(Rewards.NET, walk, 0, -1 / 6.0);
    }

    @Test
    void defaultIsTimeWeightedNetPlusTerminal() {
        Reward r = Rewards.byName("default");
        assertEquals("time_weighted_net+terminal", r.name());
        assertEquals(Rewards.DEFAULT_NAME, Rewards.defaultReward().name());
        assertRewards(r, TransitionFixtures.debtDeal(), 0, 0.08, 0.06 + 1.2);
        assertRewards(r, TransitionFixtures.disasterDeal(), 0, 0.08, -0.09 + 0.95);
        assertTrue(r.formula().contains("terminal") && r.formula().contains("(1 - t/H)"), r.formula());
    }

    @Test
    void focalAcceptanceIsACapitulationToTheStandingOffer() {
        // debt: cp offers 25 (pos 0.5); the focal agent accepts it, so there is no reply and no concession
        CorpusEpisode e = episode("fa", Domain.DEBT, 10, 40)
                .focal(Emotion.JOY, 10.0).cp(25.0).focal(Emotion.JOY, Act.ACCEPT, null).deal(25, 0.5);
        assertRewards(Rewards.CONCESSION, e, 0.5, 0);
        assertRewards(Rewards.NET, e, 0.5, -0.5);
        assertRewards(Rewards.TERMINAL, e, 0, 1.0);
    }

    @Test
    void aReplyWithoutANumberConcedesNothing() {
        CorpusEpisode e = episode("nn", Domain.DEBT, 10, 40)
                .focal(Emotion.JOY, 10.0).cp(34.0).focal(Emotion.JOY, 12.0).cp(null).timeout();
        assertRewards(Rewards.CONCESSION, e, 0.2, 0);
    }

    @Test
    void stepsAreClippedAndMovingTowardOwnTargetIsNoCapitulation() {
        // cp -100 days is pos 140/30 = 4.67, clipped to 2; focal 200 is pos -5.33, a give-away clipped to 2
        CorpusEpisode e = episode("clip", Domain.DEBT, 10, 40)
                .focal(Emotion.JOY, 16.0).cp(-100.0).focal(Emotion.JOY, 200.0).cp(40.0).timeout();
        assertRewards(Rewards.CONCESSION, e, 2, -2);
        assertEquals(0.2, Rewards.capitulation(e, 0), EPS);
        assertEquals(2, Rewards.capitulation(e, 1), EPS);
        CorpusEpisode back = episode("back", Domain.DEBT, 10, 40)
                .focal(Emotion.JOY, 16.0).cp(40.0).focal(Emotion.JOY, 10.0).cp(40.0).timeout();
        assertEquals(0, Rewards.capitulation(back, 1), EPS);
    }

    @Test
    void judgeMapsScoresOntoMinusOneToOne() {
        CorpusEpisode e = episode("j", Domain.DEBT, 10, 40)
                .judgedFocal(Emotion.PRIDE, 10.0, 10).cp(40.0)
                .judgedFocal(Emotion.PRIDE, 10.0, 1).cp(40.0)
                .judgedFocal(Emotion.PRIDE, 10.0, 7).cp(40.0).timeout();
        assertRewards(Rewards.JUDGE, e, 1, -1, 1.5 / 4.5);
    }

    @Test
    void judgeOnAnUnjudgedCorpusSaysToRunTheJudge() {
        InputException ex = assertThrows(InputException.class,
                () -> Rewards.JUDGE.reward(TransitionFixtures.debtDeal(), 1));
        assertTrue(ex.getMessage().contains("emodistill judge") && ex.getMessage().contains("debt-deal"),
                ex.getMessage());
    }

    @Test
    void byNameResolvesBaseNamesAndSums() {
        for (String name : Rewards.names()) {
            assertEquals(name, Rewards.byName(name).name());
        }
        assertSame(Rewards.NET, Rewards.byName(" NET "));
        Reward sum = Rewards.byName("concession + terminal");
        assertEquals("concession+terminal", sum.name());
        CorpusEpisode e = TransitionFixtures.disasterDeal();
        for (int t = 0; t < 3; t++) {
            assertEquals(Rewards.concession(e, t) + Rewards.terminal(e, t), sum.reward(e, t), EPS);
        }
    }

    @Test
    void byNameRejectsUnknownEmptyAndRepeatedTerms() {
        InputException unknown = assertThrows(InputException.class, () -> Rewards.byName("utility"));
        assertTrue(unknown.getMessage().contains("utility")
                && unknown.getMessage().contains("concession, net, time_weighted_net, terminal, judge"),
                unknown.getMessage());
        assertThrows(InputException.class, () -> Rewards.byName("net+"));
        assertThrows(InputException.class, () -> Rewards.byName(""));
        assertTrue(assertThrows(InputException.class, () -> Rewards.byName("net+net")).getMessage()
                .contains("twice"));
    }

    @Test
    void turnsOutsideTheEpisodeAreRejected() {
        CorpusEpisode e = TransitionFixtures.debtDeal();
        assertThrows(IllegalArgumentException.class, () -> Rewards.CONCESSION.reward(e, 3));
        assertThrows(IllegalArgumentException.class, () -> Rewards.TERMINAL.reward(e, -1));
    }
}
