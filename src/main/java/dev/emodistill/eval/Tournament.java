package dev.emodistill.eval;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.domain.Scenario;
import dev.emodistill.io.Json;
import dev.emodistill.negotiation.CounterpartyUtility;
import dev.emodistill.negotiation.EmotionPolicy;
import dev.emodistill.negotiation.EpisodeResult;
import dev.emodistill.negotiation.NegotiationAgent;
import dev.emodistill.negotiation.Role;
import dev.emodistill.sim.EpisodeRunner;
import dev.emodistill.sim.Persona;
import dev.emodistill.sim.Seeds;
import dev.emodistill.sim.SimWorld;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Trained-vs-trained tournaments (DESIGN §10): a round-robin in which every focal agent meets every counterparty on
 * the same (scenario, seed) pairs. The episode seed depends on the scenario and the seed index only, so every match
 * sees the same focal tactic draws and, for counterparties that share a persona's body, the same hidden reservation:
 * differences between matches are paired.
 *
 * <p>Per match: the focal agent's expected utility EU_f = mean u (0 without a deal) and the counterparty's
 * EU_c = mean (1 - u on a deal, 0 otherwise), each with a 95 % bootstrap interval that resamples scenarios. The side
 * with the higher expected utility wins the match (a draw when they are equal). Standings: focal agents ranked by
 * their mean EU_f over all counterparties, counterparties by their mean EU_c over all focal agents (ties: more wins,
 * then the order given); the interval of a standing resamples scenarios over all its episodes.
 */
public final class Tournament {
    private Tournament() {
    }

    /** A focal entrant: a name and fresh per-episode policies by seed index; its own words or null for the world's. */
    public record FocalAgent(String name, IntFunction<EmotionPolicy> policyForSeed,
                             SimWorld.ExpresserFactory expresser) {
        public FocalAgent {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(policyForSeed, "policyForSeed");
        }

        public static FocalAgent of(String name, Supplier<EmotionPolicy> policy) {
            return new FocalAgent(name, k -> policy.get(), null);
        }
    }

    /**
     * A counterparty entrant: a persona's bargaining body (tactic, reservation range, response profile) and who chooses
     * its displayed emotions.
     *
     * @param displayForSeed fresh per-episode emotion policies by seed index (a trained counterparty selector), or
     *                       null for the persona's own palette (an untrained persona)
     */
    public record CounterpartyAgent(String name, Persona body, IntFunction<EmotionPolicy> displayForSeed) {
        public CounterpartyAgent {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(body, "body");
        }

        /** The untrained persona, named {@code persona:NAME}. */
        public static CounterpartyAgent persona(Persona persona) {
            return new CounterpartyAgent("persona:" + persona.name(), persona, null);
        }

        public boolean trained() {
            return displayForSeed != null;
        }

        NegotiationAgent create(double granularity, int seedIndex, long episodeSeed) {
            return displayForSeed == null ? SimWorld.counterparty(body, granularity, episodeSeed)
                    : SimWorld.counterparty(body, displayForSeed.apply(seedIndex), granularity, episodeSeed);
        }
    }

    /** One played episode of a match. */
    public record Episode(String focal, String counterparty, Scenario scenario, int seedIndex, long seed,
                          EpisodeResult result) {
        public double counterpartyUtility() {
            return CounterpartyUtility.of(result);
        }
    }

