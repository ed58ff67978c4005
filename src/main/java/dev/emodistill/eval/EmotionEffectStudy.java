package dev.emodistill.eval;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.domain.Domain;
import dev.emodistill.domain.Scenario;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.io.Json;
import dev.emodistill.negotiation.EmotionPolicies;
import dev.emodistill.negotiation.EmotionPolicy;
import dev.emodistill.negotiation.EpisodeResult;
import dev.emodistill.sim.EpisodeRunner;
import dev.emodistill.sim.Persona;
import dev.emodistill.sim.Personas;
import dev.emodistill.sim.Seeds;
import dev.emodistill.sim.SimWorld;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-emotion study of the embedded world ({@code emodistill analyze sim}): every fixed emotion (and the
 * no-emotion control) against every persona, plus a uniform mix of the four training personas in which the
 * persona is hidden from the focal agent, where simple state-dependent rules compete with the fixed emotions.
 *
 * <p>All conditions play the same scenarios with the same per-episode seeds (common random numbers: the seed
 * depends on the scenario, the persona slot and the episode index, not on the policy), so differences between
 * policies are not sampling noise in the scenarios. Intervals are 95 % bootstrap intervals of expected
 * utility resampling scenarios.
 *
 * <p>It checks the three properties DESIGN §4.3 requires of the simulator:
 * (a) against {@code vanilla} the best and worst fixed emotions' intervals do not overlap;
 * (b) no single fixed emotion is best against every training persona;
 * (c) on the hidden mix, the best state-dependent rule's interval lies above the best fixed emotion's.
 */
public final class EmotionEffectStudy {
    /** The condition name of the hidden uniform mix of training personas. */
    public static final String MIX = "mix";

    /** State-dependent rules tried on the mix unless others are given. */
    public static final List<String> DEFAULT_RULES = List.of(
            "rule:ekman:anger>gratitude,disgust>gratitude,joy>gratitude,fear>anger,sadness>anger,neutral>sadness,surprise>sadness,default>gratitude",
            "rule:phase:anger,gratitude@0.4",
            "rule:phase:sadness,gratitude@0.5");

    /** One cell: a policy in a condition. */
    public record Cell(String condition, String policy, boolean rule, EpisodeSummary summary) {
    }

    /** The verdict on one property. */
    public record Check(String name, boolean passed, String detail) {
    }

    /** The whole study for one domain. */
    public record Result(Domain domain, int episodesPerCell, long seed, List<Cell> cells, List<Check> checks) {
        public List<Cell> cells(String condition) {
            return cells.stream().filter(c -> c.condition().equals(condition)).toList();
        }

        public boolean passed() {
            return checks.stream().allMatch(Check::passed);
        }

        public ObjectNode toJson() {
            ObjectNode o = Json.object();
            o.put("domain", domain.id());
            o.put("episodes_per_cell", episodesPerCell);
            o.put("seed", seed);
            ArrayNode arr = o.putArray("cells");
            for (Cell c : cells) {
                ObjectNode j = arr.addObject();
                j.put("condition", c.condition());
                j.put("policy", c.policy());
                j.put("rule", c.rule());
                j.setAll(c.summary().toJson());
            }
            ArrayNode checks = o.putArray("checks");
            for (Check c : this.checks) {
                checks.addObject().put("name", c.name()).put("passed", c.passed()).put("detail", c.detail());
            }
            o.put("passed", passed());
            return o;
        }
    }

    private EmotionEffectStudy() {
    }

    /** Every fixed-emotion policy name: the 28 emotions, then the control. */
    public static List<String> fixedPolicies() {
        List<String> out = new ArrayList<>();
        Emotion.GOEMOTIONS.forEach(e -> out.add("fixed:" + e.label()));
        out.add("no-emotion");
        return out;
    }

    public static Result run(SimWorld world, Domain domain, List<Scenario> scenarios, List<Persona> personas,
                             List<String> rules, int episodesPerCell, long seed, int workers, Runnable onEpisode) {
        List<String> fixed = fixedPolicies();
        Map<String, List<EpisodeRunner.Task>> plan = new LinkedHashMap<>();
        List<Persona> training = Personas.training();
        for (Persona p : personas) {
            for (String policy : fixed) {
                plan.put(p.name() + "|" + policy, tasks(scenarios, List.of(p), policy, episodesPerCell, seed, p.name()));
            }
        }
        List<String> mixPolicies = new ArrayList<>(fixed);
        mixPolicies.addAll(rules);
        for (String policy : mixPolicies) {
            plan.put(MIX + "|" + policy, tasks(scenarios, training, policy, episodesPerCell, seed, MIX));
        }
        List<EpisodeRunner.Task> all = plan.values().stream().flatMap(List::stream).toList();
        List<EpisodeResult> results = EpisodeRunner.run(world, all, workers, onEpisode);
        List<Cell> cells = new ArrayList<>();
        int offset = 0;
        for (Map.Entry<String, List<EpisodeRunner.Task>> e : plan.entrySet()) {
            int n = e.getValue().size();
            String[] key = e.getKey().split("\\|", 2);
            EpisodeSummary s = EpisodeSummary.of(results.subList(offset, offset + n), Seeds.derive(seed, "bootstrap", e.getKey()));
            cells.add(new Cell(key[0], key[1], key[1].startsWith("rule:"), s));
            offset += n;
        }
        return new Result(domain, episodesPerCell, seed, cells, checks(cells, personas));
    }

