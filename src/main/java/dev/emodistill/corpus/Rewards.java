package dev.emodistill.corpus;

import dev.emodistill.io.InputException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleBiFunction;

/**
 * The selectable per-turn rewards of DESIGN §6. Every reward is a function of a logged episode and a focal turn
 * t (0-based), on the position scale pos(x) = (T_c - x) / span (0 = counterparty target, 1 = focal target), so
 * one formula serves both polarities (debt: fewer days is better; disaster: more minutes is better).
 *
 * <p>Standing offers are replayed with {@link dev.emodistill.rl.StandingOffers}, the rule the state uses: a
 * stated offer becomes the speaker's standing offer; an explicit acceptance moves the accepter onto the other
 * side's standing offer; a message without a number (a walk-away, words alone) changes nothing. Before its first
 * offer a side stands at its own target: the counterparty at 0, the focal agent at 1.
 *
 * <p>Names: {@code concession}, {@code net}, {@code time_weighted_net}, {@code terminal}, {@code judge}; sums
 * with {@code +}, e.g. {@code time_weighted_net+terminal}, which is also {@code default} (the IQL default).
 */
public final class Rewards {
    /** The reward IQL trains on unless told otherwise. */
    public static final String DEFAULT_NAME = "time_weighted_net+terminal";
    /** Bound on one turn's concession or capitulation, so one mis-parsed number cannot dominate a dataset. */
    public static final double STEP_CLIP = 2;

    public static final Reward CONCESSION = named("concession",
            "r_t = clip(D_t, -2, 2), D_t = pos(counterparty standing offer after its reply to focal turn t) - "
                    + "pos(its standing offer before focal turn t); pos(x) = (T_c - x) / span; before any "
                    + "counterparty offer its standing position is 0; a reply accepting the focal offer moves it "
                    + "there; a reply without an offer (walk-away, no number) or no reply gives D_t = 0",
            Rewards::concession);
    public static final Reward NET = named("net",
            "r_t = concession_t - capitulation_t, capitulation_t = clip(pos(focal standing offer before turn t, "
                    + "1 before any) - pos(focal standing offer after turn t), 0, 2); accepting moves the focal "
                    + "agent onto the counterparty's standing offer",
            Rewards::net);
    public static final Reward TIME_WEIGHTED_NET = named("time_weighted_net",
            "r_t = net_t * (1 - t/H), t the 0-based focal turn, H the horizon in focal turns",
            Rewards::timeWeightedNet);
    public static final Reward TERMINAL = named("terminal",
            "on the last focal turn only: +2*u on a deal (u = focal utility of the deal), -1 on a walk-away or "
                    + "timeout; 0 on every other turn",
            Rewards::terminal);
    public static final Reward JUDGE = named("judge",
            "r_t = (judge_score_t - 5.5) / 4.5, the judge's 1-10 score of focal turn t mapped to [-1, 1]",
            Rewards::judge);

    private static final Map<String, Reward> BASE = new LinkedHashMap<>();

    static {
        for (Reward r : List.of(CONCESSION, NET, TIME_WEIGHTED_NET, TERMINAL, JUDGE)) {
            BASE.put(r.name(), r);
        }
    }

    private Rewards() {
    }

    /** The base reward names, for help text and errors. */
    public static List<String> names() {
        return List.copyOf(BASE.keySet());
    }

    /** The default IQL reward: time-weighted net + terminal. */
    public static Reward defaultReward() {
        return byName(DEFAULT_NAME);
    }

    /**
     * A reward by name: a base name, {@code default}, or a sum of base names joined by {@code +}
     * (case-insensitive, spaces ignored).
     *
     * @throws InputException naming the valid names if a term is unknown, empty or repeated
     */
    public static Reward byName(String name) {
        if (name == null || name.isBlank()) {
            throw new InputException("reward name is empty; valid names: " + help());
        }
        String key = name.trim().toLowerCase(Locale.ROOT);
        if (key.equals("default")) {
            key = DEFAULT_NAME;
        }
        List<Reward> terms = new ArrayList<>();
        for (String part : key.split("\\+", -1)) {
            String term = part.trim();
            Reward r = BASE.get(term);
            if (r == null) {
                throw new InputException("unknown reward '" + (term.isEmpty() ? name : term) + "'; valid names: "
                        + help());
            }
            if (terms.contains(r)) {
                throw new InputException("reward '" + term + "' appears twice in '" + name + "'");
            }
            terms.add(r);
        }
        return terms.size() == 1 ? terms.get(0) : new Sum(terms);
    }

