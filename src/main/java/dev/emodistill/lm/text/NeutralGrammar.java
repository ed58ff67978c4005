package dev.emodistill.lm.text;

import dev.emodistill.domain.Domain;
import dev.emodistill.domain.Scenario;
import dev.emodistill.domain.ScenarioGenerator;
import dev.emodistill.negotiation.OfferFormat;
import dev.emodistill.negotiation.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The built-in generator of polite, neutral negotiation text (DESIGN §9): the pre-training text of the
 * pocket LM's "aligned" base model, in all four domains and both roles.
 *
 * <p>A line is an optional lead sentence, a core sentence for its {@link Move} and domain and role, and
 * sometimes a reason; offers are written exactly as {@link OfferFormat} renders them ("14 days", "90
 * minutes", "10:30 PM"), so the offer parser reads back the stated value, and the wording carries no
 * emotion at all. Values are rounded as people say them: whole days; minutes to five above half an hour;
 * bedtimes to five minutes.
 *
 * <p>Dialogues follow a simple, plausible course: the focal side opens at its target from a generated
 * scenario, the counterparty opens at its own, both concede part of the gap in turn, a clarifying question
 * is asked now and then and answered with a reason, and the talk ends with an acceptance of the other's
 * standing offer and a closing, or, rarely, a polite walk-away. Everything is seeded: the same arguments
 * always give the same text.
 */
public final class NeutralGrammar {
    /** Probability that an offer or counter-offer carries a reason sentence. */
    private static final double REASON_RATE = 0.35;
    /** Probability that a counter-offer names the other side's value first (when a template allows it). */
    private static final double NAME_THEIRS_RATE = 0.4;
    private static final double QUESTION_RATE = 0.12;
    private static final double OPENING_QUESTION_RATE = 0.25;
    /** Once the planned concessions are made, the chance per turn of taking the other's offer. */
    private static final double SETTLE_RATE = 0.6;
    /** Counter-offers after the planned ones before someone leaves; keeps every dialogue finite. */
    private static final int PATIENCE = 3;

    private NeutralGrammar() {
    }

    /** {@code n} independent lines of the domain (random roles, moves and values), as text. */
    public static List<String> sample(Domain domain, int n, long seed) {
        List<String> out = new ArrayList<>(n);
        for (GrammarLine line : lines(domain, n, seed)) {
            out.add(line.text());
        }
        return out;
    }

    /** {@code n} independent lines with their moves and stated values. */
    public static List<GrammarLine> lines(Domain domain, int n, long seed) {
        Objects.requireNonNull(domain, "domain");
        if (n < 0) {
            throw new IllegalArgumentException("n must be non-negative, got " + n);
        }
        SplittableRandom rng = new SplittableRandom(mix(seed, domain));
        List<GrammarLine> out = new ArrayList<>(n);
        Move[] moves = Move.values();
        double[] weights = {0.14, 0.24, 0.24, 0.11, 0.12, 0.09, 0.06};
        for (int i = 0; i < n; i++) {
            Role role = rng.nextBoolean() ? Role.FOCAL : Role.COUNTERPARTY;
            Move move = moves[weighted(weights, rng)];
            double offer = randomValue(domain, rng);
            double their = randomValue(domain, rng);
            boolean states = switch (move) {
                case QUESTION, WALK_AWAY -> false;
                case CLOSING -> rng.nextBoolean();
                default -> true;
            };
            boolean namesTheirs = move == Move.COUNTER_OFFER && rng.nextDouble() < NAME_THEIRS_RATE;
            out.add(line(domain, role, move, states ? offer : null, namesTheirs ? their : null, rng));
        }
        return out;
    }

    /** {@code count} whole dialogues, each from its own generated scenario. */
    public static List<List<GrammarLine>> dialogues(Domain domain, int count, long seed) {
        SplittableRandom rng = new SplittableRandom(mix(seed, domain));
        List<List<GrammarLine>> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(dialogue(domain, rng.nextLong()));
        }
        return out;
    }

    /** One short dialogue, focal side first. */
    public static List<GrammarLine> dialogue(Domain domain, long seed) {
        Objects.requireNonNull(domain, "domain");
        SplittableRandom rng = new SplittableRandom(mix(seed, domain));
        Scenario scenario = ScenarioGenerator.generate(domain, 1, rng.nextLong()).get(0);
        double focalTarget = round(domain, scenario.focalTarget());
        double counterTarget = round(domain, scenario.counterpartyTarget());
        double tolerance = Math.max(step(domain), 0.05 * Math.abs(counterTarget - focalTarget));
        int planned = 1 + rng.nextInt(5);

        List<GrammarLine> out = new ArrayList<>();
        Double[] standing = new Double[2];
        standing[Role.FOCAL.ordinal()] = focalTarget;
        out.add(line(domain, Role.FOCAL, Move.OPENING, focalTarget, null, rng));
        Role speaker = Role.COUNTERPARTY;
        boolean asked = false;
        boolean answerDue = false;
        int counters = 0;
        while (true) {
            Role other = speaker.other();
            Double mine = standing[speaker.ordinal()];
            Double theirs = standing[other.ordinal()];
            if (answerDue) {
                answerDue = false;
                out.add(answer(domain, speaker, mine, rng));
            } else if (mine == null) {
                if (!asked && rng.nextDouble() < OPENING_QUESTION_RATE) {
                    asked = true;
                    answerDue = true;
                    out.add(line(domain, speaker, Move.QUESTION, null, null, rng));
                } else {
                    standing[speaker.ordinal()] = counterTarget;
                    out.add(line(domain, speaker, Move.OPENING, counterTarget, null, rng));
                }
            } else if (Math.abs(theirs - mine) <= tolerance || (counters >= planned && rng.nextDouble() < SETTLE_RATE)) {
                out.add(line(domain, speaker, Move.ACCEPT, theirs, null, rng));
                out.add(line(domain, other, Move.CLOSING, rng.nextBoolean() ? theirs : null, null, rng));
                return out;
            } else if (counters >= planned + PATIENCE) {
                out.add(line(domain, speaker, Move.WALK_AWAY, null, null, rng));
                return out;
            } else if (!asked && rng.nextDouble() < QUESTION_RATE) {
                asked = true;
                answerDue = true;
                out.add(line(domain, speaker, Move.QUESTION, null, null, rng));
            } else {
                double next = concede(domain, mine, theirs, 0.15 + 0.35 * rng.nextDouble());
                standing[speaker.ordinal()] = next;
                counters++;
                out.add(line(domain, speaker, Move.COUNTER_OFFER, next,
                        rng.nextDouble() < NAME_THEIRS_RATE ? theirs : null, rng));
            }
            speaker = other;
        }
    }

    /**
     * One line. {@code offer} is required for openings, offers, counter-offers and acceptances (for an
     * acceptance it is the value accepted), optional for closings, and ignored for questions and walk-aways;
     * {@code their} (optional) lets a counter-offer name the other side's value first. Values are rounded
     * as in {@link #round}.
     */
    public static GrammarLine line(Domain domain, Role role, Move move, Double offer, Double their,
                                   SplittableRandom rng) {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(move, "move");
        NeutralPhrases.Side side = NeutralPhrases.side(domain, role);
        Double value = offer == null ? null : round(domain, offer);
        boolean needsOffer = move == Move.OPENING || move == Move.OFFER || move == Move.COUNTER_OFFER
                || move == Move.ACCEPT;
        if (needsOffer && value == null) {
            throw new IllegalArgumentException(move + " needs an offer value");
        }
        StringBuilder text = new StringBuilder();
        switch (move) {
            case OPENING -> {
                String greeting = pick(NeutralPhrases.GREETINGS, rng);
                if (role == Role.FOCAL && !greeting.isEmpty() && rng.nextBoolean()) {
                    greeting = greeting.substring(0, greeting.length() - 1) + ", this is the "
                            + domain.focalRole() + ".";
                }
                append(text, greeting);
                append(text, pick(side.situations(), rng));
                append(text, pick(side.offers(), rng));
            }
            case OFFER -> {
                append(text, pick(NeutralPhrases.OFFER_LEADS, rng));
                append(text, pick(side.offers(), rng));
                maybeReason(text, side, rng);
            }
            case COUNTER_OFFER -> {
                append(text, pick(NeutralPhrases.COUNTER_LEADS, rng));
                append(text, pick(side.counters(), rng, their != null));
                maybeReason(text, side, rng);
            }
            case QUESTION -> append(text, pick(side.questions(), rng));
            case ACCEPT -> append(text, pick(side.accepts(), rng));
            case CLOSING -> append(text, pick(side.closings(), rng, value != null, "{offer}"));
            case WALK_AWAY -> append(text, pick(NeutralPhrases.WALK_AWAYS, rng));
            default -> throw new IllegalStateException(move.toString());
        }
        String words = text.toString();
        boolean states = words.contains("{offer}");
        if (states) {
            words = words.replace("{offer}", OfferFormat.render(domain, value));
        }
        if (words.contains("{their}")) {
            words = words.replace("{their}", OfferFormat.render(domain, round(domain, their)));
        }
        return new GrammarLine(domain, role, move, words, states ? value : null);
    }

    /** A value as the grammar states it: whole days, minutes to five above half an hour, bedtimes to five. */
    public static double round(Domain domain, double value) {
        return switch (domain.unit()) {
            case DAYS -> Math.max(1, Math.round(value));
            case MINUTES -> value >= 30 ? 5 * Math.round(value / 5) : Math.max(1, Math.round(value));
            // A parsed bedtime must lie between 6 PM and 6 AM; the grammar stays well inside.
            case MINUTES_PAST_9PM -> Math.max(-175, Math.min(535, 5 * Math.round(value / 5)));
        };
    }

    private static GrammarLine answer(Domain domain, Role role, Double standing, SplittableRandom rng) {
        NeutralPhrases.Side side = NeutralPhrases.side(domain, role);
        StringBuilder text = new StringBuilder();
        append(text, pick(NeutralPhrases.ANSWER_LEADS, rng));
        append(text, pick(side.reasons(), rng));
        if (standing == null) {
            return new GrammarLine(domain, role, Move.OFFER, text.toString(), null);
        }
        append(text, pick(side.offers(), rng));
        String rendered = OfferFormat.render(domain, standing);
        return new GrammarLine(domain, role, Move.OFFER, text.toString().replace("{offer}", rendered), standing);
    }

    /** Moves {@code mine} a fraction of the way to {@code theirs}, by at least one step, never past it. */
    private static double concede(Domain domain, double mine, double theirs, double fraction) {
        double next = round(domain, mine + fraction * (theirs - mine));
        double direction = Math.signum(theirs - mine);
        if (next == mine) {
            next = round(domain, mine + direction * step(domain));
        }
        if (Math.signum(theirs - next) != direction) {
            next = theirs;
        }
        return next;
    }

    private static double step(Domain domain) {
        return switch (domain.unit()) {
            case DAYS -> 1;
            case MINUTES, MINUTES_PAST_9PM -> 5;
        };
    }

    private static double randomValue(Domain domain, SplittableRandom rng) {
        return switch (domain) {
            case DEBT -> 1 + rng.nextInt(200);
            case DISASTER -> 10 + rng.nextInt(591);
            case STUDENT -> -60 + rng.nextInt(481);
            case MEDICAL -> 1 + rng.nextInt(400);
        };
    }

    private static void maybeReason(StringBuilder text, NeutralPhrases.Side side, SplittableRandom rng) {
        if (rng.nextDouble() < REASON_RATE) {
            append(text, pick(side.reasons(), rng));
        }
    }

    private static void append(StringBuilder text, String sentence) {
        if (sentence.isEmpty()) {
            return;
        }
        if (text.length() > 0) {
            text.append(' ');
        }
        text.append(sentence);
    }

    private static String pick(List<String> options, SplittableRandom rng) {
        return options.get(rng.nextInt(options.size()));
    }

    /** A counter-offer template that names {their} value, or one that does not. */
    private static String pick(List<String> options, SplittableRandom rng, boolean withTheirs) {
        return pick(options, rng, withTheirs, "{their}");
    }

    /** A template that contains {@code slot} when {@code withSlot}, else one that does not. */
    private static String pick(List<String> options, SplittableRandom rng, boolean withSlot, String slot) {
        List<String> fitting = new ArrayList<>();
        for (String o : options) {
            if (o.contains(slot) == withSlot) {
                fitting.add(o);
            }
        }
        return pick(fitting.isEmpty() ? options : fitting, rng);
    }

    private static int weighted(double[] weights, SplittableRandom rng) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double draw = rng.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            draw -= weights[i];
            if (draw < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    private static long mix(long seed, Domain domain) {
        return seed * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L * (domain.ordinal() + 1);
    }
}
