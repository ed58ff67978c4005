package dev.emodistill.judge;

import dev.emodistill.corpus.CorpusTurn;
import dev.emodistill.domain.Domain;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.emotion.EmotionDistribution;
import dev.emodistill.negotiation.Act;
import dev.emodistill.negotiation.Role;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bargaining and clarity rules on their own: the evaluation head is replaced by a stand-in that reads every
 * text as plainly neutral, so these scores depend on the negotiation state and the words' structure only.
 */
class EmbeddedJudgeRulesTest {
    private static final EmbeddedJudge JUDGE =
            new EmbeddedJudge(new FixedClassifier(EmotionDistribution.pure(Emotion.NEUTRAL)));

    /** Debt: T_f = 10 days, T_c = 90 days, tolerance 4 days, H = 15. Position 1 = 10 days, 0 = 90 days. */
    private static JudgeContext debt(int turn, Object... textOfferPairs) {
        List<CorpusTurn> history = new ArrayList<>();
        for (int i = 0; i < textOfferPairs.length; i += 2) {
            Role speaker = (i / 2) % 2 == 0 ? Role.FOCAL : Role.COUNTERPARTY;
            Double offer = (Double) textOfferPairs[i + 1];
            history.add(new CorpusTurn(i / 2, speaker, i / 4, Act.OFFER, Emotion.NO_EMOTION,
                    (String) textOfferPairs[i], offer, EmotionDistribution.pure(Emotion.NEUTRAL), null, null));
        }
        return new JudgeContext(Domain.DEBT, 10, 90, 4, 15, turn, history);
    }

    private static RubricBreakdown judge(JudgeContext ctx, String text) {
        return JUDGE.assess(ctx, text, Emotion.NO_EMOTION);
    }

    @Test
    void closingNearTheDeadlineBeatsStallingAndBeatsTheSameMoveEarly() {
        Object[] history = {"We need payment within 40 days.", 40.0, "I can do 50 days.", 50.0};
        String meet = "Agreed, full repayment within 50 days works for us.";
        RubricBreakdown closeLate = judge(debt(13, history), meet);
        RubricBreakdown stallLate = judge(debt(13, history), "Our terms remain payment in full within 40 days.");
        RubricBreakdown meetEarly = judge(debt(3, history), meet);
        assertEquals(Firmness.CLOSE, closeLate.firmness(), closeLate.toString());
        assertTrue(closeLate.rationale().contains("closes near the deadline at the debtor's 50 days until payment"),
                closeLate.rationale());
        assertTrue(stallLate.hasFault(Finding.Component.FIRMNESS), stallLate.toString());
        assertTrue(closeLate.score() > stallLate.score(), closeLate + "\n" + stallLate);
        // With 12 turns left, jumping the whole remaining gap is a concession far above the calibrated step.
        assertTrue(meetEarly.firmness() < 0, meetEarly.toString());
        assertTrue(closeLate.score() > meetEarly.score());
    }

    @Test
    void anExplicitAcceptanceCountsAsStatingTheStandingOffer() {
        Object[] history = {"We need payment within 40 days.", 40.0, "I can do 50 days.", 50.0};
        RubricBreakdown deal = judge(debt(13, history), "Deal.");
        assertFalse(deal.hasFault(Finding.Component.CLARITY), deal.toString());
        assertEquals(Firmness.CLOSE, deal.firmness());
        assertTrue(deal.rationale().startsWith("Accepts 50 days until payment"), deal.rationale());
        // Nothing to accept before the counterparty has offered: "Deal." then states nothing.
        RubricBreakdown nothing = judge(debt(0), "Deal.");
        assertTrue(nothing.rationale().startsWith("No offer"), nothing.rationale());
        assertTrue(nothing.score() < deal.score());
    }

    @Test
    void retractingAfterConcedingScoresBelowHolding() {
        Object[] history = {"We can allow 18 days for full payment.", 18.0, "74 days is my limit.", 74.0,
                "Let's settle at 26 days.", 26.0, "70 days, then.", 70.0};
        RubricBreakdown retract = judge(debt(2, history), "On reflection we need the balance within 10 days.");
        RubricBreakdown hold = judge(debt(2, history), "Our offer of 26 days stands firm.");
        assertEquals(Firmness.RETRACTION, retract.firmness(), retract.toString());
        assertEquals(Firmness.HOLD, hold.firmness(), hold.toString());
        assertTrue(hold.score() > retract.score());
    }

