package dev.emodistill.corpus;

import dev.emodistill.domain.Domain;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.emotion.EmotionDistribution;
import dev.emodistill.negotiation.Act;
import dev.emodistill.negotiation.Outcome;
import dev.emodistill.negotiation.Role;

import java.util.ArrayList;
import java.util.List;

/**
 * Small hand-built corpus episodes for the reward, state and dataset tests. Messages get index i and turn i / 2
 * in order, so a builder call sequence focal, counterparty, focal, ... is a well-formed transcript; the
 * expected numbers in the tests are computed by hand from the offers written here.
 */
public final class TransitionFixtures {
    private TransitionFixtures() {
    }

    /** A perceived distribution with the given (emotion, weight) pairs. */
    public static EmotionDistribution perceived(Object... pairs) {
        double[] w = new double[Emotion.COUNT];
        for (int i = 0; i < pairs.length; i += 2) {
            w[((Emotion) pairs[i]).index()] = ((Number) pairs[i + 1]).doubleValue();
        }
        return EmotionDistribution.of(w);
    }

    public static Builder episode(String id, Domain domain, double focalTarget, double counterpartyTarget) {
        return new Builder(id, domain, focalTarget, counterpartyTarget);
    }

    /** Fluent builder of one episode. */
    public static final class Builder {
        private final String id;
        private final Domain domain;
        private final double tf;
        private final double tc;
        private double tolerance = 2;
        private int horizon = 5;
        private String policy = "random";
        private Integer rounds;
        private final List<CorpusTurn> turns = new ArrayList<>();

        private Builder(String id, Domain domain, double tf, double tc) {
            this.id = id;
            this.domain = domain;
            this.tf = tf;
            this.tc = tc;
        }

        public Builder tolerance(double value) {
            tolerance = value;
            return this;
        }

        public Builder horizon(int value) {
            horizon = value;
            return this;
        }

        public Builder policy(String value) {
            policy = value;
            return this;
        }

        /** Overrides the logged rounds (default: the number of focal turns). */
        public Builder rounds(int value) {
            rounds = value;
            return this;
        }

        public Builder focal(Emotion emotion, Double offer) {
            return add(Role.FOCAL, Act.OFFER, emotion, offer, EmotionDistribution.pure(
                    emotion == null ? Emotion.NEUTRAL : emotion), null);
        }

        public Builder focal(Emotion emotion, Act act, Double offer) {
            return add(Role.FOCAL, act, emotion, offer, EmotionDistribution.pure(Emotion.NEUTRAL), null);
        }

        public Builder judgedFocal(Emotion emotion, Double offer, int score) {
            return add(Role.FOCAL, Act.OFFER, emotion, offer, EmotionDistribution.pure(emotion), score);
        }

        public Builder cp(Double offer, EmotionDistribution perceived) {
            return add(Role.COUNTERPARTY, Act.OFFER, Emotion.NEUTRAL, offer, perceived, null);
        }

        public Builder cp(Double offer) {
            return cp(offer, EmotionDistribution.pure(Emotion.NEUTRAL));
        }

        public Builder cp(Act act, Double offer) {
            return add(Role.COUNTERPARTY, act, Emotion.NEUTRAL, offer, EmotionDistribution.pure(Emotion.NEUTRAL), null);
        }

        /** A raw message, for transcripts that break the protocol on purpose. */
        public Builder raw(int index, Role speaker, int turn, Act act, Emotion emotion, Double offer) {
            turns.add(new CorpusTurn(index, speaker, turn, act, emotion, "message " + index, offer,
                    EmotionDistribution.pure(Emotion.NEUTRAL), null, null));
            return this;
        }

        private Builder add(Role speaker, Act act, Emotion emotion, Double offer, EmotionDistribution perceived,
                            Integer score) {
            int i = turns.size();
            turns.add(new CorpusTurn(i, speaker, i / 2, act, emotion, speaker.label() + " says " + offer, offer,
                    perceived, score, score == null ? null : "scored by hand"));
            return this;
        }

        public CorpusEpisode deal(double value, double utility) {
            return build(Outcome.DEAL, value, utility, turns.get(turns.size() - 1).speaker(), null);
        }

        public CorpusEpisode walkaway() {
            return build(Outcome.WALKAWAY, null, 0, turns.get(turns.size() - 1).speaker(), null);
        }

        public CorpusEpisode timeout() {
            return build(Outcome.TIMEOUT, null, 0, null, null);
        }

        public CorpusEpisode error(String reason) {
            return build(Outcome.ERROR, null, 0, Role.FOCAL, reason);
        }

        public CorpusEpisode build(Outcome outcome, Double dealValue, double utility, Role endedBy, String error) {
            int focal = (int) turns.stream().filter(t -> t.speaker() == Role.FOCAL).count();
            return new CorpusEpisode(id, "scenario-" + id, domain, "vanilla", policy, 0, 42L, tf, tc, tolerance,
                    horizon, outcome, dealValue, utility, rounds == null ? focal : rounds, endedBy, error, turns);
        }
    }

    /**
     * Debt (fewer days better): T_f = 10, T_c = 40, span 30, pos(x) = (40 - x) / 30, H = 5, tolerance 2.
     * Focal 10 (pos 1), cp 40 (0), focal 16 (0.8), cp 31 (0.3), focal 22 (0.6), cp accepts: deal at 22, u = 0.6.
     */
    public static CorpusEpisode debtDeal() {
        return episode("debt-deal", Domain.DEBT, 10, 40)
                .focal(Emotion.ANGER, 10.0)
                .cp(40.0, perceived(Emotion.ANNOYANCE, 1))
                .focal(Emotion.JOY, 16.0)
                .cp(31.0, perceived(Emotion.ANGER, 0.6, Emotion.FEAR, 0.2, Emotion.JOY, 0.2))
                .focal(Emotion.ANGER, 22.0)
                .cp(Act.ACCEPT, null)
                .deal(22, 0.6);
    }

    /**
     * Disaster (more minutes better): T_f = 90, T_c = 30, span -60, pos(x) = (x - 30) / 60, H = 5, tolerance 3.
     * Focal 90 (pos 1), cp 30 (0), focal 78 (0.8), cp 48 (0.3), focal 60 (0.5), cp 57 (0.45): within tolerance,
     * deal at the midpoint 58.5, u = 0.475.
     */
    public static CorpusEpisode disasterDeal() {
        return episode("disaster-deal", Domain.DISASTER, 90, 30).tolerance(3)
                .focal(Emotion.SADNESS, 90.0)
                .cp(30.0)
                .focal(Emotion.FEAR, 78.0)
                .cp(48.0)
                .focal(Emotion.CARING, 60.0)
                .cp(57.0, perceived(Emotion.RELIEF, 3, Emotion.GRATITUDE, 1))
                .deal(58.5, 0.475);
    }

    /** Debt, H = 3: the counterparty never moves from 40 and time runs out after 3 focal turns. */
    public static CorpusEpisode debtTimeout() {
        return episode("debt-timeout", Domain.DEBT, 10, 40).horizon(3)
                .focal(Emotion.FEAR, 10.0)
                .cp(40.0)
                .focal(Emotion.FEAR, 13.0)
                .cp(40.0)
                .focal(Emotion.GRIEF, 13.0)
                .cp(40.0)
                .timeout();
    }
}
