package dev.emodistill.corpus;

import dev.emodistill.domain.Scenario;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.sim.Persona;
import dev.emodistill.sim.Seeds;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The ordered list of episodes a sweep plays: scenarios x seeds x personas (random policy), or scenarios x seeds x
 * personas x emotions (fixed policy), in that nesting order. The corpus file holds exactly a prefix of this list,
 * in this order, which is what makes a resumed or re-run sweep byte-identical to an uninterrupted one.
 *
 * <p>In a counterparty-role sweep the policy field is {@link CounterpartyView#policyLabel prefixed} (e.g.
 * {@code counterparty:random}) and the episode seed also derives from the word {@code counterparty}, so its episodes
 * are independent of a focal-role sweep with the same run seed.
 */
public final class SweepPlan {
    private SweepPlan() {
    }

    public static List<PlannedEpisode> of(SweepConfig config, List<Scenario> scenarios, List<Persona> personas) {
        List<PlannedEpisode> plan = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Scenario s : scenarios) {
            for (int k = 0; k < config.seeds(); k++) {
                for (Persona p : personas) {
                    if (config.policy().equals(SweepConfig.RANDOM)) {
                        add(plan, ids, config, s, p, label(config, SweepConfig.RANDOM), SweepConfig.RANDOM, k);
                    } else {
                        for (Emotion e : config.emotions()) {
                            String policy = e.isControl() ? "no-emotion" : "fixed:" + e.label();
                            add(plan, ids, config, s, p, label(config, policy), e.label(), k);
                        }
                    }
                }
            }
        }
        return plan;
    }

    private static String label(SweepConfig config, String policy) {
        return config.counterpartyRole() ? CounterpartyView.policyLabel(policy) : policy;
    }

    private static void add(List<PlannedEpisode> plan, Set<String> ids, SweepConfig config, Scenario s, Persona p,
                            String policy, String emotionKey, int k) {
        String id = s.id() + "/" + p.name() + "/" + policy + "/s" + k;
        if (!ids.add(id)) {
            throw new IllegalStateException("duplicate episode id in plan: " + id);
        }
        long seed = config.counterpartyRole()
                ? Seeds.derive(config.seed(), "counterparty", s.id(), p.name(), emotionKey, k)
                : Seeds.derive(config.seed(), s.id(), p.name(), emotionKey, k);
        plan.add(new PlannedEpisode(id, s, p, policy, k, seed));
    }
}