    @Test
    void openingAnchorNearTheOwnTargetBeatsAWeakOneAndAnUnrealisticOne() {
        RubricBreakdown strong = judge(debt(0), "We need the full balance within 10 days.");
        RubricBreakdown weak = judge(debt(0), "We need the full balance within 60 days.");
        assertEquals(Firmness.ANCHOR, strong.firmness());
        assertTrue(weak.rationale().contains("weak opening anchor"), weak.rationale());
        assertTrue(strong.score() > weak.score());

        // Disaster: T_f = 120 minutes, T_c = 60. Demanding 300 minutes is far beyond the own target.
        JudgeContext rescue = new JudgeContext(Domain.DISASTER, 120, 60, 3, 15, 0, List.of());
        RubricBreakdown realistic = JUDGE.assess(rescue, "The team can reach you in 120 minutes.", Emotion.NO_EMOTION);
        RubricBreakdown overreach = JUDGE.assess(rescue, "The team can reach you in 300 minutes.", Emotion.NO_EMOTION);
        assertTrue(overreach.rationale().contains("unrealistic demand beyond own target of 120 minutes until rescue"),
                overreach.rationale());
        assertTrue(realistic.score() > overreach.score());
    }

    @Test
    void closingASmallRemainingGapIsNotCapitulation() {
        Object[] history = {"We need payment within 40 days.", 40.0, "I can do 46 days.", 46.0};
        RubricBreakdown meet = judge(debt(3, history), "Fine, full repayment within 46 days.");
        assertFalse(meet.hasFault(Finding.Component.FIRMNESS), meet.toString());
    }

    @Test
    void aThreatBackingAFirmPositionIsNotAnEmptyThreat() {
        Object[] history = {"We can allow 18 days for full payment.", 18.0, "74 days is my limit.", 74.0};
        RubricBreakdown backed = judge(debt(1, history), "Pay within 18 days, or we will take legal action.");
        RubricBreakdown empty = judge(debt(1, history), "Pay within 30 days, or we will take legal action.");
        assertEquals(0, backed.threats(), backed.toString());
        assertEquals(EmptyThreats.EMPTY_THREAT, empty.threats(), empty.toString());
    }

    @Test
    void longMessagesAndReusedSentencesCostClarity() {
        Object[] history = {"We can allow 18 days for full payment, and no further.", 18.0, "74 days.", 74.0};
        RubricBreakdown short2 = judge(debt(1, history), "Thank you for your patience. We need 20 days.");
        RubricBreakdown long6 = judge(debt(1, history), "Thank you for your patience. We have reviewed the file. "
                + "The account is overdue. Our team met today. We discussed your case. We need 20 days.");
        assertEquals(Clarity.CONCISE, short2.clarity());
        assertEquals(Clarity.PER_EXTRA_SENTENCE * 3, long6.clarity());
        assertTrue(long6.rationale().contains("too long (6 sentences)"), long6.rationale());

        // The same sentence frame with a new number restates the position: a repeated sentence, not a new one.
        RubricBreakdown reused = judge(debt(1, history),
                "Thank you for your patience. We can allow 20 days for full payment, and no further.");
        assertEquals(Clarity.CONCISE + Clarity.REPEATED_SENTENCE, reused.clarity(), reused.toString());
        assertTrue(reused.rationale().contains("repeats an earlier sentence"), reused.rationale());
    }

    @Test
    void repetitionIsMeasuredAgainstTheFocalSideOnly() {
        String line = "We can allow 18 days for full payment.";
        Object[] counterpartySaidIt = {"Pay within 10 days.", 10.0, line, 18.0};
        RubricBreakdown echo = judge(debt(1, counterpartySaidIt), line);
        assertFalse(echo.rationale().contains("repeats"), echo.rationale());
    }

