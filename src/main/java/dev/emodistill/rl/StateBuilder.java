package dev.emodistill.rl;

import dev.emodistill.corpus.CorpusEpisode;
import dev.emodistill.corpus.CounterpartyView;
import dev.emodistill.emotion.EkmanGroup;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.emotion.EmotionDistribution;
import dev.emodistill.io.InputException;
import dev.emodistill.negotiation.Role;
import dev.emodistill.negotiation.TurnContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Computes the state vector before a focal turn (DESIGN §7) in the layout of a {@link StateSchema}. The same
 * builder is used for offline datasets and when acting live, so both see identical numbers.
 *
 * <p>Positions: pos(x) = (T_c - x) / span (0 = counterparty target, 1 = focal target), clipped to [-1, 2]
 * for the state only, so a mis-parsed number cannot put a feature orders of magnitude outside the range the
 * network was trained on. Standing offers follow {@link StandingOffers}; before a side has one, its position is
 * its own target (focal 1, counterparty 0). A counterparty "step" is the change in its standing position caused
 * by one of its messages (positive = a concession toward the focal target).
 * <ul>
 *   <li>{@code cp_concession_last}: the step of its latest message; 0 before any;</li>
 *   <li>{@code cp_concession_mean3}: the mean step of its latest min(3, n) messages; 0 before any;</li>
 *   <li>{@code offer_gap}: pos(own standing) - pos(counterparty standing); 1 before any offers;</li>
 *   <li>{@code turn_progress}: t / H (H the number of focal turns);</li>
 *   <li>{@code cp_offer_position}: pos(counterparty standing);</li>
 *   <li>{@code own_giveaway}: 1 - pos(own standing);</li>
 *   <li>{@code cp_stalemate}: how many of its latest messages in a row made no concession (step &le; 0),
 *       divided by H.</li>
 * </ul>
 * Then the one-hot of the last focal emotion, the perceived distribution of the counterparty's last message
 * with its Ekman sums (zeros before any), the domain one-hot when the schema has it, and the reduced embedding
 * of the counterparty's last message when the schema asks for {@link TextFeatures} (zeros before any).
 *
 * <p>A builder serves one role, the schema's ({@link StateSchema#role()}): the constructors build the focal agent's
 * states and refuse a counterparty-role schema, {@link #counterparty(StateSchema)} builds the counterparty's mirrored
 * states ({@link MirroredState}) and refuses a focal one. That is where a selector trained for one role is refused in
 * the other, with an error that says so, before it can act on states whose meaning is mirrored.
 */
public final class StateBuilder {
    /** Position clip for state features (see the class comment). */
    static final double MIN_POSITION = -1;
    static final double MAX_POSITION = 2;
    /** A step no larger than this is "no concession" (offers are parsed numbers, so exact ties are common). */
    private static final double CONCESSION_EPSILON = 1e-9;
    private static final int MEAN_WINDOW = 3;

    /** Why a counterparty-role selector cannot act as the focal agent. */
    static final String COUNTERPARTY_AS_FOCAL = "this selector was trained for the counterparty role (its state schema "
            + "says role 'counterparty': mirrored states, trained on a counterparty-role corpus); it cannot play the "
            + "focal agent. Use it as a counterparty: emodistill tournament --counterparty iql-cp:DIR";
    /** Why a focal-role selector cannot act as the counterparty. */
    static final String FOCAL_AS_COUNTERPARTY = "this selector was trained for the focal role (its state schema has no "
            + "counterparty role); it cannot play the counterparty. Use it as a focal agent (iql:DIR), or train a "
            + "counterparty selector on a counterparty-role corpus (emodistill sweep --role counterparty, then "
            + "emodistill train selector --corpus)";

    private final StateSchema schema;
    private final TextFeatures text;

    /**
     * A focal-role builder for the schema; with text features on, the shared MiniLM projection (loaded on first use).
     *
     * @throws InputException if the schema is the counterparty's
     */
    public StateBuilder(StateSchema schema) {
        this(schema, schema.textFeatures() > 0 ? TextFeatures.shared(schema.textFeatures()) : null);
    }

    /**
     * A focal-role builder with an explicit text projection, which must have the schema's number of text features.
     *
     * @throws InputException if the schema is the counterparty's
     */
    public StateBuilder(StateSchema schema, TextFeatures text) {
        this(schema, text, Role.FOCAL);
    }

    /**
     * A builder of the counterparty's mirrored states.
     *
     * @throws InputException if the schema is the focal agent's
     */
    public static StateBuilder counterparty(StateSchema schema) {
        return new StateBuilder(schema, schema.textFeatures() > 0 ? TextFeatures.shared(schema.textFeatures()) : null,
                Role.COUNTERPARTY);
    }

    private StateBuilder(StateSchema schema, TextFeatures text, Role role) {
        this.schema = Objects.requireNonNull(schema, "schema");
        if (schema.role() != role) {
            throw new InputException(role == Role.FOCAL ? COUNTERPARTY_AS_FOCAL : FOCAL_AS_COUNTERPARTY);
        }
        int wanted = schema.textFeatures();
        if (wanted > 0 && (text == null || text.dimension() != wanted)) {
            throw new IllegalArgumentException("the schema has " + wanted + " text features but the projection has "
                    + (text == null ? "none" : text.dimension()));
        }
        this.text = wanted > 0 ? text : null;
    }

    public StateSchema schema() {
        return schema;
    }

    /**
     * The state before this builder's role's turn {@code t} of a logged episode: the focal agent's turn of a
     * focal-role episode, or the counterparty's turn of a counterparty-role episode (mirrored, {@link MirroredState}).
     *
     * @throws InputException if the episode comes from a sweep of the other role, whose emotions were not the
     *                        learner's to choose
     */
    public float[] build(CorpusEpisode episode, int t) {
        boolean counterpartyEpisode = CounterpartyView.isCounterpartyRole(episode);
        if (schema.role() == Role.FOCAL) {
            if (counterpartyEpisode) {
                throw new InputException("episode " + episode.episodeId() + " comes from a counterparty-role sweep "
                        + "(policy '" + episode.policy() + "': the sweep chose the counterparty's emotions, not the "
                        + "focal agent's); build its transitions with 'emodistill counterparty-dataset'");
            }
            return build(StateInput.fromEpisode(episode, t));
        }
        if (!counterpartyEpisode) {
            throw new InputException("episode " + episode.episodeId() + " comes from a focal-role sweep (policy '"
                    + episode.policy() + "'); counterparty states are built from counterparty-role sweeps "
                    + "(emodistill sweep --role counterparty)");
        }
        return build(MirroredState.fromEpisode(episode, t));
    }

    /** The state of a live turn of this builder's role (mirrored for the counterparty). */
    public float[] build(TurnContext ctx) {
        return build(schema.role() == Role.FOCAL ? StateInput.fromTurn(ctx) : MirroredState.fromTurn(ctx));
    }

    /** The state for an input (offline prefix or live transcript), already seen from the acting side. */
    public float[] build(StateInput in) {
        double[] x = new double[schema.dimension()];
        negotiation(in, x);
        lastFocalEmotion(in.messages(), x);
        perceived(in.messages(), x);
        if (schema.domainFeatures()) {
            x[StateSchema.DOMAIN_OFFSET + in.domain().ordinal()] = 1;
        }
        if (text != null) {
            textBlock(in.messages(), x);
        }
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) x[i];
        }
        return out;
    }

    private static void negotiation(StateInput in, double[] x) {
        StandingOffers standing = new StandingOffers();
        List<Double> steps = new ArrayList<>();
        for (StateMessage m : in.messages()) {
            double before = cpPosition(in, standing);
            standing.apply(m);
            if (m.speaker() == Role.COUNTERPARTY) {
                steps.add(cpPosition(in, standing) - before);
            }
        }
        double last = steps.isEmpty() ? 0 : steps.get(steps.size() - 1);
        int window = Math.min(MEAN_WINDOW, steps.size());
        double mean = 0;
        for (int i = steps.size() - window; i < steps.size(); i++) {
            mean += steps.get(i) / window;
        }
        int stalemate = 0;
        for (int i = steps.size() - 1; i >= 0 && steps.get(i) <= CONCESSION_EPSILON; i--) {
            stalemate++;
        }
        double own = ownPosition(in, standing);
        double cp = cpPosition(in, standing);
        x[0] = last;
        x[1] = mean;
        x[2] = own - cp;
        x[3] = in.t() / (double) in.horizon();
        x[4] = cp;
        x[5] = 1 - own;
        x[6] = stalemate / (double) in.horizon();
    }

    private static double cpPosition(StateInput in, StandingOffers standing) {
        Double offer = standing.standing(Role.COUNTERPARTY);
        return offer == null ? 0 : clip(in.position(offer));
    }

    private static double ownPosition(StateInput in, StandingOffers standing) {
        Double offer = standing.standing(Role.FOCAL);
        return offer == null ? 1 : clip(in.position(offer));
    }

    private static double clip(double position) {
        return Math.max(MIN_POSITION, Math.min(MAX_POSITION, position));
    }

    private static void lastFocalEmotion(List<StateMessage> messages, double[] x) {
        int slot = StateSchema.NO_FOCAL_EMOTION_SLOT;
        StateMessage last = latest(messages, Role.FOCAL);
        if (last != null && !last.emotion().isControl()) {
            slot = last.emotion().index();
        }
        x[StateSchema.FOCAL_EMOTION_OFFSET + slot] = 1;
    }

    private static void perceived(List<StateMessage> messages, double[] x) {
        int count = 0;
        for (StateMessage m : messages) {
            if (m.speaker() == Role.COUNTERPARTY && m.perceived() != null) {
                Map<EkmanGroup, Double> groups = m.perceived().ekman();
                for (EkmanGroup g : EkmanGroup.values()) {
                    x[StateSchema.EKMAN_MEAN_OFFSET + g.ordinal()] += groups.get(g);
                }
                count++;
            }
        }
        for (int g = 0; count > 0 && g < StateSchema.EKMAN_FEATURES; g++) {
            x[StateSchema.EKMAN_MEAN_OFFSET + g] /= count;
        }
        StateMessage last = latest(messages, Role.COUNTERPARTY);
        if (last == null) {
            return;
        }
        EmotionDistribution p = last.perceived();
        for (int k = 0; k < Emotion.COUNT; k++) {
            x[StateSchema.PERCEIVED_OFFSET + k] = p.probability(k);
        }
        Map<EkmanGroup, Double> groups = p.ekman();
        for (EkmanGroup g : EkmanGroup.values()) {
            x[StateSchema.EKMAN_OFFSET + g.ordinal()] = groups.get(g);
        }
    }

    private void textBlock(List<StateMessage> messages, double[] x) {
        StateMessage last = latest(messages, Role.COUNTERPARTY);
        if (last == null) {
            return;
        }
        if (last.text() == null) {
            throw new IllegalArgumentException("the state has text features but the counterparty's last message "
                    + "carries no text");
        }
        float[] v = text.project(last.text());
        int offset = schema.textOffset();
        for (int i = 0; i < v.length; i++) {
            x[offset + i] = v[i];
        }
    }

    private static StateMessage latest(List<StateMessage> messages, Role who) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).speaker() == who) {
                return messages.get(i);
            }
        }
        return null;
    }
}