    /**
     * One focal agent against one counterparty.
     *
     * @param focalSummary                the focal agent's numbers (expected utility with its scenario interval, deals,
     *                                    walk-aways, rounds)
     * @param counterpartyExpectedUtility EU_c, mean of 1 - u on deals and 0 otherwise
     * @param counterpartyCi              its 95 % scenario-bootstrap interval
     */
    public record Match(String focal, String counterparty, EpisodeSummary focalSummary,
                        double counterpartyExpectedUtility, Stats.Interval counterpartyCi) {
        /** The side with the higher expected utility, or null for a draw. */
        public Role winner() {
            double d = focalSummary.expectedUtility() - counterpartyExpectedUtility;
            return d > 0 ? Role.FOCAL : d < 0 ? Role.COUNTERPARTY : null;
        }

        public ObjectNode toJson() {
            ObjectNode o = Json.object();
            o.put("focal", focal);
            o.put("counterparty", counterparty);
            o.put("episodes", focalSummary.episodes());
            o.put("focal_expected_utility", Json.round(focalSummary.expectedUtility(), 4));
            interval(o, "focal_expected_utility_ci", focalSummary.expectedUtilityCi());
            o.put("counterparty_expected_utility", Json.round(counterpartyExpectedUtility, 4));
            interval(o, "counterparty_expected_utility_ci", counterpartyCi);
            o.put("success_rate", Json.round(focalSummary.successRate(), 4));
            interval(o, "success_rate_ci", focalSummary.successCi());
            o.put("walkaway_rate", Json.round(focalSummary.walkawayRate(), 4));
            o.put("timeout_rate", Json.round(focalSummary.timeoutRate(), 4));
            o.put("error_rate", Json.round(focalSummary.errorRate(), 4));
            o.put("mean_rounds", Json.round(focalSummary.meanRounds(), 3));
            Role w = winner();
            o.put("winner", w == null ? "draw" : w.label());
            return o;
        }
    }

    /**
     * One line of a role's standings.
     *
     * @param meanUtility the mean over its matches of its expected utility (EU_f for focal agents, EU_c for
     *                    counterparties); every match has the same episodes, so this is also the mean over all its
     *                    episodes
     * @param ci          95 % bootstrap interval of that mean, resampling scenarios
     * @param wins        matches in which its expected utility exceeded the opponent's
     */
    public record Standing(int rank, String agent, Role role, double meanUtility, Stats.Interval ci, int wins,
                           int draws, int losses) {
        /** wins + draws / 2. */
        public double points() {
            return wins + 0.5 * draws;
        }

        public ObjectNode toJson() {
            ObjectNode o = Json.object();
            o.put("rank", rank);
            o.put("agent", agent);
            o.put("role", role.label());
            o.put("mean_utility", Json.round(meanUtility, 4));
            interval(o, "mean_utility_ci", ci);
            o.put("wins", wins);
            o.put("draws", draws);
            o.put("losses", losses);
            o.put("points", points());
            return o;
        }
    }