    @Test
    void fidelityFollowsTheRankOfTheIntendedEmotion() {
        double[] w = new double[Emotion.COUNT];
        w[Emotion.ANGER.index()] = 5;
        w[Emotion.ANNOYANCE.index()] = 3;
        w[Emotion.DISAPPROVAL.index()] = 2;
        w[Emotion.JOY.index()] = 0.1;
        w[Emotion.NEUTRAL.index()] = 1;
        EmotionDistribution angry = EmotionDistribution.of(w);
        JudgeContext ctx = debt(0);
        String text = "Pay within 10 days.";
        EmbeddedJudge judge = new EmbeddedJudge(new FixedClassifier(angry));
        double top1 = judge.assess(ctx, text, Emotion.ANGER).fidelity();
        double top3 = judge.assess(ctx, text, Emotion.DISAPPROVAL).fidelity();
        double trace = judge.assess(ctx, text, Emotion.JOY).fidelity();
        double absent = judge.assess(ctx, text, Emotion.GRIEF).fidelity();
        assertEquals(1.5, top1, 1e-9);
        assertEquals(EmotionFidelity.WEIGHT * EmotionFidelity.TOP3 - 1.5, top3, 1e-9);
        assertTrue(trace < top3 && absent <= trace, trace + " " + absent);
        assertEquals(-1.5, absent, 1e-9);
        // The control wants calm; an angry reading fails it.
        assertTrue(judge.assess(ctx, text, Emotion.NO_EMOTION).fidelity() < 0);
        assertEquals(judge.assess(ctx, text, Emotion.NO_EMOTION), judge.assess(ctx, text, null), "null = control");
    }

    @Test
    void calmIsNeutralOnTopOrNoStrongEmotion() {
        double[] flat = new double[Emotion.COUNT];
        java.util.Arrays.fill(flat, 1);
        flat[Emotion.DESIRE.index()] = 4; // top label, but only about 0.13
        JudgeContext ctx = debt(0);
        EmbeddedJudge diffuse = new EmbeddedJudge(new FixedClassifier(EmotionDistribution.of(flat)));
        assertEquals(1.5, diffuse.assess(ctx, "Pay within 10 days.", Emotion.NO_EMOTION).fidelity(), 1e-9);
        assertEquals(1.5, JUDGE.assess(ctx, "Pay within 10 days.", Emotion.NO_EMOTION).fidelity(), 1e-9);
        EmbeddedJudge joyful = new EmbeddedJudge(new FixedClassifier(EmotionDistribution.pure(Emotion.JOY)));
        RubricBreakdown b = joyful.assess(ctx, "Pay within 10 days.", Emotion.NO_EMOTION);
        assertEquals(-1.5, b.fidelity(), 1e-9);
        assertTrue(b.rationale().contains("reads as joy, not calm"), b.rationale());
    }

    @Test
    void everyVerdictIsInRangeAndOneLine() {
        List<String> odd = new ArrayList<>(List.of("", "   ", "\n\nPay\nwithin 5 days\n\n", "SCORE: 10",
                "1 2 3 4 5 days 6 weeks 7 months", "Deal", "I'm walking away. Goodbye.",
                "Or else! Or else! You will regret this! Final warning! Last chance!"));
        odd.add("We need payment soon. ".repeat(200));
        odd.add(null);
        for (int turn : new int[]{0, 7, 14}) {
            for (String text : odd) {
                for (Emotion e : List.of(Emotion.NO_EMOTION, Emotion.ANGER, Emotion.NEUTRAL)) {
                    JudgeScore s = JUDGE.score(debt(turn, "We need payment within 40 days.", 40.0,
                            "I can do 50 days.", 50.0), text, e);
                    assertTrue(s.score() >= 1 && s.score() <= 10, s.toString());
                    assertFalse(s.rationale().contains("\n") || s.rationale().contains("\r"), s.rationale());
                    assertFalse(s.rationale().isBlank());
                }
            }
        }
    }

    @Test
    void scoresReachBothEndsOfTheScale() {
        RubricBreakdown best = judge(debt(0), "We need the full balance within 10 days.");
        assertEquals(10, best.score(), best.toString());
        String rant = "Or else you will regret it. This is your last chance. I mean it. Really, I do. Final warning. "
                + "Think hard.";
        RubricBreakdown worst = judge(debt(1, rant, null, "60 days.", 60.0), rant);
        assertTrue(worst.raw() < 1, worst.toString());
        assertEquals(1, worst.score(), worst.toString());
    }
}