    private static String help() {
        return String.join(", ", BASE.keySet()) + ", default (= " + DEFAULT_NAME + "), or a sum like "
                + DEFAULT_NAME;
    }

    /**
     * Concession: how far the counterparty moved toward the focal target in its reply to focal turn t,
     * r_t = clip(pos(cp standing after reply) - pos(cp standing before turn t), -2, 2). See {@link #CONCESSION}.
     */
    public static double concession(CorpusEpisode e, int t) {
        RewardPositions p = RewardPositions.at(e, t);
        return clip(p.cpAfter() - p.cpBefore(), -STEP_CLIP, STEP_CLIP);
    }

    /**
     * The focal agent's own capitulation at turn t: how far its standing offer moved toward the counterparty,
     * clip(pos(own before) - pos(own after), 0, 2). Moving toward its own target is not rewarded.
     */
    public static double capitulation(CorpusEpisode e, int t) {
        RewardPositions p = RewardPositions.at(e, t);
        return clip(p.ownBefore() - p.ownAfter(), 0, STEP_CLIP);
    }

    /** Net: concession extracted minus own capitulation. */
    public static double net(CorpusEpisode e, int t) {
        return concession(e, t) - capitulation(e, t);
    }

    /** Time-weighted net: net x (1 - t/H), so early gains count more than late ones. */
    public static double timeWeightedNet(CorpusEpisode e, int t) {
        if (e.horizon() < 1) {
            throw new InputException("episode " + e.episodeId() + ": horizon must be at least 1, got " + e.horizon());
        }
        return net(e, t) * (1 - t / (double) e.horizon());
    }

    /**
     * Terminal: on the last focal turn, +2u for a deal and -1 for a walk-away or timeout; 0 on other turns and for
     * error episodes (which datasets skip).
     */
    public static double terminal(CorpusEpisode e, int t) {
        int last = focalCount(e) - 1;
        checkTurn(e, t, last + 1);
        if (t != last) {
            return 0;
        }
        return switch (e.outcome()) {
            case DEAL -> 2 * e.utility();
            case WALKAWAY, TIMEOUT -> -1;
            case ERROR -> 0;
        };
    }

    /**
     * Judge: (score - 5.5) / 4.5 for the judge's 1-10 score of focal turn t.
     *
     * @throws InputException if the turn carries no score (the corpus was not judged)
     */
    public static double judge(CorpusEpisode e, int t) {
        CorpusTurn turn = e.turns().get(RewardPositions.focalIndex(e, t));
        if (turn.judgeScore() == null) {
            throw new InputException("episode " + e.episodeId() + ", focal turn " + t
                    + ": no judge score; the judge reward needs a judged corpus, run `emodistill judge` first");
        }
        return (turn.judgeScore() - 5.5) / 4.5;
    }

    private static int focalCount(CorpusEpisode e) {
        int n = 0;
        for (CorpusTurn turn : e.turns()) {
            n += turn.isFocal() ? 1 : 0;
        }
        return n;
    }

    private static void checkTurn(CorpusEpisode e, int t, int focalTurns) {
        if (t < 0 || t >= focalTurns) {
            throw new IllegalArgumentException("episode " + e.episodeId() + " has " + focalTurns
                    + " focal turns; no focal turn " + t);
        }
    }

    private static double clip(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static Reward named(String name, String formula, ToDoubleBiFunction<CorpusEpisode, Integer> f) {
        return new Named(name, formula, f);
    }

    private record Named(String name, String formula, ToDoubleBiFunction<CorpusEpisode, Integer> f)
            implements Reward {
        @Override
        public double reward(CorpusEpisode e, int t) {
            return f.applyAsDouble(e, t);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** A sum of base rewards, named by joining their names with {@code +}. */
    private record Sum(List<Reward> terms) implements Reward {
        @Override
        public String name() {
            return String.join("+", terms.stream().map(Reward::name).toList());
        }

        @Override
        public String formula() {
            StringBuilder sb = new StringBuilder("r_t = ")
                    .append(String.join(" + ", terms.stream().map(Reward::name).toList()));
            for (Reward r : terms) {
                sb.append("; ").append(r.name()).append(": ").append(r.formula());
            }
            return sb.toString();
        }

        @Override
        public double reward(CorpusEpisode e, int t) {
            double sum = 0;
            for (Reward r : terms) {
                sum += r.reward(e, t);
            }
            return sum;
        }

        @Override
        public String toString() {
            return name();
        }
    }
}
