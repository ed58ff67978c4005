package dev.emodistill.negotiation;

import dev.emodistill.domain.Scenario;
import dev.emodistill.emotion.EmotionClassifier;
import dev.emodistill.emotion.EmotionDistribution;

import java.util.ArrayList;
import java.util.List;

/**
 * The protocol of DESIGN §3: alternating messages, focal first, at most {@code maxMessages}. Each message's
 * offer is parsed once from its text by {@link OfferParser} (the tactic's intended number is not trusted), and
 * its emotion is perceived once by the receiver's classifier. Agreement happens when the two latest offers
 * are within tolerance (deal at their midpoint) or when a side explicitly accepts the other's standing offer
 * (deal at that offer). A walk-away ends without a deal; running out of messages is a timeout; an exception
 * from an agent is an error, never a deal.
 */
public final class Negotiation {
    private Negotiation() {
    }

    public static EpisodeResult run(Scenario scenario, NegotiationAgent focal, NegotiationAgent counterparty,
                                    ProtocolConfig config, EmotionClassifier perception) {
        List<Message> transcript = new ArrayList<>();
        double tolerance = config.tolerance().units(scenario);
        int horizon = config.horizon();
        int rounds = 0;
        for (int index = 0; index < config.maxMessages(); index++) {
            Role speaker = index % 2 == 0 ? Role.FOCAL : Role.COUNTERPARTY;
            int turn = index / 2;
            NegotiationAgent agent = speaker == Role.FOCAL ? focal : counterparty;
            Utterance u;
            EmotionDistribution perceived;
            Double offer;
            try {
                u = agent.act(new TurnContext(scenario, speaker, turn, horizon, tolerance, transcript));
                if (u == null || u.text() == null || u.act() == null) {
                    throw new IllegalStateException(speaker.label() + " agent returned an incomplete message");
                }
                perceived = perception.classify(u.text());
                offer = u.act() == Act.WALK_AWAY ? null : boxed(OfferParser.parse(scenario.domain(), u.text()));
            } catch (RuntimeException e) {
                String reason = speaker.label() + " turn " + turn + ": " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage());
                return new EpisodeResult(scenario, Outcome.ERROR, null, 0, rounds, speaker, transcript, reason);
            }
            Message message = new Message(index, speaker, turn, u.text(), offer, u.act(), u.emotion(), perceived);
            transcript.add(message);
            if (speaker == Role.FOCAL) {
                rounds++;
            }

            if (u.act() == Act.WALK_AWAY) {
                return new EpisodeResult(scenario, Outcome.WALKAWAY, null, 0, rounds, speaker, transcript, null);
            }
            Double theirs = standing(transcript, speaker.other());
            if (u.act() == Act.ACCEPT && theirs != null) {
                return deal(scenario, theirs, rounds, speaker, transcript);
            }
            Double mine = standing(transcript, speaker);
            if (mine != null && theirs != null && Math.abs(mine - theirs) <= tolerance + 1e-9) {
                return deal(scenario, (mine + theirs) / 2, rounds, speaker, transcript);
            }
        }
        return new EpisodeResult(scenario, Outcome.TIMEOUT, null, 0, rounds, null, transcript, null);
    }

    private static EpisodeResult deal(Scenario scenario, double value, int rounds, Role by, List<Message> transcript) {
        return new EpisodeResult(scenario, Outcome.DEAL, value, scenario.utility(value), rounds, by, transcript, null);
    }

    private static Double standing(List<Message> transcript, Role who) {
        for (int i = transcript.size() - 1; i >= 0; i--) {
            Message m = transcript.get(i);
            if (m.speaker() == who && m.offer() != null) {
                return m.offer();
            }
        }
        return null;
    }

    private static Double boxed(java.util.OptionalDouble value) {
        return value.isPresent() ? value.getAsDouble() : null;
    }
}
