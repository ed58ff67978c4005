package dev.emodistill.judge;

import dev.emodistill.corpus.CorpusTurn;
import dev.emodistill.domain.Domain;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.emotion.EmotionDistribution;
import dev.emodistill.negotiation.Act;
import dev.emodistill.negotiation.Role;

import java.util.ArrayList;
import java.util.List;

/**
 * A hand-written negotiation in one domain, stopped just before the focal agent's third message (t = 2 of
 * H = 15), with hand-written candidate utterances for that turn. In every case the focal side opened at its
 * target (position 1) and conceded to position 0.9; the counterparty opened near its own target and is now at
 * position 0.2, so a concession to position 0.8 is calibrated and a jump to 0.3 is not.
 *
 * @param domain        the domain
 * @param focalTarget   T_f
 * @param counterpartyTarget T_c
 * @param tolerance     agreement tolerance (5 % of the span)
 * @param historyTexts  F0, C0, F1, C1 as written
 * @param historyOffers their offers in the domain's unit
 * @param calibrated    a concession from position 0.9 to 0.8
 * @param jump          a concession from 0.9 to 0.3 in one turn
 * @param beyond        an offer past the counterparty's standing offer
 * @param threatWithConcession the calibrated concession plus threat language
 * @param threatNoOffer a threat with no offer
 * @param noOffer       a friendly message with no offer
 * @param freshHold     holds at F1's offer in new words
 * @param emotion       the intended emotion for the fidelity case
 * @param onEmotion     the calibrated concession, clearly in {@code emotion}
 * @param offEmotion    the calibrated concession, clearly in a different emotion
 * @param valueWords    how the rationale names this domain's quantity
 */
record DomainCase(Domain domain, double focalTarget, double counterpartyTarget, double tolerance,
                  List<String> historyTexts, List<Double> historyOffers, String calibrated, String jump,
                  String beyond, String threatWithConcession, String threatNoOffer, String noOffer,
                  String freshHold, Emotion emotion, String onEmotion, String offEmotion, String valueWords) {

    static final int HORIZON = 15;
    static final int TURN = 2;

    static List<DomainCase> all() {
        return List.of(debt(), disaster(), student(), medical());
    }

    static DomainCase debt() {
        return new DomainCase(Domain.DEBT, 10, 90, 4,
                List.of("We need the full balance paid within 10 days.", "I can't pay for 82 days.",
                        "I can allow 18 days for full payment.", "74 days is the best I can do."),
                List.of(10.0, 82.0, 18.0, 74.0),
                "I can extend to 26 days for full payment.",
                "Alright, let's make it 66 days.",
                "Okay, take 80 days.",
                "I can extend to 26 days, or else we take legal action and you will regret it.",
                "Pay up or else you will face the consequences.",
                "I understand this is hard, and I want us to find a way forward together.",
                "Our position stays at 18 days because this account is long overdue.",
                Emotion.ANGER,
                "This is outrageous and I am angry. I can extend to 26 days for full payment.",
                "I'm so happy and delighted today! I can extend to 26 days for full payment.",
                "days until payment");
    }

    static DomainCase disaster() {
        return new DomainCase(Domain.DISASTER, 120, 60, 3,
                List.of("The team can reach you in 120 minutes.", "I can only last 66 minutes.",
                        "We can get to you in 114 minutes.", "Please, 72 minutes at most."),
                List.of(120.0, 66.0, 114.0, 72.0),
                "We can push to reach you in 108 minutes.",
                "Fine, we will be there in 78 minutes.",
                "We will be there in 65 minutes.",
                "We can reach you in 108 minutes, or else you will face the consequences.",
                "Do exactly what we say or else you will regret it.",
                "Stay calm and keep talking to me while we work out the route.",
                "Our estimate stays at 114 minutes because the route is still blocked.",
                Emotion.FEAR,
                "I'm terrified for you, and I'm scared of what happens if we rush. We can reach you in 108 minutes.",
                "Yay, this is so much fun, I love it! We can reach you in 108 minutes.",
                "minutes until rescue");
    }

    static DomainCase student() {
        // 9:30 PM = 30, 9:45 PM = 45, 10:00 PM = 60, 11:00 PM = 120, 11:15 PM = 135 minutes past 9 PM.
        return new DomainCase(Domain.STUDENT, 30, 150, 6,
                List.of("Lights out at 9:30 PM tonight.", "No way, 11:15 PM.", "I can do 9:45 PM.",
                        "Fine, 11:00 PM then."),
                List.of(30.0, 135.0, 45.0, 120.0),
                "I can move your bedtime to 10:00 PM tonight.",
                "Okay, 10:45 PM then.",
                "Fine, 11:15 PM it is.",
                "Lights out at 10:00 PM tonight, or else I will take away your phone and you will regret it.",
                "Go to bed or else you will face the consequences.",
                "Let's talk about how your day went and why sleep matters.",
                "My answer stays at 9:45 PM because you have a test tomorrow.",
                Emotion.EXCITEMENT,
                "Wow, I'm so excited and thrilled! Bed by 10:00 PM tonight, please.",
                "I'm so sad and heartbroken about this. Bed by 10:00 PM tonight, please.",
                "bedtime");
    }

    static DomainCase medical() {
        return new DomainCase(Domain.MEDICAL, 60, 20, 2,
                List.of("We can schedule your surgery in 60 days.", "I need it within 24 days.",
                        "We could do 56 days.", "28 days, please."),
                List.of(60.0, 24.0, 56.0, 28.0),
                "Let's book the operation in 52 days.",
                "All right, surgery in 32 days.",
                "We will operate in 25 days.",
                "We can schedule your surgery in 52 days, and this is your last chance or you lose your slot.",
                "Stop pushing, or we will remove you from the waiting list.",
                "I hear your worries, and we are looking at every option for you.",
                "Our schedule still shows 56 days because the operating rooms are fully booked.",
                Emotion.GRATITUDE,
                "Thank you so much for your patience, I truly appreciate it. Let's book the operation in 52 days.",
                "This is disgusting and revolting to me. Let's book the operation in 52 days.",
                "days until surgery");
    }

    /** The focal side's second message (F1), which a repeating utterance copies. */
    String repeat() {
        return historyTexts.get(2);
    }

    /** The four-message history with the given counterparty texts in place of the written ones. */
    List<CorpusTurn> history(String counterpartyText0, String counterpartyText1) {
        List<String> texts = new ArrayList<>(historyTexts);
        texts.set(1, counterpartyText0);
        texts.set(3, counterpartyText1);
        List<CorpusTurn> turns = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            Role speaker = i % 2 == 0 ? Role.FOCAL : Role.COUNTERPARTY;
            Emotion shown = speaker == Role.FOCAL ? Emotion.NO_EMOTION : Emotion.ANNOYANCE;
            turns.add(new CorpusTurn(i, speaker, i / 2, Act.OFFER, shown, texts.get(i), historyOffers.get(i),
                    EmotionDistribution.pure(speaker == Role.FOCAL ? Emotion.NEUTRAL : Emotion.ANNOYANCE), null,
                    null));
        }
        return turns;
    }

    List<CorpusTurn> history() {
        return history(historyTexts.get(1), historyTexts.get(3));
    }

    JudgeContext context() {
        return context(history());
    }

    JudgeContext context(List<CorpusTurn> history) {
        return new JudgeContext(domain, focalTarget, counterpartyTarget, tolerance, HORIZON, TURN, history);
    }

    @Override
    public String toString() {
        return domain.id();
    }
}