    /** The whole tournament: matches in focal-major order, both standings (best first) and every episode. */
    public record Result(List<Match> matches, List<Standing> focal, List<Standing> counterparty,
                         List<Episode> episodes) {
        public Result {
            matches = List.copyOf(matches);
            focal = List.copyOf(focal);
            counterparty = List.copyOf(counterparty);
            episodes = List.copyOf(episodes);
        }

        /** The match of a focal agent and a counterparty, by name. */
        public Match match(String focalName, String counterpartyName) {
            return matches.stream().filter(m -> m.focal().equals(focalName) && m.counterparty().equals(counterpartyName))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("no match " + focalName + " vs "
                            + counterpartyName));
        }
    }

    /** The episode seed of a (scenario, seed index) pair: the same in every match. */
    public static long episodeSeed(long seed, Scenario s, int k) {
        return Seeds.derive(seed, "tournament", s.id(), k);
    }

    /**
     * Plays the round-robin.
     *
     * @param world the world every match is played in (protocol, perception, focal response); its counterparty is
     *              replaced by each entrant
     */
    public static Result run(SimWorld world, List<FocalAgent> focal, List<CounterpartyAgent> counterparties,
                             List<Scenario> scenarios, int seeds, long seed, int workers, Runnable onEpisode) {
        if (focal.isEmpty() || counterparties.isEmpty() || scenarios.isEmpty() || seeds < 1) {
            throw new IllegalArgumentException("a tournament needs focal agents, counterparties, scenarios and seeds");
        }
        unique(focal.stream().map(FocalAgent::name).toList(), "focal agent");
        unique(counterparties.stream().map(CounterpartyAgent::name).toList(), "counterparty");
        List<EpisodeRunner.Task> tasks = new ArrayList<>();
        List<Episode> meta = new ArrayList<>();
        for (FocalAgent f : focal) {
            SimWorld focalWorld = f.expresser() == null ? world : world.withExpresser(f.expresser(), f.name());
            for (CounterpartyAgent c : counterparties) {
                for (Scenario s : scenarios) {
                    for (int k = 0; k < seeds; k++) {
                        int seedIndex = k;
                        long es = episodeSeed(seed, s, k);
                        SimWorld match = focalWorld.withCounterparty(
                                (scenario, persona, granularity, episodeSeed) -> c.create(granularity, seedIndex,
                                        episodeSeed), c.name());
                        tasks.add(new EpisodeRunner.Task(s, c.body(), () -> f.policyForSeed().apply(seedIndex), es,
                                match));
                        meta.add(new Episode(f.name(), c.name(), s, k, es, null));
                    }
                }
            }
        }
        List<EpisodeResult> results = EpisodeRunner.run(world, tasks, workers, onEpisode);
        List<Episode> episodes = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            Episode m = meta.get(i);
            episodes.add(new Episode(m.focal(), m.counterparty(), m.scenario(), m.seedIndex(), m.seed(), results.get(i)));
        }
        int perMatch = scenarios.size() * seeds;
        List<Match> matches = new ArrayList<>();
        for (int i = 0; i < focal.size() * counterparties.size(); i++) {
            List<Episode> mine = episodes.subList(i * perMatch, (i + 1) * perMatch);
            String f = mine.get(0).focal();
            String c = mine.get(0).counterparty();
            EpisodeSummary summary = EpisodeSummary.of(mine.stream().map(Episode::result).toList(),
                    Seeds.derive(seed, "bootstrap", f, c));
            double[] cu = mine.stream().mapToDouble(Episode::counterpartyUtility).toArray();
            matches.add(new Match(f, c, summary, Stats.mean(cu), Stats.clusteredBootstrapMean(cu, clusters(mine),
                    EpisodeSummary.RESAMPLES, Seeds.derive(seed, "bootstrap-counterparty", f, c))));
        }
        List<Standing> focalStandings = standings(Role.FOCAL, focal.stream().map(FocalAgent::name).toList(), matches,
                episodes, seed);
        List<Standing> counterpartyStandings = standings(Role.COUNTERPARTY,
                counterparties.stream().map(CounterpartyAgent::name).toList(), matches, episodes, seed);
        return new Result(matches, focalStandings, counterpartyStandings, episodes);
    }

    private static List<Standing> standings(Role role, List<String> names, List<Match> matches, List<Episode> episodes,
                                            long seed) {
        record Row(String name, int order, double mean, Stats.Interval ci, int wins, int draws, int losses) {
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            List<Match> mine = matches.stream()
                    .filter(m -> (role == Role.FOCAL ? m.focal() : m.counterparty()).equals(name)).toList();
            int wins = 0;
            int draws = 0;
            double sum = 0;
            for (Match m : mine) {
                Role w = m.winner();
                wins += w == role ? 1 : 0;
                draws += w == null ? 1 : 0;
                sum += role == Role.FOCAL ? m.focalSummary().expectedUtility() : m.counterpartyExpectedUtility();
            }
            List<Episode> played = episodes.stream()
                    .filter(e -> (role == Role.FOCAL ? e.focal() : e.counterparty()).equals(name)).toList();
            double[] u = played.stream().mapToDouble(e -> role == Role.FOCAL ? e.result().utility()
                    : e.counterpartyUtility()).toArray();
            Stats.Interval ci = Stats.clusteredBootstrapMean(u, clusters(played), EpisodeSummary.RESAMPLES,
                    Seeds.derive(seed, "standing", role.label(), name));
            rows.add(new Row(name, i, sum / mine.size(), ci, wins, draws, mine.size() - wins - draws));
        }
        rows.sort(Comparator.comparingDouble(Row::mean).reversed().thenComparing(Comparator.comparingInt(Row::wins)
                .reversed()).thenComparingInt(Row::order));
        List<Standing> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            out.add(new Standing(i + 1, r.name(), role, r.mean(), r.ci(), r.wins(), r.draws(), r.losses()));
        }
        return out;
    }

    private static String[] clusters(List<Episode> episodes) {
        return episodes.stream().map(e -> e.scenario().id()).toArray(String[]::new);
    }

    private static void unique(List<String> names, String what) {
        if (names.stream().distinct().count() != names.size()) {
            throw new IllegalArgumentException("a " + what + " is entered twice: " + names);
        }
    }

    private static void interval(ObjectNode o, String key, Stats.Interval ci) {
        ArrayNode a = o.putArray(key);
        a.add(Json.round(ci.low(), 4));
        a.add(Json.round(ci.high(), 4));
    }
}