    /**
     * Episode i plays scenario i (cycling) against persona i mod |personas|, with a seed that does not depend
     * on the policy, so every policy in a condition meets exactly the same counterparts.
     */
    private static List<EpisodeRunner.Task> tasks(List<Scenario> scenarios, List<Persona> personas, String policy,
                                                  int n, long seed, String condition) {
        EmotionPolicies.parse(policy);
        List<EpisodeRunner.Task> tasks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Scenario s = scenarios.get(i % scenarios.size());
            Persona p = personas.get(i % personas.size());
            long episodeSeed = Seeds.derive(seed, "analyze", condition, s.id(), i);
            tasks.add(new EpisodeRunner.Task(s, p, () -> policyOf(policy), episodeSeed));
        }
        return tasks;
    }

    private static EmotionPolicy policyOf(String spec) {
        return EmotionPolicies.parse(spec);
    }

    private static List<Check> checks(List<Cell> cells, List<Persona> personas) {
        List<Check> checks = new ArrayList<>();
        Comparator<Cell> byEu = Comparator.comparingDouble(c -> c.summary().expectedUtility());
        // (a) emotion matters against vanilla
        List<Cell> vanilla = emotionsOnly(cells, "vanilla");
        if (!vanilla.isEmpty()) {
            Cell best = vanilla.stream().max(byEu).orElseThrow();
            Cell worst = vanilla.stream().min(byEu).orElseThrow();
            boolean ok = !best.summary().expectedUtilityCi().overlaps(worst.summary().expectedUtilityCi());
            checks.add(new Check("a_emotion_matters", ok, String.format(java.util.Locale.ROOT,
                    "vs vanilla: best %s %.3f %s, worst %s %.3f %s", best.policy(), best.summary().expectedUtility(),
                    ci(best), worst.policy(), worst.summary().expectedUtility(), ci(worst))));
        }
        // (b) no single emotion is best against every training persona
        Map<String, String> bestPer = new LinkedHashMap<>();
        for (Persona p : personas) {
            if (p.heldOut()) {
                continue;
            }
            emotionsOnly(cells, p.name()).stream().max(byEu).ifPresent(c -> bestPer.put(p.name(), c.policy()));
        }
        if (bestPer.size() >= 2) {
            boolean ok = bestPer.values().stream().distinct().count() > 1;
            checks.add(new Check("b_no_universal_best", ok, "best per persona: " + bestPer));
        }
        // (c) a state-dependent rule beats the best fixed emotion on the hidden mix
        List<Cell> mix = cells.stream().filter(c -> c.condition().equals(MIX)).toList();
        var bestFixed = mix.stream().filter(c -> !c.rule()).max(byEu);
        var bestRule = mix.stream().filter(Cell::rule).max(byEu);
        if (bestFixed.isPresent() && bestRule.isPresent()) {
            Cell f = bestFixed.get();
            Cell r = bestRule.get();
            boolean ok = r.summary().expectedUtilityCi().low() > f.summary().expectedUtilityCi().high();
            checks.add(new Check("c_state_dependent_rule_wins", ok, String.format(java.util.Locale.ROOT,
                    "hidden mix: best rule %s %.3f %s vs best fixed %s %.3f %s", r.policy(),
                    r.summary().expectedUtility(), ci(r), f.policy(), f.summary().expectedUtility(), ci(f))));
        }
        return checks;
    }

    private static List<Cell> emotionsOnly(List<Cell> cells, String condition) {
        return cells.stream().filter(c -> c.condition().equals(condition) && c.policy().startsWith("fixed:")).toList();
    }

    private static String ci(Cell c) {
        Stats.Interval i = c.summary().expectedUtilityCi();
        return String.format(java.util.Locale.ROOT, "[%.3f, %.3f]", i.low(), i.high());
    }
}
