package dev.emodistill.corpus;

import dev.emodistill.negotiation.CounterpartyUtility;
import dev.emodistill.negotiation.Role;

import java.util.ArrayList;
import java.util.List;

/**
 * The counterparty role of a logged episode (DESIGN §10). A counterparty-role sweep logs its episodes as played —
 * focal first, focal utility, the focal agent's targets — so the corpus stays an ordinary, checkable corpus; its
 * {@code policy} field carries the prefix {@value #POLICY_PREFIX} (e.g. {@code counterparty:random}) to say that the
 * swept policy chose the counterparty's emotions. {@link #mirror} turns such an episode into the counterparty's view,
 * in which the focal learner's machinery (states, rewards) applies unchanged:
 *
 * <ul>
 *   <li>speakers swap: the counterparty's messages are labelled {@code focal} ("own"), the focal agent's
 *       {@code counterparty} ("other"); indices and turn numbers stay, so its own turn t still follows the other
 *       side's turn t;</li>
 *   <li>targets swap: T_f' = T_c and T_c' = T_f, so pos'(x) = (T_c' - x) / span' = 1 - pos(x) (0 = the focal
 *       target, 1 = its own target), its own standing position before any offer is 1 and the other side's 0;</li>
 *   <li>utility: 1 - u on a deal, 0 without one ({@link CounterpartyUtility});</li>
 *   <li>rounds: its own turns; {@code endedBy} swaps; {@code policy} drops the prefix (the swept policy is now the
 *       acting side's).</li>
 * </ul>
 *
 * The mirrored episode is a view for learning, never written: it speaks second, which the corpus format does not
 * allow. (With |T_c - T_f| &lt; 1 the span is pushed to magnitude 1 and the mirror of the scale is exact only up to
 * that rounding; the utility is 1 - u regardless.)
 */
public final class CounterpartyView {
    /** Marks the policy field of an episode whose counterparty's emotions were chosen by the sweep policy. */
    public static final String POLICY_PREFIX = "counterparty:";

    private CounterpartyView() {
    }

    /** The policy field of a counterparty-role episode whose counterparty played {@code sweptPolicy}. */
    public static String policyLabel(String sweptPolicy) {
        return POLICY_PREFIX + sweptPolicy;
    }

    /** Whether a policy field marks a counterparty-role episode. */
    public static boolean isCounterpartyPolicy(String policy) {
        return policy != null && policy.startsWith(POLICY_PREFIX);
    }

    /** Whether the episode comes from a counterparty-role sweep. */
    public static boolean isCounterpartyRole(CorpusEpisode e) {
        return isCounterpartyPolicy(e.policy());
    }

    /** The counterparty's policy of a counterparty-role policy field, e.g. {@code random} for {@code counterparty:random}. */
    public static String sweptPolicy(String policy) {
        if (!isCounterpartyPolicy(policy)) {
            throw new IllegalArgumentException("not a counterparty-role policy: " + policy);
        }
        return policy.substring(POLICY_PREFIX.length());
    }

    /** The episode from the counterparty's point of view (see the class comment). */
    public static CorpusEpisode mirror(CorpusEpisode played) {
        List<CorpusTurn> turns = new ArrayList<>(played.turns().size());
        int own = 0;
        for (CorpusTurn t : played.turns()) {
            turns.add(new CorpusTurn(t.index(), t.speaker().other(), t.turn(), t.act(), t.emotion(), t.text(),
                    t.offer(), t.perceived(), t.judgeScore(), t.judgeRationale()));
            own += t.speaker() == Role.COUNTERPARTY ? 1 : 0;
        }
        String policy = isCounterpartyRole(played) ? sweptPolicy(played.policy()) : played.policy();
        return new CorpusEpisode(played.episodeId(), played.scenarioId(), played.domain(), played.persona(), policy,
                played.seedIndex(), played.seed(), played.counterpartyTarget(), played.focalTarget(),
                played.tolerance(), played.horizon(), played.outcome(), played.dealValue(),
                CounterpartyUtility.of(played.outcome(), played.utility()), own,
                played.endedBy() == null ? null : played.endedBy().other(), played.error(), turns);
    }
}
